package org.rnnexplorer.ui;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.run.CopiedRun;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copy writes the explore pass's exact weights, x and h_0 and copies a script that loads that file. */
class CopyCodeActionTest {

    private final List<String> status = new ArrayList<>(), problems = new ArrayList<>();
    /** The window's status line; every text it is set to is kept in {@link #status}. */
    private final StringProperty statusLine = new SimpleStringProperty("");

    {
        statusLine.addListener((o, a, text) -> status.add(text));
    }

    private static ExplorerState stateWithH0() {
        RnnConfig config = new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0.0, true);
        ExplorerState state = new ExplorerState();
        state.editForm(new ModelState(config, new InputSpec(5, 2, false, null, true), new InputLayout(5, 2, false, false)));
        state.editWeights(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 0));
        return state;
    }

    @Test
    void theCopiedScriptLoadsTheExplorePassesWeightsInputAndH0FromTheFileItNames(@TempDir Path dir) throws IOException {
        ExplorerState state = stateWithH0();
        String code = new CopyCodeAction(state, dir, statusLine, problems::add).get();

        assertEquals(List.of(), problems);
        try (var files = Files.list(dir)) {
            Path written = files.findFirst().orElseThrow();
            assertTrue(code.contains("data = np.load(\"" + written.toAbsolutePath() + "\")"), code);
            assertTrue(status.getLast().contains(written.toAbsolutePath().toString()), status.getLast());
            Map<String, NpyArray> arrays = Npz.read(written);
            var explore = LiveRunRule.exploreSpec(state.formProperty().get(), state.weightsProperty().get(), null, null);
            Map<String, Tensor> expected = CopiedRun.arrays(explore);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(arrays.keySet()));
            // the window's random h_0 (not zeros) and the weights it shows
            assertArrayEquals(explore.task().fixed().h0().data(), arrays.get("h0").toTensor().data(), 0f);
            assertArrayEquals(state.weightsProperty().get().get("weight_hh_l1_reverse"),
                    arrays.get("weight_hh_l1_reverse").toTensor().data(), 0f);
            assertArrayEquals(explore.task().fixed().input().data(), arrays.get("x").toTensor().data(), 0f);
        }
        assertTrue(code.contains("h0 = torch.from_numpy(data[\"h0\"])"), code);
        assertTrue(code.contains("packed") || code.contains("output, h_n = rnn(x, h0)"), code);
    }

    @Test
    void theStatusLineStopsClaimingTheCopiedFileOnceTheWeightsMoveOn(@TempDir Path dir) {
        ExplorerState state = stateWithH0();
        new CopyCodeAction(state, dir, statusLine, problems::add).get();
        assertTrue(statusLine.get().startsWith("Copied the PyTorch code; it loads the window's weights"), statusLine.get());
        RnnConfig config = state.formProperty().get().config();
        state.editWeights(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1));
        assertTrue(statusLine.get().startsWith("The model, input or weights changed since Copy: "), statusLine.get());
        assertTrue(statusLine.get().endsWith(" holds the earlier ones; Copy again for these numbers."), statusLine.get());
        // Another message in the status line is left alone.
        new CopyCodeAction(state, dir, statusLine, problems::add).get();
        statusLine.set("Saved workspace.rnnx");
        state.editWeights(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 2));
        assertEquals("Saved workspace.rnnx", statusLine.get());
        assertEquals(List.of(), problems);
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsOneLineAndNothingIsCopied(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        String code = new CopyCodeAction(stateWithH0(), notADirectory, statusLine, problems::add).get();

        assertNull(code);
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("Copy could not write its data file in " + notADirectory), problems.getFirst());
        assertEquals(List.of(), status);
    }

    /** A Copy refused while the weights are re-shaped, then one that works: the refusal comes down, others stay. */
    @Test
    void aCopyThatWorksWithdrawsTheProblemAnEarlierCopyShowed(@TempDir Path dir) {
        ExplorerState state = stateWithH0();
        RnnConfig config = state.formProperty().get().config();
        List<String> withdrawn = new ArrayList<>();
        CopyCodeAction copy = new CopyCodeAction(state, dir, statusLine, problems::add, withdrawn::add);
        // The form moved on; the weights have not been re-shaped yet.
        ModelState form = state.formProperty().get();
        state.editForm(new ModelState(config.withHiddenSize(6), form.input(), form.layout()));
        assertEquals(null, copy.get());
        assertEquals(List.of("Copy: the weights do not have the form's shapes yet; try again in a moment."), problems);
        state.editWeights(Initializers.create(config.withHiddenSize(6), Initializers.Scheme.PYTORCH_DEFAULT, 0));
        assertTrue(copy.get() != null);
        assertEquals(problems, withdrawn, "the refusal is taken down");
        assertTrue(copy.get() != null);
        assertEquals(1, withdrawn.size(), "nothing else is withdrawn");
    }
}
