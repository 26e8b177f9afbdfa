package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.SampleDirectory;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileOpenerTest {

    @TempDir
    Path dir;

    final MainWindowViewModel window = new MainWindowViewModel(List.of(new BackendOption("scalar", true, "")), "scalar");
    final PaneViewModels panes = new PaneViewModels(Runnable::run, Runnable::run, new SafetensorsWeightsFiles(), "scalar")
            .installRequestRules();
    final ModelViewModel model = panes.model;
    final WeightsViewModel weights = panes.weights;
    final TrainingViewModel training = panes.training;
    final DataViewModel data = panes.data;
    final WorkspaceViewModel workspace = new WorkspaceViewModel(Runnable::run, Runnable::run, window, panes.state, training);
    final FileOpener opener = new FileOpener(Runnable::run, Runnable::run, window, panes.state, workspace);

    FileOpenerTest() {
        panes.state.selectedPaneProperty().bindBidirectional(window.selectedPaneProperty()); // as the window does
    }

    @AfterEach
    void close() {
        panes.close();
    }

    @Test
    void standardisingGivesEachColumnMeanZeroAndUnitDeviation() {
        float[] z = SampleData.standardise(new Tensor(new int[] {3, 2}, new float[] {1, 5, 2, 5, 3, 5}));
        float s = (float) Math.sqrt(1.5); // (x − 2) / sqrt(2/3) for x = 1, 2, 3
        assertArrayEquals(new float[] {-s, 0, 0, 0, s, 0}, z, 1e-6f);
    }

    @Test
    void theSampleFolderListsItsFilesWithoutItsReadme() throws IOException {
        Files.writeString(dir.resolve("README.md"), "about the samples");
        Files.writeString(dir.resolve("b.csv"), "x\n1\n");
        Files.writeString(dir.resolve("a.txt"), "abc");
        Files.writeString(dir.resolve(".hidden"), "");
        assertEquals(List.of(dir.resolve("a.txt"), dir.resolve("b.csv")), SampleData.list(dir));
        assertEquals(List.of(), SampleData.list(dir.resolve("absent")));
        String before = System.getProperty(SampleDirectory.PROPERTY);
        try {
            System.setProperty(SampleDirectory.PROPERTY, dir.toString());
            assertEquals(dir.toAbsolutePath().normalize(), SampleDirectory.path());
        } finally {
            if (before == null) System.clearProperty(SampleDirectory.PROPERTY);
            else System.setProperty(SampleDirectory.PROPERTY, before);
        }
    }

    @Test
    void filesOpenByTheirKind() throws IOException {
        opener.open(Path.of("sample-data/us-births-1994-2003.csv"));
        assertEquals("series", training.taskProperty().get());
        assertEquals(PaneId.TRAINING, window.selectedPaneProperty().get());
        RunSpec spec = training.buildSpec();
        assertEquals(2, spec.task().features());
        float[] births = spec.task().series();
        double mean = 0;
        for (int i = 1; i < births.length; i += 2) mean += births[i];
        assertEquals(0, mean / (births.length / 2), 1e-4, "the births column is standardised");

        opener.open(Path.of("sample-data/moby-dick-ch1-3.txt"));
        assertEquals("text", training.taskProperty().get());
        assertTrue(training.buildSpec().task().text().startsWith("CHAPTER 1. Loomings."));

        opener.open(Path.of("sample-data/irnn-adding-t50.safetensors"));
        assertEquals("irnn-adding-t50.safetensors", weights.sourceProperty().get());
        assertEquals(PaneId.WEIGHTS, window.selectedPaneProperty().get());

        Path notes = dir.resolve("notes.docx");
        Files.writeString(notes, "?");
        opener.open(notes);
        assertEquals("notes.docx: not a file RNN Explorer opens (.safetensors, .pt, .pth, .rnnx, .txt, .csv, .npy, .npz)",
                opener.messageProperty().get());
        Path latin1 = dir.resolve("old.txt");
        Files.write(latin1, new byte[] {(byte) 0xE9, 'a'});
        opener.open(latin1);
        assertEquals("old.txt: is not UTF-8 text", opener.messageProperty().get());
    }

    @Test
    void aCsvThatCannotBeReadIsNamedByItsFileNameNotItsPath() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        opener.open(empty);
        assertEquals("empty.csv: file is empty; expected a header row of column names", opener.messageProperty().get());
    }

    @Test
    void torchSaveFilesOpenAsWeightsAndHostileOnesAreRefusedInTheBanner() throws IOException {
        // module_rnn_head.pt: torch.save(module.state_dict()) by Debian's PyTorch, its values also in the npz twin.
        Path fixtures = Path.of("src/test/resources/io/torchsave");
        opener.open(fixtures.resolve("module_rnn_head.pt"));
        assertEquals("", weights.messageProperty().get());
        assertEquals("module_rnn_head.pt", weights.sourceProperty().get());
        assertEquals(PaneId.WEIGHTS, window.selectedPaneProperty().get());
        RnnParameters p = weights.parametersProperty().get();
        assertEquals(5, p.config().hiddenSize());
        assertTrue(p.config().bidirectional());
        var twin = org.rnnexplorer.io.Npz.read(fixtures.resolve("module_rnn_head.npz"));
        for (String name : List.of("weight_ih_l0", "weight_hh_l0_reverse", "bias_hh_l0")) {
            assertArrayEquals(twin.get("rnn." + name).toFloat(), p.get(name), name);
        }

        RnnParameters before = weights.parametersProperty().get();
        opener.open(fixtures.resolve("refuse_os_system.pt"));
        assertEquals("refuse_os_system.pt: refuse_os_system/data.pkl: refusing to load: the pickle names os.system",
                weights.messageProperty().get());
        assertSame(before, weights.parametersProperty().get(), "the weights stay as they were");
        opener.open(fixtures.resolve("refuse_pickled_model.pt"));
        assertEquals("refuse_pickled_model.pt: refuse_pickled_model/data.pkl: this file holds a pickled model, not a "
                + "state_dict; save model.state_dict()", weights.messageProperty().get());
    }
}
