package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile and careless inputs to rnnx: each gets one line naming the flag or file, exit 1, and no output file. */
class HostileInputCliTest {

    @TempDir
    Path dir;

    private CliRun refused(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(1, r.exitCode(), r.err());
        return r;
    }

    static Stream<Arguments> meaninglessNumbers() {
        return Stream.of(
                Arguments.of(List.of("--rho", "NaN"), "rnnx: --rho must be a finite number > 0, got NaN"),
                Arguments.of(List.of("--rho", "-1"), "rnnx: --rho must be a finite number > 0, got -1"),
                Arguments.of(List.of("--sample", "-5"), "rnnx: --sample must be between 0 and 1000000, got -5"),
                Arguments.of(List.of("--sample", "2000000000"),
                        "rnnx: --sample must be between 0 and 1000000, got 2000000000"),
                Arguments.of(List.of("--temperature", "NaN"), "rnnx: --temperature must be a finite number ≥ 0, got NaN"),
                Arguments.of(List.of("--lr", "NaN"), "rnnx: --lr must be a finite number, got NaN"),
                Arguments.of(List.of("--clip-norm", "-1"), "rnnx: --clip-norm must be a finite number ≥ 0, got -1"),
                Arguments.of(List.of("--clip-norm", "1", "--clip-norm-type", "NaN"),
                        "rnnx: --clip-norm-type must be a number > 0 or inf, got 'NaN'"),
                Arguments.of(List.of("--batch-size", "0"), "rnnx: --batch-size must be positive, got 0"),
                Arguments.of(List.of("--seq-len", "-3"), "rnnx: --seq-len must be positive, got -3"),
                Arguments.of(List.of("--tbptt", "-4"), "rnnx: --tbptt must be at least 0, got -4"),
                Arguments.of(List.of("--dropout", "NaN"), "rnnx: --dropout must be in [0, 1], got NaN"));
    }

    @ParameterizedTest
    @MethodSource("meaninglessNumbers")
    void aMeaninglessNumberIsRefusedNamingItsFlag(List<String> flags, String expected) {
        Path out = dir.resolve("w.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", "adding", "--hidden-size", "4",
                "--steps", "1", "--quiet", "--out", out.toString()));
        args.addAll(flags);
        CliRun r = refused(args.toArray(String[]::new));
        assertEquals(expected, r.errLine());
        assertFalse(Files.exists(out));
    }

    static Stream<Arguments> flagsOfTheOtherForm() {
        return Stream.of(
                Arguments.of(List.of("--task", "adding", "--loss", "mae"),
                        "rnnx: --loss is for the --weights form; --task adding makes its own data, loss and readout"),
                Arguments.of(List.of("--task", "adding", "--readout", "first"),
                        "rnnx: --readout is for the --weights form; --task adding makes its own data, loss and readout"),
                Arguments.of(List.of("--task", "adding", "--lengths", "1,2"),
                        "rnnx: --lengths is for the --weights form; --task adding makes its own data, loss and readout"),
                Arguments.of(List.of("--task", "adding", "--text", "ok.txt"), "rnnx: --text is for --task text, not --task adding"),
                Arguments.of(List.of("--task", "sine", "--sample", "10"), "rnnx: --sample is for --task text, not --task sine"),
                Arguments.of(List.of("--task", "text", "--series", "ok.csv"), "rnnx: --series is for --task csv, not --task text"),
                Arguments.of(List.of("--weights", "w.safetensors", "--input", "x.npy", "--target", "y.npy", "--hidden-size", "99"),
                        "rnnx: --hidden-size is for the --task form; with --weights the file decides the model and --input the data"),
                Arguments.of(List.of("--weights", "w.safetensors", "--input", "x.npy", "--target", "y.npy", "--seq-len", "9"),
                        "rnnx: --seq-len is for the --task form; with --weights the file decides the model and --input the data"));
    }

    @ParameterizedTest
    @MethodSource("flagsOfTheOtherForm")
    void aFlagTheRunWouldIgnoreIsRefusedNamingIt(List<String> flags, String expected) {
        Path out = dir.resolve("w.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--steps", "1", "--quiet", "--out", out.toString()));
        args.addAll(flags);
        CliRun r = refused(args.toArray(String[]::new));
        assertEquals(expected, r.errLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void carelessBenchSelftestAndOutputFlagsGetOneLine() {
        assertEquals("rnnx: --repeat must be between 1 and 10000, got 2000000000",
                refused("bench", "--shape", "tiny", "--repeat", "2000000000").errLine());
        assertEquals("rnnx: --warmup must be between 0 and 10000, got 99999999",
                refused("bench", "--shape", "tiny", "--warmup", "99999999").errLine());
        assertEquals("rnnx: --filter '(' is not a regular expression: Unclosed group near index 1",
                refused("selftest", "--backend", "scalar", "--filter", "(").errLine());
        CliRun none = refused("selftest", "--backend", "scalar", "--quick", "--filter", "no-such-case-zzz");
        assertTrue(none.out().contains("selftest: FAILED (no case matches --filter 'no-such-case-zzz')"), none.out());
        assertEquals("rnnx: --out is empty: name the file to write",
                refused("train", "--task", "adding", "--steps", "1", "--quiet", "--out", "").errLine());
        assertEquals("rnnx: --lr is required with --optimizer sgd (PyTorch: parameter group didn't specify a value of "
                + "required optimization parameter lr)", refused("train", "--weights", "w.safetensors", "--input",
                "x.npy", "--target", "y.npy", "--optimizer", "sgd", "--loss", "mse", "--steps", "1").errLine());
    }

    @Test
    void aFileNameWithControlCharactersStaysOnOneLineAndCannotDriveTheTerminal() throws IOException {
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1).asTensors(),
                Map.of(), DType.F32);
        String name = dir.resolve("a\nb\u001b[31mred.npy").toString();
        CliRun r = refused("forward", "--weights", w.toString(), "--input", name, "--out",
                dir.resolve("o.safetensors").toString());
        String line = r.errLine(); // one line, or it fails
        assertFalse(line.contains("\u001b"), line);
        assertTrue(line.contains("a b^[[31mred.npy"), line);
    }

    @Test
    void aFloat64BeyondFloat32sRangeIsRefusedNotTurnedIntoInfinity() throws IOException {
        // 1e300 is finite in the file; as float32 it would be inf, and every output NaN with exit 0.
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1).asTensors(),
                Map.of(), DType.F32);
        Path x = dir.resolve("f8.npy");
        double[] values = new double[2 * 1 * 3];
        values[4] = 1e300;
        Npy.writeDouble(x, new int[] {2, 1, 3}, values);
        Path out = dir.resolve("o.safetensors");
        CliRun r = refused("forward", "--weights", w.toString(), "--input", x.toString(), "--out", out.toString());
        assertEquals("rnnx: " + x + ": element 4 is 1.0E300, beyond float32's range (±3.4028235e38)", r.errLine());
        assertFalse(Files.exists(out));
    }

    static Stream<Arguments> shapesNoJavaArrayHolds() {
        return Stream.of(
                Arguments.of(List.of("--batch-size", "1000000000"),
                        "--batch-size 1000000000: the input of shape (100, 1000000000, 2) would hold 200000000000 elements"),
                Arguments.of(List.of("--hidden-size", "2147483647"),
                        "--hidden-size 2147483647: weight_ih_l0 of shape (2147483647, 2) would hold 4294967294 elements"),
                Arguments.of(List.of("--hidden-size", "65536"),
                        "--hidden-size 65536: weight_hh_l0 of shape (65536, 65536) would hold 4294967296 elements"),
                // T·N·H = 2^31 exactly: one past the largest Java array.
                Arguments.of(List.of("--seq-len", "2048", "--batch-size", "1024", "--hidden-size", "1024"),
                        "the hidden states h.l0 of shape (2048, 1024, 1024) would hold 2147483648 elements"),
                // T·N·H fits, but the simd backend's rows padded to 128 floats (and h0's extra step) do not.
                Arguments.of(List.of("--seq-len", "18000", "--batch-size", "1000"),
                        "--seq-len 18000: the backend's padded hidden states of shape (18001, 1000, 128) would hold "
                                + "2304128000 elements"));
    }

    /** Checked before the heap (so in-process, whatever the heap): sizes whose int products used to wrap. */
    @ParameterizedTest
    @MethodSource("shapesNoJavaArrayHolds")
    void aShapeNoJavaArrayHoldsIsRefusedNamingTheFlagAndTensor(List<String> flags, String expected) {
        List<String> args = new ArrayList<>(List.of("train", "--task", "adding", "--steps", "1", "--quiet"));
        args.addAll(flags);
        String line = refused(args.toArray(String[]::new)).errLine();
        assertTrue(line.startsWith("rnnx: ") && line.contains(expected), line);
        assertTrue(line.endsWith("; a Java array holds at most 2147483639"), line);
    }

    /**
     * --lengths as PyTorch would take it from the shell: ASCII digits, no empty item. Before, picocli's split dropped
     * a trailing empty item and Integer.parseInt read any script's digits, so both ran as 5,3,2. The refusal comes
     * before any file is read (the files named here do not exist).
     */
    @ParameterizedTest
    @MethodSource("badLengths")
    void lengthsInOtherDigitsOrWithAStrayCommaAreRefusedNamingTheFlag(String lengths, String expected) {
        Path w = dir.resolve("w.safetensors");
        Path x = dir.resolve("x.npy");
        Path out = dir.resolve("o.safetensors");
        assertEquals(expected, refused("forward", "--weights", w.toString(), "--input", x.toString(), "--out",
                out.toString(), "--lengths=" + lengths).errLine());
        assertEquals(expected, refused("train", "--weights", w.toString(), "--input", x.toString(), "--target",
                x.toString(), "--steps", "1", "--quiet", "--out", out.toString(), "--lengths", lengths).errLine());
        assertFalse(Files.exists(out));
    }

    static Stream<Arguments> badLengths() {
        String shape = "; give integers separated by commas, e.g. 5,3,2";
        return Stream.of(
                Arguments.of("\u0665,3,2", "rnnx: --lengths: '\u0665' is not an integer (digits 0-9)" + shape),
                Arguments.of("5,3,2,", "rnnx: --lengths has an empty item in '5,3,2,' (a stray comma?)" + shape),
                Arguments.of("5,,3", "rnnx: --lengths has an empty item in '5,,3' (a stray comma?)" + shape),
                Arguments.of("5, 3", "rnnx: --lengths: ' 3' is not an integer (digits 0-9)" + shape),
                Arguments.of("+5,3", "rnnx: --lengths: '+5' is not an integer (digits 0-9)" + shape),
                Arguments.of("99999999999", "rnnx: --lengths: '99999999999' is not an integer (digits 0-9, at most "
                        + "2147483647)" + shape));
    }

    @Test
    void benchStreamingRefusesMeaninglessAndUnholdableShapes() {
        assertEquals("rnnx: --hidden must be positive, got 0",
                refused("bench", "--streaming", "--hidden", "0").errLine());
        assertEquals("rnnx: --iterations must be between 1 and 10000, got -1",
                refused("bench", "--streaming", "--iterations", "-1").errLine());
        // Bounded as --repeat and --warmup are (before: two billion iterations were started on).
        assertEquals("rnnx: --iterations must be between 1 and 10000, got 2000000000",
                refused("bench", "--streaming", "--iterations", "2000000000").errLine());
        assertTrue(refused("bench", "--streaming", "--hidden", "65536").errLine()
                .startsWith("rnnx: --hidden 65536: weight_hh_l0 of shape (65536, 65536) would hold 4294967296 elements"));
    }

    @Test
    void theWeightsAndLogAreWrittenBeforeSamplingSoAFailedSampleLosesNothing() throws IOException {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "the quick brown fox jumps over the lazy dog. ".repeat(10));
        Path out = dir.resolve("w.safetensors");
        Path log = dir.resolve("log.csv");
        // A bidirectional model trains on text but cannot sample it one character at a time.
        CliRun r = refused("train", "--task", "text", "--text", corpus.toString(), "--bidirectional", "--seq-len", "8",
                "--hidden-size", "4", "--steps", "2", "--backend", "scalar", "--sample", "5", "--quiet",
                "--out", out.toString(), "--log", log.toString());
        assertTrue(r.errLine().contains("it needs a unidirectional RNN"), r.err());
        assertTrue(Safetensors.read(out).tensors().containsKey("rnn.weight_hh_l0_reverse"));
        assertEquals(3, Files.readAllLines(log).size()); // header and two steps
    }

    @Test
    void sampledTextKeepsLinesButNotTheCorpussControlCharacters() throws IOException {
        // A corpus of terminal escapes (ESC [31m, CR, CSI U+009B): sampled raw, they recoloured and rewrote the terminal.
        Path corpus = dir.resolve("escapes.txt");
        Files.writeString(corpus, "\u001b[31m\r\u009b\u001b\u001b ab\n".repeat(40));
        CliRun r = CliRun.of("train", "--task", "text", "--text", corpus.toString(), "--seq-len", "8",
                "--hidden-size", "4", "--steps", "2", "--backend", "scalar", "--sample", "300", "--seed", "3", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        String sampled = r.out().substring(r.out().indexOf('\n') + 1); // after the step line
        assertTrue(sampled.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'), sampled);
        assertTrue(sampled.contains("^["), sampled);
    }

    @Test
    void helpStatesTheSampleCap() {
        CliRun r = CliRun.of("train", "--help");
        assertTrue(r.out().replaceAll("\\s+", " ").contains("(at most 1,000,000)"), r.out());
    }

    /** A /proc file reports a size of 0 and holds text: it is read, not refused as empty. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aCorpusWhoseReportedSizeIsZeroIsReadAsItIs() {
        CliRun r = CliRun.of("train", "--task", "text", "--text", "/proc/self/status", "--seq-len", "10",
                "--hidden-size", "8", "--steps", "1", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void aTextCorpusThatIsADirectoryEmptyOrNotUtf8IsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("corpus"));
        assertEquals("rnnx: " + folder + ": is a directory, not a file",
                refused("train", "--task", "text", "--text", folder.toString(), "--steps", "1").errLine());
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        assertEquals("rnnx: " + empty + ": is empty; the text task needs a corpus",
                refused("train", "--task", "text", "--text", empty.toString(), "--steps", "1").errLine());
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("rnnx: " + latin1 + ": is not UTF-8 text (byte 3 is not valid UTF-8)",
                refused("train", "--task", "text", "--text", latin1.toString(), "--steps", "1").errLine());
    }

    @Test
    void aForwardInputThatIsADirectoryIsNamed() throws IOException {
        Path w = weights();
        Path folder = Files.createDirectory(dir.resolve("x.npy"));
        assertEquals("rnnx: " + folder + ": is a directory, not a file", refused("forward", "--weights", w.toString(),
                "--input", folder.toString(), "--out", dir.resolve("o.safetensors").toString()).errLine());
        assertEquals("rnnx: " + dir + ": is a directory, not a file", refused("forward", "--weights", dir.toString(),
                "--input", folder.toString(), "--out", dir.resolve("o.safetensors").toString()).errLine());
    }

    private Path weights() throws IOException {
        Path w = dir.resolve("w.safetensors");
        var p = Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        Safetensors.write(w, p.asTensors(), Map.of(), DType.F32);
        return w;
    }

    @Test
    void aSeriesWindowTooLongNamesSeqLen() throws IOException {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "v\n1\n2\n3\n4\n5\n");
        assertEquals("rnnx: --seq-len 10: window must be in [1, 4] for a series of 5 steps, got 10",
                refused("train", "--task", "csv", "--series", csv.toString(), "--seq-len", "10", "--steps", "1")
                        .errLine());
    }

    @Test
    void aCsvWithoutAHeaderRowIsDetectedAndNoHeaderReadsIt() throws IOException {
        Path csv = dir.resolve("noheader.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) sb.append(Math.sin(i / 3.0)).append(',').append(Math.cos(i / 3.0)).append('\n');
        Files.writeString(csv, sb);
        String line = refused("train", "--task", "csv", "--series", csv.toString(), "--seq-len", "8", "--steps", "1")
                .errLine();
        assertTrue(line.startsWith("rnnx: " + csv + ": line 1 holds numbers (0.0,1.0), not column names"), line);
        assertTrue(line.endsWith("give --no-header to read every row as data"), line);
        CliRun ok = CliRun.of("train", "--task", "csv", "--series", csv.toString(), "--no-header", "--seq-len", "8",
                "--hidden-size", "4", "--steps", "2", "--backend", "scalar", "--quiet");
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void aClassTargetOutOfRangeNamesTheTargetFile() throws IOException {
        Path w = weights(); // no head: the RNN's 4 outputs are the classes
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(5, 2, 3));
        Path y = dir.resolve("y.npy");
        Npy.writeLong(y, new int[] {5, 2}, new long[] {0, 1, 2, 3, 0, 1, 2, 3, 9, 1});
        CliRun r = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", y.toString(),
                "--loss", "ce", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet");
        assertTrue(r.errLine().startsWith("rnnx: " + y + ": Target 9 is out of bounds."), r.err());
    }

    /**
     * A target of the wrong shape named no file ({@code rnnx: MSE target must have the prediction's shape ...}), and a
     * float64 target beyond float32's range became inf and stopped training at step 1 ({@code loss is inf}), where
     * --input's same value is refused by element.
     */
    @Test
    void aTargetOfTheWrongShapeOrBeyondFloat32NamesTheTargetFile() throws IOException {
        Path w = weights(); // no head: the RNN's 4 outputs are the prediction
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(5, 2, 3));
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, Tensor.zeros(5, 2, 3));
        CliRun mse = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", wrong.toString(),
                "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet");
        assertEquals("rnnx: " + wrong + ": MSE target must have the prediction's shape [5, 2, 4], got [5, 2, 3]",
                mse.errLine());
        CliRun ce = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", wrong.toString(),
                "--loss", "ce", "--readout", "all", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet");
        assertTrue(ce.errLine().startsWith("rnnx: " + wrong + ": cross-entropy target must have shape [5, 2]"),
                ce.err());
        CliRun rank = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", wrong.toString(),
                "--loss", "ce", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet");
        assertEquals("rnnx: " + wrong + ": a target of rank 3 fits neither readout of a rank-3 output with ce (all: rank"
                + " 2, last: rank 1)", rank.errLine());
        Path big = dir.resolve("big.npy");
        double[] values = new double[5 * 2 * 4];
        values[6] = -1e300;
        Npy.writeDouble(big, new int[] {5, 2, 4}, values);
        Path out = dir.resolve("never.safetensors");
        CliRun beyond = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", big.toString(),
                "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet", "--out", out.toString());
        assertEquals("rnnx: " + big + ": element 6 is -1.0E300, beyond float32's range (±3.4028235e38)",
                beyond.errLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void anEmptyBatchOrAOneStepSeriesNamesItsFile() throws IOException {
        Path w = weights();
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(5, 0, 3));
        Path y = dir.resolve("y.npy");
        Npy.write(y, Tensor.zeros(5, 0, 4));
        CliRun r = refused("train", "--weights", w.toString(), "--input", x.toString(), "--target", y.toString(),
                "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--quiet");
        assertEquals("rnnx: " + x + ": shape [5, 0, 3] holds no sequences (batch size 0); there is nothing to train on",
                r.errLine()); // was 'batch size must be positive, got 0'
        Path csv = Files.writeString(dir.resolve("one.csv"), "a,b\n1,2\n");
        CliRun s = refused("train", "--task", "csv", "--series", csv.toString(), "--steps", "1", "--quiet");
        assertEquals("rnnx: --series " + csv + ": a series of 1 step cannot be forecast: it needs at least 2 (one to read,"
                + " one to predict)", s.errLine()); // was 'series length must be at least 2, got 1'
    }

    @Test
    void anNpyHeaderNestedThousandsDeepIsRefusedNotAStackOverflow() throws IOException {
        Path x = dir.resolve("deep.npy");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(200_000) + ")".repeat(200_000)
                + ", }";
        try (OutputStream out = Files.newOutputStream(x)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
            byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
            out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(text.length).array());
            out.write(text);
        }
        CliRun r = refused("forward", "--weights", weights().toString(), "--input", x.toString(), "--out",
                dir.resolve("o.safetensors").toString());
        assertTrue(r.errLine().startsWith("rnnx: " + x + ": malformed header: values nested more than 16 deep"), r.err());
    }

    @Test
    void anNpzEntryWithOneFlippedByteFailsItsCrc() throws IOException {
        // A stored (uncompressed) entry: a flipped data byte still parses, only the CRC-32 tells.
        Path npz = dir.resolve("x.npz");
        Path plain = dir.resolve("plain.npy");
        Npy.write(plain, Tensor.of(new float[30], 5, 2, 3));
        byte[] npy = Files.readAllBytes(plain);
        CRC32 crc = new CRC32();
        crc.update(npy);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            ZipEntry e = new ZipEntry("x.npy");
            e.setMethod(ZipEntry.STORED);
            e.setSize(npy.length);
            e.setCompressedSize(npy.length);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(npy);
            zip.closeEntry();
        }
        byte[] archive = Files.readAllBytes(npz);
        int at = indexOf(archive, npy) + npy.length - 1; // the last data byte of the entry
        archive[at] ^= 0x40;
        Files.write(npz, archive);
        CliRun r = refused("forward", "--weights", weights().toString(), "--input", npz + ":x", "--out",
                dir.resolve("o.safetensors").toString());
        assertEquals("rnnx: " + npz + ":x: Bad CRC-32 for entry x.npy (the archive is damaged)", r.errLine());
        assertFalse(Files.exists(dir.resolve("o.safetensors")));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("entry bytes not found in the archive");
    }
    /**
     * A file whose name is not valid in the locale's encoding (byte 0xFF in a UTF-8 locale): Java cannot open it by
     * any name, so "no such file" alone would contradict the listing the user sees; the message says why.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aFileNameJavaCannotSpellIsExplained() throws Exception {
        Path console = dir.resolve("console.txt");
        // bash makes the raw byte: a Java string cannot carry it to a child process.
        Process make = new ProcessBuilder("bash", "-c", "printf x > $'w\\xff.safetensors'").directory(dir.toFile()).start();
        assertEquals(0, make.waitFor());
        List<String> cmd = RnnxProcess.command("64m", "info", "--weights");
        String line = String.join(" ", cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList())
                + " $'w\\xff.safetensors'";
        Process p = new ProcessBuilder("env", "LC_ALL=C.UTF-8", "bash", "-c", line).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> out = Files.readAllLines(console).stream().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, p.exitValue(), out.toString());
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.getFirst().contains(": no such file (its name is not valid UTF-8; Java cannot open such a name: "
                + "rename the file)"), out.getFirst());
    }
}
