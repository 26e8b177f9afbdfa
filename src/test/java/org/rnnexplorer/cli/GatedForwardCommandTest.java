package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnx forward} and {@code rnnx info} on LSTM and GRU state_dicts made from PyTorch fixtures
 * (make_gated_fixtures.py): the cell is inferred, every output, gradient and trace matches PyTorch, errors are
 * PyTorch's words in one line.
 */
class GatedForwardCommandTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/gated");

    @TempDir
    Path dir;

    /** The fixture's state_dict under a module prefix beside a head, with optional metadata; returns its path. */
    private Path weights(SafetensorsFile fixture, Map<String, String> meta) throws IOException {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (var e : fixture.tensors().entrySet()) {
            if (ParameterName.parse(e.getKey()) != null) sd.put("lstm." + e.getKey(), e.getValue());
        }
        sd.put("head.weight", Tensor.zeros(2, 2));
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, sd, meta, DType.F32);
        return w;
    }

    private Path npy(SafetensorsFile fixture, String name) throws IOException {
        Path p = dir.resolve(name + ".npy");
        Npy.write(p, fixture.tensor(name));
        return p;
    }

    private static String lengths(SafetensorsFile fixture) {
        StringBuilder sb = new StringBuilder();
        for (float v : fixture.tensors().get("lengths").data()) sb.append(sb.isEmpty() ? "" : ",").append((int) v);
        return sb.toString();
    }

    private static double err(Tensor ours, Tensor torch) {
        assertArrayEquals(torch.shape(), ours.shape());
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < torch.size(); i++) {
            maxRef = Math.max(maxRef, Math.abs(torch.data()[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ours.data()[i] - torch.data()[i]));
        }
        return maxDiff / Math.max(1, maxRef);
    }

    @Test
    void anLstmWithProjectionMatchesPyTorchWithEveryOutputGradientAndTrace() throws IOException {
        SafetensorsFile f = Safetensors.read(FIXTURES.resolve("lstmp_bias_bf_bi_L2_lengths_states.safetensors"));
        Path w = weights(f, Map.of("batch_first", "True", "mode", "LSTM"));
        Path out = dir.resolve("out.safetensors"), trace = dir.resolve("trace.safetensors");
        for (String backend : new String[] {"scalar", "simd"}) {
            CliRun r = CliRun.of("forward", "--weights", w.toString(), "--input", npy(f, "input").toString(),
                    "--h0", npy(f, "h0").toString(), "--c0", npy(f, "c0").toString(), "--lengths", lengths(f),
                    "--grad-output", npy(f, "grad_output").toString(), "--grad-hn", npy(f, "grad_h_n").toString(),
                    "--grad-cn", npy(f, "grad_c_n").toString(), "--backend", backend, "--trace", trace.toString(),
                    "--out", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            SafetensorsFile res = Safetensors.read(out);
            for (String name : List.of("output", "h_n", "c_n")) assertTrue(err(res.tensor(name), f.tensor(name)) <= 1e-5, name);
            List<String> expectedKeys = new ArrayList<>(List.of("output", "h_n", "c_n", "grad_input", "grad_h0", "grad_c0"));
            for (String name : f.tensors().keySet()) {
                if (!name.startsWith("grad.")) continue;
                expectedKeys.add(name);
                assertTrue(err(res.tensor(name), f.tensor(name)) <= 1e-4, backend + " " + name);
            }
            for (String name : List.of("grad_input", "grad_h0", "grad_c0")) {
                assertTrue(err(res.tensor(name), f.tensor(name)) <= 1e-4, backend + " " + name);
            }
            assertEquals(expectedKeys, List.copyOf(res.tensors().keySet()));
            assertEquals("LSTM", res.metadata().get("mode"));
            SafetensorsFile tr = Safetensors.read(trace);
            List<String> traceKeys = new ArrayList<>();
            for (String sfx : List.of(".l0", ".l0_reverse", ".l1", ".l1_reverse")) {
                for (String n : List.of("h", "c", "gate_i", "gate_f", "gate_g", "gate_o")) {
                    traceKeys.add(n + sfx);
                    assertTrue(err(tr.tensor(n + sfx), f.tensor("trace." + n + sfx)) <= 1e-5, backend + " " + n + sfx);
                }
                for (String n : List.of("grad_h", "grad_c")) {
                    traceKeys.add(n + sfx);
                    assertTrue(err(tr.tensor(n + sfx), f.tensor("trace." + n + sfx)) <= 1e-4, backend + " " + n + sfx);
                }
            }
            assertEquals(traceKeys, List.copyOf(tr.tensors().keySet()));
            // h is H_out = proj_size wide, c and the gates H wide; all time-major (L, N, .) for batch-first input.
            assertArrayEquals(new int[] {5, 3, 2}, tr.tensor("h.l1").shape());
            assertArrayEquals(new int[] {5, 3, 4}, tr.tensor("grad_c.l1_reverse").shape());
        }
    }

    @Test
    void aGruIsInferredAndAnLstmTakesH0WithoutC0() throws IOException {
        SafetensorsFile gru = Safetensors.read(FIXTURES.resolve("gru_bias_tf_bi_L2_lengths_states.safetensors"));
        Path out = dir.resolve("gru.safetensors");
        CliRun r = CliRun.of("forward", "--weights", weights(gru, Map.of()).toString(), "--input",
                npy(gru, "input").toString(), "--h0", npy(gru, "h0").toString(), "--lengths", lengths(gru),
                "--grad-output", npy(gru, "grad_output").toString(), "--grad-hn", npy(gru, "grad_h_n").toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SafetensorsFile res = Safetensors.read(out);
        assertTrue(err(res.tensor("output"), gru.tensor("output")) <= 1e-5);
        assertTrue(err(res.tensor("grad_h0"), gru.tensor("grad_h0")) <= 1e-4);
        assertFalse(res.tensors().containsKey("c_n"));

        SafetensorsFile lstm = Safetensors.read(FIXTURES.resolve("lstm_bias_tf_bi_L1_h0only.safetensors"));
        Path out2 = dir.resolve("lstm.safetensors");
        r = CliRun.of("forward", "--weights", weights(lstm, Map.of()).toString(), "--input", npy(lstm, "input").toString(),
                "--h0", npy(lstm, "h0").toString(), "--grad-output", npy(lstm, "grad_output").toString(),
                "--grad-hn", npy(lstm, "grad_h_n").toString(), "--grad-cn", npy(lstm, "grad_c_n").toString(),
                "--out", out2.toString());
        assertEquals(0, r.exitCode(), r.err());
        res = Safetensors.read(out2);
        assertTrue(err(res.tensor("c_n"), lstm.tensor("c_n")) <= 1e-5);
        assertTrue(err(res.tensor("grad_h0"), lstm.tensor("grad_h0")) <= 1e-4);
        assertFalse(res.tensors().containsKey("grad_c0"), "no --c0, no grad_c0");
    }

    @Test
    void errorsAreOneLineInPyTorchsWords() throws IOException {
        SafetensorsFile f = Safetensors.read(FIXTURES.resolve("lstmp_bias_tf_bi_L2_states.safetensors"));
        Path w = weights(f, Map.of());
        Path out = dir.resolve("out.safetensors");
        Path badC0 = dir.resolve("c0bad.npy");
        Npy.write(badC0, Tensor.zeros(4, 3, 2));
        CliRun r = CliRun.of("forward", "--weights", w.toString(), "--input", npy(f, "input").toString(),
                "--c0", badC0.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + badC0 + ": Expected hidden[1] size (4, 3, 4), got [4, 3, 2]", r.errLine());
        assertFalse(Files.exists(out));

        Path badH0 = dir.resolve("h0bad.npy");
        Npy.write(badH0, Tensor.zeros(4, 3));
        r = CliRun.of("forward", "--weights", w.toString(), "--input", npy(f, "input").toString(),
                "--h0", badH0.toString(), "--out", out.toString());
        assertEquals("rnnx: " + badH0 + ": For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors",
                r.errLine());

        Path declaredGru = dir.resolve("declared.safetensors");
        Files.move(weights(f, Map.of("mode", "GRU")), declaredGru);
        r = CliRun.of("forward", "--weights", declaredGru.toString(), "--input", npy(f, "input").toString(),
                "--out", out.toString());
        assertEquals(1, r.exitCode());
        // The metadata rule has one home (WeightsMetadata): a declared mode must name the cell the tensors hold.
        assertTrue(r.errLine().endsWith("declared.safetensors: __metadata__ mode is GRU but the tensors are those of a "
                + "bidirectional 2-layer LSTM with bias and proj_size 2"), r.err());

        weights(f, Map.of());
        r = CliRun.of("forward", "--weights", w.toString(), "--nonlinearity", "relu", "--input",
                npy(f, "input").toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().endsWith("--nonlinearity applies to nn.RNN only; this state_dict holds "
                + "LSTM(3, 4, proj_size=2, num_layers=2, bidirectional=True), which takes no nonlinearity"), r.err());

        SafetensorsFile gru = Safetensors.read(FIXTURES.resolve("gru_bias_tf_bi_L2_lengths_states.safetensors"));
        r = CliRun.of("forward", "--weights", weights(gru, Map.of()).toString(), "--input", npy(gru, "input").toString(),
                "--c0", npy(f, "c0").toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().endsWith("--c0 is for an LSTM's cell state; this state_dict holds "
                + "GRU(3, 4, num_layers=2, bidirectional=True), which has none"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void infoPrintsPyTorchsRepr() throws IOException {
        SafetensorsFile f = Safetensors.read(FIXTURES.resolve("lstmp_bias_tf_bi_L2_states.safetensors"));
        CliRun r = CliRun.of("info", "--weights", weights(f, Map.of()).toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("module:        LSTM(3, 4, proj_size=2, num_layers=2, bidirectional=True)\n"), r.out());
        assertTrue(r.out().contains("  lstm.weight_hr_l1_reverse"), r.out());
        assertTrue(r.out().contains("  lstm = nn.LSTM(input_size=3, hidden_size=4, num_layers=2, bias=True, "
                + "batch_first=False, dropout=0.0, bidirectional=True, proj_size=2)"), r.out());
        assertFalse(r.out().contains("nonlinearity:"));
    }
}
