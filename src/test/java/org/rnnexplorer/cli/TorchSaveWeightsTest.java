package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --weights m.pt}: the forward pass on a torch.save file equals the forward pass on the same weights as
 * safetensors, written here from the fixture's numpy twin (make_torchsave_fixtures.py); refusals are one line.
 */
class TorchSaveWeightsTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/torchsave");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rnn_plain, tanh, 3", "module_rnn_head, relu, 3", "rnn_noncontiguous_shared, tanh, 2", "rnn_float64, tanh, 3"})
    void forwardOnATorchSaveFileEqualsForwardOnItsSafetensorsTwin(String name, String nonlinearity, int inputSize)
            throws IOException {
        Map<String, Tensor> twin = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : Npz.read(FIXTURES.resolve(name + ".npz")).entrySet()) {
            twin.put(e.getKey(), new Tensor(e.getValue().shape(), e.getValue().toFloat()));
        }
        Path safetensors = dir.resolve(name + ".safetensors");
        Safetensors.write(safetensors, twin, Map.of(), DType.F32);
        float[] x = new float[5 * 2 * inputSize];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.7 * i + 0.3);
        Path input = dir.resolve("x.npy");
        Npy.write(input, Tensor.of(x, 5, 2, inputSize));

        Path fromPt = dir.resolve("from_pt.safetensors");
        Path fromTwin = dir.resolve("from_twin.safetensors");
        CliRun pt = CliRun.of("forward", "--weights", FIXTURES.resolve(name + ".pt").toString(), "--input", input.toString(),
                "--nonlinearity", nonlinearity, "--backend", "scalar", "--out", fromPt.toString());
        assertEquals(0, pt.exitCode(), pt.err());
        CliRun st = CliRun.of("forward", "--weights", safetensors.toString(), "--input", input.toString(),
                "--nonlinearity", nonlinearity, "--backend", "scalar", "--out", fromTwin.toString());
        assertEquals(0, st.exitCode(), st.err());

        SafetensorsFile a = Safetensors.read(fromPt);
        SafetensorsFile b = Safetensors.read(fromTwin);
        for (String key : new String[] {"output", "h_n"}) {
            assertArrayEquals(b.tensor(key).shape(), a.tensor(key).shape(), key);
            assertArrayEquals(b.tensor(key).data(), a.tensor(key).data(), key);
        }
        assertFalse(allZero(a.tensor("output").data()), "a forward pass that computes nothing proves nothing");
    }

    private static boolean allZero(float[] v) {
        for (float x : v) if (x != 0) return false;
        return true;
    }

    @Test
    void infoDescribesTheRnnInATorchSaveFile() {
        CliRun r = CliRun.of("info", "--weights", FIXTURES.resolve("module_rnn_head.pt").toString());
        assertEquals(0, r.exitCode(), r.err());
        // module_rnn_head.pt: self.rnn = nn.RNN(3, 5, bidirectional=True), self.head = nn.Linear(10, 2).
        for (String line : new String[] {"input_size:    3", "hidden_size:   5", "num_layers:    1", "bidirectional: True",
                "prefix:        rnn."}) {
            assertTrue(r.out().lines().anyMatch(l -> l.equals(line)), line + " in\n" + r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("head.weight") && l.trim().endsWith("[2, 10]")), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "refuse_os_system.pt|refuse_os_system/data.pkl: refusing to load: the pickle names os.system",
            "refuse_pickled_model.pt|refuse_pickled_model/data.pkl: this file holds a pickled model, not a state_dict; save model.state_dict()",
            "refuse_legacy.pt|saved by PyTorch before 1.6 or with _use_new_zipfile_serialization=False; load it in PyTorch and save it again with torch.save(state_dict, f)"})
    void hostileFilesAreRefusedInOneLineAndNothingIsWritten(String file, String message) {
        Path weights = FIXTURES.resolve(file);
        Path out = dir.resolve("out.safetensors");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", "unused.npy", "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + weights + ": " + message, r.errLine());
        assertFalse(Files.exists(out));
    }
}
