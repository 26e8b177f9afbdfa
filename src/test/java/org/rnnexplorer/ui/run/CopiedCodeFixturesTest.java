package org.rnnexplorer.ui.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's numbers against PyTorch's on the window's own data. For ten forms (RNN, LSTM with and without
 * proj_size, GRU; layers, bidirectional, batch_first, lengths, h_0, unbatched, no bias) src/test/resources/copied-code holds what Copy writes (NAME.npz, the weights
 * "PyTorch default, seed 0", x and h_0 of the explore run) and the script it copies (NAME.py, loading NAME.npz), and
 * NAME.torch.npz: output and h_n (and an LSTM's c_n) of that script run in PyTorch 1.13.1 by src/test/python/make_copied_code_fixtures.py.
 * Regenerate the inputs with {@link #main} (argument: that directory), then run the Python script.
 */
class CopiedCodeFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/copied-code");

    record Case(String name, ModelState form) {
        RunSpec exploreSpec() {
            return ExploreSpecs.explore(form, Initializers.create(form.config(), Initializers.Scheme.PYTORCH_DEFAULT, 0),
                    null, 0, "scalar");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                form("one_layer_h0", 3, 4, 1, Nonlinearity.TANH, false, false, 5, 2, false, null, true),
                form("two_layers_relu_zero_h0", 3, 4, 2, Nonlinearity.RELU, false, false, 5, 2, false, null, false),
                form("bidirectional_batch_first_h0", 2, 3, 1, Nonlinearity.TANH, true, true, 4, 3, false, null, true),
                form("two_layers_bidirectional_lengths_h0", 3, 4, 2, Nonlinearity.TANH, false, true, 5, 3, false,
                        new int[] {5, 2, 4}, true),
                form("batch_first_lengths_zero_h0", 2, 3, 1, Nonlinearity.TANH, true, false, 4, 2, false,
                        new int[] {2, 4}, false),
                form("unbatched_two_layers_bidirectional_h0", 3, 2, 2, Nonlinearity.TANH, false, true, 6, 1, true, null, true),
                gated("lstm_proj_two_layers_bidirectional_batch_first_h0",
                        new RnnConfig(CellMode.LSTM, 3, 5, 2, true, true, 0.0, true, 2), 4, 3, false, null, true),
                gated("lstm_lengths_zero_h0", new RnnConfig(CellMode.LSTM, 2, 4, 1, true, false, 0.0, false, 0), 5, 3,
                        false, new int[] {5, 2, 4}, false),
                gated("gru_two_layers_bidirectional_lengths_h0",
                        new RnnConfig(CellMode.GRU, 3, 4, 2, true, false, 0.0, true, 0), 5, 3, false, new int[] {5, 2, 4}, true),
                gated("gru_unbatched_no_bias_h0", new RnnConfig(CellMode.GRU, 2, 3, 1, false, false, 0.0, false, 0), 6, 1,
                        true, null, true));
    }

    private static Case gated(String name, RnnConfig config, int steps, int batch, boolean unbatched, int[] lengths,
                              boolean h0) {
        InputSpec input = new InputSpec(steps, batch, unbatched, lengths, h0);
        return new Case(name, new ModelState(config, input, new InputLayout(steps, batch, unbatched, config.batchFirst())));
    }

    private static Case form(String name, int in, int hidden, int layers, Nonlinearity f, boolean batchFirst,
                             boolean bidirectional, int steps, int batch, boolean unbatched, int[] lengths, boolean h0) {
        RnnConfig config = new RnnConfig(in, hidden, layers, f, true, batchFirst, 0.0, bidirectional);
        InputSpec input = new InputSpec(steps, batch, unbatched, lengths, h0);
        return new Case(name, new ModelState(config, input, new InputLayout(steps, batch, unbatched, batchFirst)));
    }

    /** Writes NAME.npz and NAME.py of every case into the directory given (src/test/resources/copied-code). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (Case c : cases()) {
            Npz.write(dir.resolve(c.name + ".npz"), CopiedRun.arrays(c.exploreSpec()));
            Files.writeString(dir.resolve(c.name + ".py"), TorchCode.of(c.form, c.name + ".npz"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommittedScriptAndDataAreWhatTheWindowCopiesNow(Case c) throws IOException {
        assertEquals(Files.readString(FIXTURES.resolve(c.name + ".py"), StandardCharsets.UTF_8),
                TorchCode.of(c.form, c.name + ".npz"), "the script PyTorch ran is not the one Copy writes now");
        Map<String, NpyArray> committed = Npz.read(FIXTURES.resolve(c.name + ".npz"));
        Map<String, Tensor> now = CopiedRun.arrays(c.exploreSpec());
        assertEquals(List.copyOf(now.keySet()), List.copyOf(committed.keySet()));
        for (Map.Entry<String, Tensor> a : now.entrySet()) {
            Tensor was = committed.get(a.getKey()).toTensor();
            assertArrayEquals(a.getValue().shape(), was.shape(), a.getKey());
            assertArrayEquals(a.getValue().data(), was.data(), 0f, a.getKey() + " differs bit for bit");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWindowsExplorePassGivesPyTorchsOutputAndHn(Case c) throws IOException {
        Map<String, NpyArray> torch = Npz.read(FIXTURES.resolve(c.name + ".torch.npz"));
        RunSpec spec = c.exploreSpec();
        TaskSpec.FixedBatch batch = spec.task().fixed();
        for (String backend : List.of("scalar", "simd")) {
            try (Rnn rnn = new Rnn(spec.initialModel().orElseThrow().rnn().copy(), Backends.select(backend))) {
                RnnOutput out = rnn.forward(batch.input(), batch.h0(), batch.lengths(), ForwardOptions.inference());
                assertClose(torch.get("output").toTensor(), out.output(), backend + " output");
                assertClose(torch.get("h_n").toTensor(), out.finalHidden(), backend + " h_n");
                if (c.form.config().mode() == CellMode.LSTM) {
                    assertClose(torch.get("c_n").toTensor(), out.finalCell(), backend + " c_n");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theHiddenStatesTheServiceTracesForTheWindowAreTheLastLayersOutputInPyTorch(Case c) throws Exception {
        Tensor output = Npz.read(FIXTURES.resolve(c.name + ".torch.npz")).get("output").toTensor();
        RnnConfig config = c.form.config();
        InputLayout layout = c.form.layout();
        int steps = layout.steps(), n = layout.batch(), dirs = config.bidirectional() ? 2 : 1;
        int h = config.outputHiddenSize(); // h_t is P wide for an LSTM with a projection, as PyTorch's output
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(c.exploreSpec()).get(60, TimeUnit.SECONDS);
            TraceSnapshot trace = s.trace();
            int b = trace.batchIndex();
            assertEquals(layout.unbatched() ? steps : c.form.input().hasLengths() ? c.form.input().lengths()[b] : steps,
                    trace.length(), "the followed sequence's valid steps");
            for (int d = 0; d < dirs; d++) {
                float[] hidden = trace.direction(config.numLayers() - 1, d).hidden();
                for (int t = 0; t < trace.length(); t++) {
                    for (int u = 0; u < h; u++) {
                        int row = layout.unbatched() ? t : layout.batchFirst() ? b * steps + t : t * n + b;
                        float torch = output.data()[(row * dirs + d) * h + u];
                        float window = hidden[t * h + u];
                        assertTrue(Math.abs(torch - window) <= 1e-5,
                                "direction " + d + ", t " + t + ", unit " + u + ": PyTorch " + torch + ", window " + window);
                    }
                }
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.data(), a = actual.data();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= 1e-5, what + "[" + i + "]: PyTorch " + e[i] + ", window " + a[i]);
        }
    }
}
