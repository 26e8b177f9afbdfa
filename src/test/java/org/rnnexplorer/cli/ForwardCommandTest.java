package org.rnnexplorer.cli;

import org.junit.jupiter.api.BeforeEach;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnx forward} end to end on files made from a PyTorch fixture: a bidirectional 3-layer batch-first RNN
 * with h0 and variable lengths, stored under a module prefix beside a readout head.
 */
class ForwardCommandTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/engine/tanh_bias_bf_bi_L3_lengths_h0.safetensors");

    @TempDir
    Path dir;
    SafetensorsFile fixture;
    Path weights, input, h0, gy, ghn;

    @BeforeEach
    void writeInputs() throws IOException {
        fixture = Safetensors.read(FIXTURE);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (var e : fixture.tensors().entrySet()) {
            if (ParameterName.parse(e.getKey()) != null) sd.put("rnn." + e.getKey(), e.getValue());
        }
        sd.put("head.weight", Tensor.zeros(2, 8));
        weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, sd, Map.of("batch_first", "True"), DType.F32);
        input = dir.resolve("x.npy");
        Npy.write(input, fixture.tensor("input"));
        h0 = dir.resolve("h0.npy");
        Npy.write(h0, fixture.tensor("h0"));
        gy = dir.resolve("gy.npy");
        Npy.write(gy, fixture.tensor("grad_output"));
        ghn = dir.resolve("ghn.npy");
        Npy.write(ghn, fixture.tensor("grad_h_n"));
    }

    private String lengths() {
        float[] l = fixture.tensors().get("lengths").data();
        StringBuilder sb = new StringBuilder();
        for (float v : l) sb.append(sb.isEmpty() ? "" : ",").append((int) v);
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
    void forwardAndBackwardMatchPyTorchAndTracesHaveEveryLayerAndDirection() throws IOException {
        Path out = dir.resolve("out.safetensors");
        Path trace = dir.resolve("trace.safetensors");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--h0", h0.toString(),
                "--lengths", lengths(), "--grad-output", gy.toString(), "--grad-hn", ghn.toString(),
                "--backend", "scalar", "--trace", trace.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SafetensorsFile res = Safetensors.read(out);
        assertTrue(err(res.tensor("output"), fixture.tensor("output")) <= 1e-5);
        assertTrue(err(res.tensor("h_n"), fixture.tensor("h_n")) <= 1e-5);
        assertTrue(err(res.tensor("grad_input"), fixture.tensor("grad_input")) <= 1e-4);
        assertTrue(err(res.tensor("grad_h0"), fixture.tensor("grad_h0")) <= 1e-4);
        for (String name : fixture.tensors().keySet()) {
            if (name.startsWith("grad.")) assertTrue(err(res.tensor(name), fixture.tensor(name)) <= 1e-4, name);
        }
        SafetensorsFile tr = Safetensors.read(trace);
        assertEquals(List.of("h.l0", "a.l0", "grad_h.l0", "h.l0_reverse", "a.l0_reverse", "grad_h.l0_reverse",
                "h.l1", "a.l1", "grad_h.l1", "h.l1_reverse", "a.l1_reverse", "grad_h.l1_reverse",
                "h.l2", "a.l2", "grad_h.l2", "h.l2_reverse", "a.l2_reverse", "grad_h.l2_reverse"),
                List.copyOf(tr.tensors().keySet()));
        // Trace is time-major (L, N, H) even for batch-first input; the last layer's states are the output's halves.
        Tensor hRev = tr.tensor("h.l2_reverse");
        assertArrayEquals(new int[] {5, 3, 4}, hRev.shape());
        Tensor output = res.tensor("output"); // (N, L, 2H)
        for (int t = 0; t < 5; t++) {
            for (int n = 0; n < 3; n++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(output.data()[(n * 5 + t) * 8 + 4 + j], hRev.data()[(t * 3 + n) * 4 + j]);
                }
            }
        }
    }

    @Test
    void withoutUpstreamGradientsOnlyOutputAndHnAreWritten() throws IOException {
        Path out = dir.resolve("o.safetensors");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(),
                "--h0", h0.toString(), "--lengths", lengths(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("output", "h_n"), List.copyOf(Safetensors.read(out).tensors().keySet()));
    }

    @Test
    void aWrongFeatureSizePrintsPyTorchsMessageNamingTheFileAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.npy");
        Npy.write(bad, Tensor.zeros(3, 5, 4));
        Path out = dir.resolve("out.safetensors");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", bad.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + bad + ": input.size(-1) must be equal to input_size. Expected 3, got 4", r.errLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void aWrongH0ShapePrintsPyTorchsMessage() throws IOException {
        Path bad = dir.resolve("h0bad.npy");
        Npy.write(bad, Tensor.zeros(6, 2, 4));
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--h0", bad.toString(),
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + bad + ": Expected hidden size (6, 3, 4), got [6, 2, 4]", r.errLine());
        Path flat = dir.resolve("h0flat.npy");
        Npy.write(flat, Tensor.zeros(6, 4));
        CliRun rank = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--h0",
                flat.toString(), "--out", dir.resolve("o.safetensors").toString());
        assertEquals("rnnx: " + flat + ": For batched 3-D input, hx should also be 3-D but got 2-D tensor", rank.errLine(),
                "the h0 file is named from the error's argument, whatever the message says");
    }

    @Test
    void lengthsThatDoNotFitAreRejected() {
        String[] base = {"forward", "--weights", weights.toString(), "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString(), "--lengths"};
        CliRun zero = CliRun.of(concat(base, "5,0,2"));
        assertEquals(1, zero.exitCode());
        assertEquals("rnnx: --lengths: Length of all samples has to be greater than 0, but found an element in 'lengths' "
                + "that is <= 0", zero.errLine());
        CliRun tooLong = CliRun.of(concat(base, "5,6,2"));
        assertEquals("rnnx: --lengths: Expected total_length to be at least the length of the longest sequence in input, "
                + "but got total_length=5 and max sequence length being 6", tooLong.errLine());
        CliRun count = CliRun.of(concat(base, "5,2"));
        assertEquals("rnnx: --lengths: Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)",
                count.errLine());
    }

    @Test
    void lengthsWithUnbatchedInputAreAnError() throws IOException {
        Path x2 = dir.resolve("x2.npy");
        Npy.write(x2, Tensor.zeros(5, 3));
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", x2.toString(), "--lengths", "5",
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: --lengths: lengths apply to batched input only; unbatched 2-D input is one sequence", r.errLine());
    }

    @Test
    void truncatedMissingAndNonFiniteWeightFilesAreNamed() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        Path truncated = dir.resolve("trunc.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length - 10));
        CliRun r1 = CliRun.of("forward", "--weights", truncated.toString(), "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString());
        assertEquals(1, r1.exitCode());
        assertTrue(r1.errLine().startsWith("rnnx: " + truncated + ": truncated"), r1.err());

        Path missing = dir.resolve("nope.safetensors");
        CliRun r2 = CliRun.of("info", "--weights", missing.toString());
        assertEquals(1, r2.exitCode());
        assertEquals("rnnx: " + missing + ": no such file", r2.errLine());

        Map<String, Tensor> sd = new LinkedHashMap<>(Safetensors.read(weights).tensors());
        sd.get("rnn.weight_hh_l0").data()[3] = Float.NaN;
        Path nan = dir.resolve("nan.safetensors");
        Safetensors.write(nan, sd, Map.of(), DType.F32);
        CliRun r3 = CliRun.of("forward", "--weights", nan.toString(), "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString()); // info reads headers only: the values are forward's
        assertEquals(1, r3.exitCode());
        assertEquals("rnnx: " + nan + ": rnn.weight_hh_l0 holds a non-finite value (NaN) at flat index 3", r3.errLine());
    }

    @Test
    void malformedInputFileAndBadOptionsGiveOneLine() throws IOException {
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "not numpy");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", junk.toString(), "--out",
                dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().startsWith("rnnx: " + junk + ": "), r.err());
        CliRun bad = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString(), "--nonlinearity", "sigmoid");
        assertEquals(1, bad.exitCode());
        assertEquals("rnnx: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.", bad.errLine());
        CliRun unknownBackend = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString(), "--backend", "tpu");
        assertEquals(1, unknownBackend.exitCode());
        assertEquals("rnnx: unknown backend 'tpu' (expected scalar, simd, cuda or auto)", unknownBackend.errLine());
    }

    @Test
    void infoShowsTheInferredModelAndTheConstructor() {
        CliRun r = CliRun.of("info", "--weights", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*rnn\\.weight_ih_l1_reverse\\s+\\(4, 8\\)")), r.out());
        assertTrue(r.out().contains("nn.RNN(input_size=3, hidden_size=4, num_layers=3, nonlinearity='tanh', bias=True, "
                + "batch_first=True, dropout=0.0, bidirectional=True)"), r.out());
        assertTrue(r.out().contains("head.weight"), r.out());
    }

    @Test
    void backendsListsEveryBackendAndExitsZero() {
        CliRun r = CliRun.of("backends");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("scalar available"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cuda unavailable: ") || l.equals("cuda available")), r.out());
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
