package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnx train}'s task form for LSTM and GRU ({@code --mode}, {@code --proj-size}): the shapes and the
 * {@code mode} metadata of what it writes (PyTorch's state_dict of nn.LSTM/nn.GRU), PyTorch's default
 * initialisation, orthogonal gate blocks with {@code --init orthogonal}, learning the adding problem, and the
 * one-line refusals of the flags defined for nn.RNN only. Initial weights are read back from a run with lr = 0,
 * whose one SGD step changes nothing.
 */
class GatedTrainCommandTest {
    @TempDir
    Path dir;

    /** The initial weights of a task-form run: one SGD step with lr = 0 leaves them as initialised. */
    private SafetensorsFile initialWeights(String... flags) throws IOException {
        Path out = dir.resolve("init.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", "adding", "--seq-len", "5", "--batch-size", "2",
                "--optimizer", "sgd", "--lr", "0", "--steps", "1", "--backend", "scalar", "--out", out.toString(),
                "--quiet"));
        args.addAll(List.of(flags));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return Safetensors.read(out);
    }

    @Test
    void anLstmWithProjectionHasPyTorchsShapesItsModeAndTheDefaultInitialisation() throws IOException {
        SafetensorsFile w = initialWeights("--mode", "lstm", "--hidden-size", "8", "--proj-size", "3", "--num-layers",
                "2", "--bidirectional");
        assertEquals("LSTM", w.metadata().get("mode"));
        assertFalse(w.metadata().containsKey("nonlinearity"), "an LSTM has no nonlinearity");
        // nn.LSTM(2, 8, proj_size=3, num_layers=2, bidirectional=True).state_dict() shapes.
        Map<String, int[]> expected = Map.of("rnn.weight_ih_l0", new int[] {32, 2}, "rnn.weight_hh_l0", new int[] {32, 3},
                "rnn.bias_ih_l0", new int[] {32}, "rnn.weight_hr_l0", new int[] {3, 8},
                "rnn.weight_ih_l1_reverse", new int[] {32, 6}, "rnn.weight_hr_l1_reverse", new int[] {3, 8},
                "head.weight", new int[] {1, 6});
        expected.forEach((name, shape) -> assertArrayEquals(shape, w.tensors().get(name).shape(), name));
        assertEquals(20 + 2, w.tensors().size(), "5 tensors per layer and direction, and the head's 2");
        // reset_parameters: every tensor, W_hr included, from U(-1/sqrt(H), 1/sqrt(H)) with H = hidden_size.
        double k = 1 / Math.sqrt(8);
        for (var e : w.tensors().entrySet()) {
            if (!e.getKey().startsWith("rnn.")) continue;
            float[] v = e.getValue().data();
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (float x : v) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            assertTrue(min >= -k && max <= k, e.getKey() + " within ±1/sqrt(8): [" + min + ", " + max + "]");
            if (v.length >= 24) assertTrue(max - min > k, e.getKey() + " spread over the interval");
        }
    }

    @Test
    void aGruAndAReluRnnSayWhatTheyAreInTheirMetadata() throws IOException {
        SafetensorsFile gru = initialWeights("--mode", "gru", "--hidden-size", "5");
        assertEquals("GRU", gru.metadata().get("mode"));
        assertArrayEquals(new int[] {15, 5}, gru.tensors().get("rnn.weight_hh_l0").shape());
        assertArrayEquals(new int[] {15}, gru.tensors().get("rnn.bias_hh_l0").shape());
        SafetensorsFile relu = initialWeights("--mode", "rnn", "--nonlinearity", "relu", "--hidden-size", "5");
        assertEquals("RNN_RELU", relu.metadata().get("mode"));
        assertArrayEquals(new int[] {5, 5}, relu.tensors().get("rnn.weight_hh_l0").shape());
        assertEquals("RNN_TANH", initialWeights("--hidden-size", "5").metadata().get("mode"), "rnn and tanh by default");
    }

    static Stream<Arguments> orthogonalCells() {
        return Stream.of(Arguments.of(List.of("--mode", "lstm", "--hidden-size", "6"), 4, 6, 6),
                Arguments.of(List.of("--mode", "lstm", "--hidden-size", "6", "--proj-size", "4"), 4, 6, 4),
                Arguments.of(List.of("--mode", "gru", "--hidden-size", "5", "--num-layers", "2"), 3, 5, 5));
    }

    /**
     * nn.init.orthogonal_ applied to each gate block of W_hh (H × H_out): a square block is orthogonal, an LSTM
     * projection's H × P block has orthonormal columns, as orthogonal_ makes a tall matrix; W_ih keeps the default.
     */
    @ParameterizedTest
    @MethodSource("orthogonalCells")
    void orthogonalInitialisationMakesEachGateBlockOfWhhOrthogonal(List<String> flags, int gates, int h, int cols)
            throws IOException {
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--init", "orthogonal"));
        SafetensorsFile w = initialWeights(args.toArray(String[]::new));
        for (var e : w.tensors().entrySet()) {
            if (!e.getKey().startsWith("rnn.weight_hh")) continue;
            Tensor whh = e.getValue();
            assertArrayEquals(new int[] {gates * h, cols}, whh.shape(), e.getKey());
            for (int g = 0; g < gates; g++) {
                for (int a = 0; a < cols; a++) {
                    for (int b = 0; b < cols; b++) {
                        double dot = 0;
                        for (int i = 0; i < h; i++) {
                            dot += (double) whh.data()[(g * h + i) * cols + a] * whh.data()[(g * h + i) * cols + b];
                        }
                        assertEquals(a == b ? 1 : 0, dot, 1e-5, e.getKey() + " block " + g + " columns " + a + "·" + b);
                    }
                }
            }
            // The blocks are drawn one by one: not the same matrix repeated.
            assertTrue(whh.data()[0] != whh.data()[h * cols], e.getKey() + ": blocks differ");
        }
        float[] wih = w.tensors().get("rnn.weight_ih_l0").data();
        for (float x : wih) assertTrue(Math.abs(x) <= 1 / Math.sqrt(h), "W_ih keeps PyTorch's default");
    }

    @Test
    void aGruLearnsTheAddingProblem() throws IOException {
        Path log = dir.resolve("gru.csv");
        CliRun r = CliRun.of("train", "--task", "adding", "--mode", "gru", "--seq-len", "10", "--hidden-size", "8",
                "--steps", "300", "--optimizer", "adam", "--lr", "0.01", "--backend", "simd", "--seed", "1", "--log",
                log.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(log);
        double lastLoss = Double.parseDouble(lines.getLast().split(",")[1]);
        assertTrue(lastLoss < 1.0 / 6 / 4, "loss " + lastLoss + " below a quarter of the 1/6 baseline at T = 10");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("--mode", "lstm", "--nonlinearity", "tanh"),
                        "rnnx: --nonlinearity is nn.RNN's; --mode lstm (nn.LSTM) takes none: its gates use sigmoid and tanh"),
                Arguments.of(List.of("--mode", "gru", "--init", "identity"),
                        "rnnx: --init identity (IRNN: W_hh = I) is defined for nn.RNN only; nn.GRU's W_hh stacks 3 gate "
                                + "blocks (r, z, n); use --init default or orthogonal"),
                Arguments.of(List.of("--mode", "lstm", "--rho", "1.0"),
                        "rnnx: --rho rescales nn.RNN's square W_hh to a spectral radius; nn.LSTM's W_hh stacks 4 gate "
                                + "blocks (i, f, g, o), which have no one spectral radius"),
                Arguments.of(List.of("--mode", "gru", "--proj-size", "2"),
                        "rnnx: --proj-size 2: proj_size argument is only supported for LSTM, not RNN or GRU"),
                Arguments.of(List.of("--mode", "lstm", "--hidden-size", "4", "--proj-size", "4"),
                        "rnnx: --proj-size 4: proj_size has to be smaller than hidden_size"),
                Arguments.of(List.of("--mode", "lstm", "--proj-size", "-1"), "rnnx: --proj-size must be at least 0, got -1"),
                Arguments.of(List.of("--mode", "elman"), "rnnx: --mode must be rnn, lstm or gru, got 'elman'"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void flagsAGatedCellHasNoMeaningForAreRefusedInOneLine(List<String> flags, String expected) {
        Path out = dir.resolve("never.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", "adding", "--steps", "1", "--out", out.toString(),
                "--quiet"));
        args.addAll(flags);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(expected, r.errLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void withWeightsTheFileDecidesTheCell() throws IOException {
        Path w = dir.resolve("w.safetensors");
        try (Stream<Path> files = Files.list(Path.of("sample-data"))) {
            Files.copy(files.filter(p -> p.toString().endsWith(".safetensors")).sorted().findFirst().orElseThrow(), w);
        }
        CliRun r = CliRun.of("train", "--weights", w.toString(), "--mode", "lstm", "--input", "x.npy", "--target",
                "y.npy", "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: --mode is for the task form; with --weights the file's tensors decide the cell", r.errLine());
    }

    @Test
    void helpSaysWhichFlagsLstmAndGruRefuse() {
        CliRun r = CliRun.of("train", "--help");
        assertEquals(0, r.exitCode(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--mode=rnn|lstm|gru"), help);
        assertTrue(help.contains("LSTM and GRU take no --nonlinearity, --init identity or --rho (refused"), help);
        assertTrue(help.contains("each gate block of W_hh, as nn.init.orthogonal_ applied per chunk"), help);
    }
}
