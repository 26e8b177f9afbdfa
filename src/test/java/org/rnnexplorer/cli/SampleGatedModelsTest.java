package org.rnnexplorer.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;
import org.rnnexplorer.engine.backend.simd.SimdBackend;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.WeightsFile;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.ModelStateDict;
import org.rnnexplorer.train.Readout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LSTM and GRU of sample-data/, trained by PyTorch 1.13.1 on the adding problem
 * (src/test/python/make_gated_sample_weights.py): {@code rnnx forward} and the engine on scalar and simd give
 * PyTorch's output, h_n and c_n for a small input from a given h_0 and c_0 (src/test/resources/samples/*-check.npz,
 * PyTorch's numbers), and the head reads PyTorch's prediction from the last step; the files say their cell.
 */
class SampleGatedModelsTest {
    private static final Path SAMPLES = Path.of("sample-data");
    private static final Path CHECKS = Path.of("src/test/resources/samples");
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lstm-adding-t100, scalar, LSTM", "lstm-adding-t100, simd, LSTM", "gru-adding-t100, scalar, GRU",
            "gru-adding-t100, simd, GRU"})
    void rnnxForwardGivesPyTorchsOutput(String name, String backend, String mode) throws IOException {
        Path weights = SAMPLES.resolve(name + ".safetensors");
        String check = CHECKS.resolve(name + "-check.npz").toString();
        Map<String, NpyArray> torch = Npz.read(Path.of(check));
        boolean lstm = mode.equals("LSTM");
        Path out = dir.resolve("out.safetensors");
        CliRun r = lstm
                ? CliRun.of("forward", "--weights", weights.toString(), "--input", check + ":input", "--h0", check + ":h0",
                        "--c0", check + ":c0", "--backend", backend, "--out", out.toString())
                : CliRun.of("forward", "--weights", weights.toString(), "--input", check + ":input", "--h0", check + ":h0",
                        "--backend", backend, "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Tensor> ours = Safetensors.read(out).tensors();
        for (String key : lstm ? new String[] {"output", "h_n", "c_n"} : new String[] {"output", "h_n"}) {
            assertClose(torch.get(key).toTensor(), ours.get(key), name + " " + backend + " " + key);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lstm-adding-t100, LSTM", "gru-adding-t100, GRU"})
    void theEngineAndTheHeadGivePyTorchsPrediction(String name, String mode) throws IOException {
        WeightsFile w = WeightsFile.read(SAMPLES.resolve(name + ".safetensors"), null, null, null);
        assertEquals(mode, w.loaded().config().mode().torchName());
        assertEquals(mode, w.contents().metadata().get("mode"), "the cell recorded as __metadata__ mode");
        assertEquals(32, w.loaded().config().hiddenSize());
        Model model = ModelStateDict.load(w.contents().tensors(), w.loaded().config(), Readout.LAST);
        Map<String, NpyArray> torch = Npz.read(CHECKS.resolve(name + "-check.npz"));
        Tensor x = torch.get("input").toTensor();
        Tensor c0 = torch.containsKey("c0") ? torch.get("c0").toTensor() : null;
        for (var backend : new org.rnnexplorer.engine.Backend[] {new ScalarBackend(), new SimdBackend()}) {
            try (Rnn rnn = new Rnn(model.rnn(), backend)) {
                RnnOutput o = rnn.forward(x, torch.get("h0").toTensor(), c0, null, ForwardOptions.inference());
                assertClose(torch.get("output").toTensor(), o.output(), name + " " + backend.name() + " output");
                // The head reads output[-1]: (N, H) → (N, 1).
                int steps = x.dim(0), n = x.dim(1), h = 32;
                float[] last = new float[n * h];
                System.arraycopy(o.output().data(), (steps - 1) * n * h, last, 0, n * h);
                Tensor prediction = new Tensor(new int[] {n, 1}, model.head().forward(last));
                assertClose(torch.get("prediction").toTensor(), prediction, name + " " + backend.name() + " prediction");
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shapeString(), actual.shapeString(), what + " shape");
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.data().length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected.data()[i]));
            maxDiff = Math.max(maxDiff, Math.abs((double) expected.data()[i] - actual.data()[i]));
        }
        double err = maxDiff / Math.max(1, maxRef);
        assertTrue(err <= TOLERANCE, what + ": error " + err);
    }
}
