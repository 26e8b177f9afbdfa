package org.rnnexplorer.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, data loss: a command's outputs never replace its inputs or each other, and a failing command leaves
 * every output as it was (forward wrote --trace before failing on --out).
 */
class CommandOutputsTest {

    @TempDir
    Path dir;
    Path weights, input;
    byte[] weightsBytes, inputBytes;

    @BeforeEach
    void writeInputs() throws IOException {
        SafetensorsFile fixture = Safetensors.read(ForwardCommandTest.FIXTURE);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (var e : fixture.tensors().entrySet()) {
            if (ParameterName.parse(e.getKey()) != null) sd.put(e.getKey(), e.getValue());
        }
        weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, sd, Map.of("batch_first", "True"), DType.F32);
        input = dir.resolve("x.npy");
        Npy.write(input, fixture.tensor("input"));
        weightsBytes = Files.readAllBytes(weights);
        inputBytes = Files.readAllBytes(input);
    }

    private CliRun forward(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("forward", "--weights", weights.toString(), "--input",
                input.toString()));
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private void assertInputsUntouched() throws IOException {
        assertArrayEquals(weightsBytes, Files.readAllBytes(weights), "--weights unchanged");
        assertArrayEquals(inputBytes, Files.readAllBytes(input), "--input unchanged");
    }

    private List<String> hiddenFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    void forwardRefusesAnOutThatIsItsInputOrWeights() throws IOException {
        // x.npy as --out is refused for its name (forward writes safetensors); under a name of the right kind (a
        // hard link), for being the input.
        CliRun npyName = forward("--out", input.toString());
        assertEquals(2, npyName.exitCode());
        assertTrue(npyName.err().lines().findFirst().orElseThrow().endsWith("would hold safetensors (rnnx writes no torch.save or .npy files): name "
                + "it .safetensors"), npyName.err());
        Path alias = Files.createLink(dir.resolve("x.safetensors"), input);
        CliRun overInput = forward("--out", alias.toString());
        assertEquals(1, overInput.exitCode());
        assertEquals("rnnx: " + alias + ": --out names the same file as --input (" + input
                + "); refusing to overwrite an input", overInput.errLine());
        CliRun overWeights = forward("--out", weights.toString());
        assertEquals(1, overWeights.exitCode());
        assertTrue(overWeights.errLine().contains("--out names the same file as --weights"), overWeights.err());
        assertInputsUntouched();
    }

    /**
     * Every file forward reads, found in its options (picocli's model, so a file option added later is covered):
     * neither --out nor --trace may name it. --c0 and --grad-cn were missing, and an LSTM's c0.npy became a
     * safetensors file with exit 0.
     */
    @Test
    void forwardRefusesAnOutOrTraceNamingAnyFileItReads() throws IOException {
        picocli.CommandLine.Model.CommandSpec spec = new picocli.CommandLine(new ForwardCommand()).getCommandSpec();
        List<String> inputs = spec.options().stream()
                .filter(o -> o.paramLabel().matches("[A-Z0-9_]+\\.(npy|safetensors).*|W\\.safetensors.*"))
                .filter(o -> !List.of("--out", "--trace").contains(o.longestName()))
                .map(picocli.CommandLine.Model.OptionSpec::longestName).toList();
        assertTrue(inputs.containsAll(List.of("--weights", "--input", "--h0", "--c0", "--grad-output", "--grad-hn",
                "--grad-cn")), "file options found: " + inputs);
        for (String option : inputs) {
            if (option.equals("--weights") || option.equals("--input")) continue; // given to every run below
            // Named as an output may be, so that the same-file rule answers, not the name's.
            Path file = dir.resolve(option.substring(2) + ".safetensors");
            Files.write(file, inputBytes);
            for (String output : List.of("--out", "--trace")) {
                List<String> args = new java.util.ArrayList<>(List.of(option, file.toString(), output, file.toString()));
                if (output.equals("--trace")) args.addAll(List.of("--out", dir.resolve("o.safetensors").toString()));
                CliRun r = forward(args.toArray(String[]::new));
                assertEquals(1, r.exitCode(), option + " as " + output + ": " + r.err());
                assertTrue(r.errLine().contains(output + " names the same file as " + option), r.err());
                assertArrayEquals(inputBytes, Files.readAllBytes(file), option + " unchanged");
            }
        }
        assertFalse(Files.exists(dir.resolve("o.safetensors")));
    }

    @Test
    void forwardRefusesAHardOrSymbolicLinkToAnInput() throws IOException {
        Path hard = Files.createLink(dir.resolve("hard.safetensors"), weights);
        Path sym = Files.createSymbolicLink(dir.resolve("sym.safetensors"), input);
        assertEquals(1, forward("--out", hard.toString()).exitCode());
        CliRun r = forward("--out", sym.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("--out names the same file as --input"), r.err());
        assertInputsUntouched();
    }

    @Test
    void forwardRefusesAnInputNamedInsideAnNpzArgument() throws IOException {
        Path npz = dir.resolve("x.npz");
        Npz.write(npz, Map.of("x", Npy.read(input).toTensor()));
        byte[] before = Files.readAllBytes(npz);
        Path alias = Files.createLink(dir.resolve("x.safetensors"), npz); // the archive under an --out name
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", npz + ":x", "--out", alias.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("--out names the same file as --input"), r.err());
        assertArrayEquals(before, Files.readAllBytes(npz));
    }

    @Test
    void forwardRefusesATraceThatIsItsOut() throws IOException {
        Path out = dir.resolve("o.safetensors");
        CliRun r = forward("--trace", out.toString(), "--out", dir.resolve(".").resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("--out names the same file as --trace"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFailingOutLeavesTheTraceAsItWas() throws IOException {
        Path trace = Files.writeString(dir.resolve("trace.safetensors"), "yesterday's trace");
        Path out = dir.resolve("missing").resolve("o.safetensors");
        CliRun r = forward("--trace", trace.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + out + ": no such directory " + dir.resolve("missing"), r.errLine());
        assertEquals("yesterday's trace", Files.readString(trace), "--trace not written when --out fails");
        assertEquals(List.of(), hiddenFiles(), "no temporary files left");
    }

    @Test
    void forwardRefusesAFifoAsOut() throws Exception {
        Path fifo = dir.resolve("fifo.safetensors");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliRun r = forward("--out", fifo.toString());
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + fifo + ": is a FIFO; refusing to replace it", r.errLine());
    }

    @Test
    void forwardThroughASymbolicLinkWritesItsTarget() throws IOException {
        Path real = dir.resolve("results.safetensors");
        Path link = Files.createSymbolicLink(dir.resolve("latest.safetensors"), real.getFileName());
        assertEquals(0, forward("--out", link.toString()).exitCode());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of("output", "h_n"), List.copyOf(Safetensors.read(real).tensors().keySet()));
    }

    /** A name that promises another format than the one written is refused before any work, and nothing is written. */
    @Test
    void anOutputNamedForAnotherFormatIsRefused() {
        Path pt = dir.resolve("final.pt");
        CliRun out = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--out", pt.toString());
        assertEquals(2, out.exitCode());
        assertEquals("rnnx: Invalid value for option '--out': '" + pt + "' would hold safetensors (rnnx writes no "
                + "torch.save or .npy files): name it .safetensors", out.err().lines().findFirst().orElseThrow());
        Path txt = dir.resolve("log.txt");
        CliRun log = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--log", txt.toString());
        assertEquals(2, log.exitCode());
        assertTrue(log.err().contains("'" + txt + "' would hold a training log, JSON or CSV by its extension: name it "
                + ".json or .csv"), log.err());
        CliRun trace = forward("--out", dir.resolve("o.safetensors").toString(), "--trace", dir.resolve("t.npy").toString());
        assertEquals(2, trace.exitCode());
        assertFalse(Files.exists(pt) || Files.exists(txt) || Files.exists(dir.resolve("o.safetensors")));
    }

    @Test
    void trainRefusesALogThatIsItsOutAndAnOutThatIsItsWeights() throws IOException {
        Path out = dir.resolve("final.safetensors");
        // A log named as a log that leads to --out (a dangling link, as --out is not there yet).
        Path logLink = Files.createSymbolicLink(dir.resolve("final.json"), out.getFileName());
        CliRun sameLog = CliRun.of("train", "--task", "adding", "--steps", "1", "--out", out.toString(), "--log",
                logLink.toString(), "--quiet");
        assertEquals(1, sameLog.exitCode());
        assertTrue(sameLog.errLine().contains("--log names the same file as --out"), sameLog.err());
        assertFalse(Files.exists(out));
        Path y = dir.resolve("y.npy");
        Npy.write(y, Tensor.zeros(1));
        CliRun overWeights = CliRun.of("train", "--weights", weights.toString(), "--input", input.toString(),
                "--target", y.toString(), "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1",
                "--out", weights.toString());
        assertEquals(1, overWeights.exitCode());
        assertTrue(overWeights.errLine().contains("--out names the same file as --weights"), overWeights.err());
        CliRun logOverInput = CliRun.of("train", "--weights", weights.toString(), "--input", input.toString(),
                "--target", y.toString(), "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1",
                "--log", Files.createLink(dir.resolve("x.json"), input).toString());
        assertEquals(1, logOverInput.exitCode());
        assertTrue(logOverInput.errLine().contains("--log names the same file as --input"), logOverInput.err());
        assertInputsUntouched();
    }

    @Test
    void trainRefusesAMissingOutDirectoryBeforeTraining() throws IOException {
        Path out = dir.resolve("nowhere").resolve("final.safetensors");
        Path log = dir.resolve("log.csv");
        CliRun r = CliRun.of("train", "--task", "adding", "--steps", "1", "--out", out.toString(), "--log",
                log.toString(), "--quiet");
        assertEquals(1, r.exitCode());
        assertEquals("rnnx: " + out + ": no such directory " + dir.resolve("nowhere"), r.errLine());
        assertFalse(Files.exists(log), "no log either");
        assertEquals(List.of(), hiddenFiles());
    }

    /**
     * An output name ending in '/' names a folder: {@code Path.of("results/")} drops the slash, so {@code --out
     * results/} wrote a file called {@code results} (exit 0) where every POSIX tool says "Is a directory".
     */
    @Test
    void anOutputNameEndingInASlashIsRefusedNotWrittenAsAFile() throws IOException {
        String results = dir.resolve("results") + "/";
        CliRun out = forward("--out", results);
        assertEquals(2, out.exitCode(), out.err());
        assertTrue(out.err().contains("'" + results + "' ends in '/', so it names a directory"), out.err());
        CliRun trace = forward("--out", dir.resolve("o.safetensors").toString(), "--trace", results);
        assertEquals(2, trace.exitCode(), trace.err());
        CliRun log = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--log", results);
        assertEquals(2, log.exitCode(), log.err());
        assertTrue(log.err().contains("--log"), log.err());
        CliRun weights = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--out", results);
        assertEquals(2, weights.exitCode(), weights.err());
        assertFalse(Files.exists(dir.resolve("results")), "no file called results");
        assertFalse(Files.exists(dir.resolve("o.safetensors")));
        assertInputsUntouched();
    }
}
