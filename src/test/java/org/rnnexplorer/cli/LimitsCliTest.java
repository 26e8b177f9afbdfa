package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs too large for the heap, and inputs built to exhaust it, in a child JVM with a small heap (-Xmx128m): each
 * ends with one line on stderr naming the flag or file, exit 1, and a process that exits (never a stack trace or a
 * hang). Fixtures are made here, at most a few MB on disk (sparse files where a size must look large).
 */
class LimitsCliTest {

    @TempDir
    Path dir;

    static Stream<Arguments> runsTooLargeForTheHeap() {
        return Stream.of(
                Arguments.of(List.of("--hidden-size", "30000"), "--hidden-size 30000 needs about"),
                Arguments.of(List.of("--seq-len", "1000000"), "--seq-len 1000000 needs about"),
                Arguments.of(List.of("--num-layers", "100000"), "--num-layers 100000 needs about"),
                // Listing two billion layers' parameter names hung before any bound was checked.
                Arguments.of(List.of("--num-layers", "2147483647"), "--num-layers 2147483647 needs about"),
                // One-unit layers over two steps: the training charts' histories are what cannot fit.
                Arguments.of(List.of("--num-layers", "100000", "--hidden-size", "1", "--seq-len", "2", "--batch-size",
                        "1"), "--num-layers 100000 needs about"),
                // An RNN of this shape fits the heap; an LSTM keeps 4H gates and two more H-wide rows per step.
                Arguments.of(List.of("--mode", "lstm", "--hidden-size", "256", "--seq-len", "700"),
                        "--seq-len 700 needs about"),
                Arguments.of(List.of("--mode", "gru", "--hidden-size", "256", "--seq-len", "800"),
                        "--seq-len 800 needs about"));
    }

    @ParameterizedTest
    @MethodSource("runsTooLargeForTheHeap")
    void aRunTooLargeForTheHeapIsRefusedInOneLineNamingTheFlag(List<String> flags, String expected) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--task", "adding", "--steps", "1", "--quiet",
                "--out", dir.resolve("w.safetensors").toString()));
        args.addAll(flags);
        ChildCli r = ChildCli.run(dir, "128m", args.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.err());
        String line = r.errLine();
        assertTrue(line.startsWith("rnnx: ") && line.contains(expected), line);
        assertTrue(line.contains("; the heap can give "), line);
        assertFalse(Files.exists(dir.resolve("w.safetensors")));
    }

    /** The copy task adds 20 marks to --seq-len: a refusal names the value the user gave, and the total it made. */
    @Test
    void aCopyTaskTooLongNamesTheSeqLenGiven() {
        CliRun r = CliRun.of("train", "--task", "copy", "--seq-len", "2147483647", "--steps", "1", "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: --seq-len 2147483647 (the copy task's sequences are 2147483667 steps: "
                + "2147483647 blanks and its 20 marks): "), r.err());
    }

    @Test
    void anOutOfMemoryErrorOnTheEngineThreadEndsTheProcessWithOneLine() throws Exception {
        // The estimate switched off, the allocation itself fails on the engine thread.
        ChildCli r = ChildCli.run(dir, List.of("-Xmx128m", "-Drnnx.memoryCheck=off"), "train", "--task", "adding",
                "--hidden-size", "30000", "--steps", "1", "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: out of memory"), r.err());
    }

    /**
     * TBPTT on the text task is priced at the task's full T, not the chunk's 5 steps: before any chunk the session
     * explores one batch of T = 100 (one-hot, forward and backward). Priced at the chunk, 20,000 windows passed the
     * check in a 1 GB heap and ran out of it in that pass.
     */
    @Test
    void aTbpttRunIsPricedAtTheFullSequenceItExploresFirst() throws Exception {
        String corpus = Path.of("sample-data", "moby-dick-ch1-3.txt").toAbsolutePath().toString();
        ChildCli r = ChildCli.run(dir, "1g", "train", "--task", "text", "--text", corpus, "--tbptt", "5",
                "--batch-size", "20000", "--steps", "1", "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: --batch-size 20000 needs about"), r.err());
        // A chunk is cut from a strand of the corpus (length/N steps): one longer than that is the strand, priced and
        // named as such (--tbptt 100000000 was priced at 10^8 steps and blamed on --batch-size).
        ChildCli whole = ChildCli.run(dir, "1g", "train", "--task", "text", "--text", corpus, "--tbptt", "100000000",
                "--batch-size", "1", "--hidden-size", "1000", "--steps", "1", "--quiet");
        assertEquals(1, whole.exitCode(), whole.err());
        assertTrue(whole.errLine().matches("rnnx: --tbptt 100000000 \\(the whole \\d+-step stream\\) needs about .*"),
                whole.err());
        ChildCli fits = ChildCli.run(dir, "1g", "train", "--task", "text", "--text", corpus, "--tbptt", "100000000",
                "--hidden-size", "8", "--steps", "1", "--quiet");
        assertEquals(0, fits.exitCode(), fits.err());
    }

    /** Weights of a small RNN: (hidden, input). */
    private Path weights(int input, int hidden) throws IOException {
        Path w = dir.resolve("w.safetensors");
        var p = Initializers.create(RnnConfig.of(input, hidden), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        Safetensors.write(w, p.asTensors(), Map.of(), DType.F32);
        return w;
    }

    @Test
    void trainingFromWeightsTheHeapCannotTrainIsRefusedBeforeTheModelIsBuilt() throws Exception {
        // H = 3500: the file's 49 MB W_hh loads in a 128 MB heap, but building the model copies it, and training
        // needs its gradient, the optimiser's and the backend's copies. That copy ran out of heap before the check.
        Path w = weights(2, 3500);
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy");
        Npy.write(x, Tensor.zeros(5, 2, 2));
        Npy.write(y, Tensor.zeros(5, 2, 3500));
        Path out = dir.resolve("o.safetensors");
        ChildCli r = ChildCli.run(dir, "128m", "train", "--weights", w.toString(), "--input", x.toString(), "--target",
                y.toString(), "--optimizer", "sgd", "--lr", "0.1", "--loss", "mse", "--steps", "1", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: --weights " + w + " hidden size 3500 needs about"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aNarrowLayerIsPricedAtTheBackendsPaddedWidth() throws Exception {
        // (T, N, I) = (1000, 200, 3) through H = 4 on simd: rows padded to whole panels make about 150 MB where the
        // true widths make 15 MB; counted at the true widths the check passed and the pass ran out of heap.
        Path w = weights(3, 4);
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(1000, 200, 3));
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--backend", "simd", "--weights", w.toString(), "--input",
                x.toString(), "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: --input " + x + " [1000, 200, 3] needs about"), r.err());
        assertTrue(r.errLine().contains("the backend's padding"), r.err());
    }

    @Test
    void aForwardPassWhoseTracesExceedTheHeapIsRefusedNamingTheInput() throws Exception {
        Path w = weights(64, 1024);
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(1000, 32, 64)); // 8 MB; its traces are 1000·32·1024 floats per array
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--weights", w.toString(), "--input", x.toString(),
                "--trace", dir.resolve("t.safetensors").toString(), "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: --input " + x + " [1000, 32, 64] with --trace needs about"), r.err());
    }

    @Test
    void aLargeUnusedTensorInTheWeightsIsNeverRead() throws Exception {
        // rnn.* tensors, then "big": 500,000,000 float32 (2 GB) that forward does not need; the file is sparse.
        var p = Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (var e : p.asTensors().entrySet()) {
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(Tensor.formatList(t.shape())).append(",\"data_offsets\":[").append(offset).append(',')
                    .append(offset + bytes).append("]},");
            ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : t.data()) b.putFloat(v);
            data.write(b.array());
            offset += bytes;
        }
        long big = 500_000_000L;
        header.append("\"big\":{\"dtype\":\"F32\",\"shape\":[").append(big).append("],\"data_offsets\":[")
                .append(offset).append(',').append(offset + 4 * big).append("]}}");
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        Path w = dir.resolve("sparse.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(w.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.write(data.toByteArray());
            f.setLength(8 + json.length + offset + 4 * big);
        }
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(5, 2, 3));
        Path out = dir.resolve("o.safetensors");
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--weights", w.toString(), "--input", x.toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(5, 2, 4), shape(Safetensors.read(out).tensor("output")));
    }

    @Test
    void aTensorOfMoreThan2GBIsRefusedByNameNotCapacityBelowZero() throws Exception {
        // One F64 tensor of 300,000,000 elements: 2.4 GB of data (past an int), 1.2 GB as float32; a sparse file.
        long count = 300_000_000L;
        byte[] json = ("{\"weight_hh_l0\":{\"dtype\":\"F64\",\"shape\":[" + count + "],\"data_offsets\":[0,"
                + 8 * count + "]}}").getBytes(StandardCharsets.UTF_8);
        Path w = dir.resolve("huge.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(w.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + 8 * count);
        }
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.zeros(5, 2, 3));
        // forward reads the RNN's tensors' values (info reads only headers, so it never meets the size).
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--weights", w.toString(), "--input", x.toString(),
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: " + w + ": tensor 'weight_hh_l0' [300000000] needs about 1.2 GB"),
                r.err());
    }

    private static List<Integer> shape(Tensor t) {
        List<Integer> s = new ArrayList<>();
        for (int d : t.shape()) s.add(d);
        return s;
    }

    @Test
    void aZipBombInAnNpzIsRefusedByWhatItsHeaderClaims() throws Exception {
        // A .npy entry claiming (100000000, 3) float32 (1.2 GB), deflated zeros: about a megabyte on disk.
        Path bomb = dir.resolve("bomb.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 3), }"));
            writeZeros(zip, 96L << 20);
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 10_000_000, "fixture stays under 10 MB: " + Files.size(bomb));
        Path w = weights(3, 4);
        // The entry's size in the zip's directory (96 MB and the header) is less than the claim: refused at once.
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--weights", w.toString(), "--input", bomb + ":x",
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: " + bomb + ":x: truncated: header says shape (100000000, 3) <f4 needs 1200000000 bytes of"
                + " data, zip entry has " + (96L << 20), r.errLine());
        // A directory that lies, giving the claimed size: refused by the claim's price, before it is allocated.
        claimEntrySize(bomb, 1_300_000_000L);
        r = ChildCli.run(dir, "128m", "forward", "--weights", w.toString(), "--input", bomb + ":x",
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: " + bomb + ":x: shape (100000000, 3) <f4 needs about"), r.err());
    }

    /** Sets the uncompressed size of every entry in {@code zip}'s central directory to {@code size} (below 4 GB). */
    private static void claimEntrySize(Path zip, long size) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= bytes.length; i++) {
            if (b.getInt(i) == 0x02014b50) b.putInt(i + 24, (int) size); // "PK\1\2": the size is at offset 24
        }
        Files.write(zip, bytes);
    }

    /** A version 1.0 .npy header holding {@code dict}, padded with spaces to 64 bytes as numpy pads it. */
    static byte[] npyHeader(String dict) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded.length());
        b.put(padded.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    @Test
    void anOutOfMemoryErrorOnTheCommandLinesOwnThreadIsOneLineToo() throws Exception {
        // With the heap check off, reading the bomb's claimed 1.2 GB fails on the main thread, inside picocli.
        Path bomb = dir.resolve("bomb.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 3), }"));
            writeZeros(zip, 1 << 20);
            zip.closeEntry();
        }
        claimEntrySize(bomb, 1_300_000_000L); // else refused at once for holding less than its header claims
        ChildCli r = ChildCli.run(dir, List.of("-Xmx128m", "-Drnnx.memoryCheck=off"), "forward", "--weights",
                weights(3, 4).toString(), "--input", bomb + ":x", "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: out of memory (Java heap space) with a heap of at most "), r.err());
    }

    /**
     * A valid safetensors header of 400,000 empty tensors (22 MB) outgrows a 32 MB heap while it is parsed: one line
     * naming the file and the header's size and what to do (before: "rnnx: out of memory (Java heap space) ... make
     * the run smaller", naming no file).
     */
    @Test
    void aSafetensorsHeaderTooLargeForTheHeapNamesTheFile() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 400_000; i++) {
            json.append(i > 0 ? "," : "").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],")
                    .append("\"data_offsets\":[0,0]}");
        }
        byte[] header = json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("many.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        Files.write(file, b.putLong(header.length).put(header).array());
        ChildCli r = ChildCli.run(dir, "32m", "info", "--weights", file.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().matches("rnnx: " + java.util.regex.Pattern.quote(file.toString()) + ": its header of "
                + String.format(java.util.Locale.ROOT, "%,d", header.length) + " bytes does not fit the heap \\(at most"
                + " [0-9.]+ [KMG]B, java -Xmx\\); run with a larger -Xmx"), r.err());
    }

    private static void writeZeros(OutputStream out, long bytes) throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (long n = 0; n < bytes; n += zeros.length) out.write(zeros, 0, (int) Math.min(zeros.length, bytes - n));
    }

    @Test
    void aCsvTooLargeForTheHeapIsRefusedNamingTheFile() throws Exception {
        Path csv = dir.resolve("big.csv");
        try (OutputStream out = Files.newOutputStream(csv)) {
            out.write("v\n".getBytes(StandardCharsets.US_ASCII));
            byte[] rows = "0\n".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) out.write(rows); // 10 MB, 5 M values: 20 MB as floats
        }
        ChildCli r = ChildCli.run(dir, "32m", "train", "--task", "csv", "--series", csv.toString(), "--steps", "1",
                "--quiet");
        assertNotEquals(-1, r.exitCode(), "the process hung");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().startsWith("rnnx: " + csv + ": "), r.err());
        assertTrue(r.errLine().contains("the heap can give"), r.err());
    }

    /** 10 MB of numbers without a line break: before, read into one string that a 32 MB heap could not hold. */
    @Test
    void aCsvOfOneHugeLineIsRefusedNamingTheLine() throws Exception {
        Path csv = dir.resolve("one-line.csv");
        try (OutputStream out = Files.newOutputStream(csv)) {
            out.write("v\n".getBytes(StandardCharsets.US_ASCII));
            byte[] cells = "0,".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) out.write(cells);
        }
        ChildCli r = ChildCli.run(dir, "32m", "train", "--task", "csv", "--series", csv.toString(), "--steps", "1",
                "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: " + csv + ": line 2 is longer than 1000000 characters; expected one time step per line",
                r.errLine());
    }

    /**
     * A 137-byte .npy whose header claims (61658556,) float64, found by fuzzing: before, the claim (740 MB with its
     * float32 copy) was priced against the heap, or allocated, before the missing data was noticed.
     */
    @Test
    void anNpyClaimingMoreDataThanItsFileHoldsIsRefusedAsTruncatedBeforeAllocating() throws Exception {
        Path x = dir.resolve("claims.npy");
        Files.copy(Path.of("src/test/resources/org/rnnexplorer/io/ParserFuzzTestInputs/npy/found_claims_493MB"), x);
        ChildCli r = ChildCli.run(dir, "64m", "forward", "--weights", weights(3, 4).toString(), "--input", x.toString(),
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: " + x + ": truncated: header says shape (61658556,) <f8 needs 493268448 bytes of data, file"
                + " has 9", r.errLine());
    }

    @Test
    void anInputOfTheWrongWidthIsRefusedForItsShapeBeforeItIsReadOrPriced() throws Exception {
        // 1.6 GB of float32 (a sparse file) whose feature axis is 400 wide, for an RNN of input_size 3: refused for its
        // width from the header, as PyTorch would, not for the heap it would take (which hid the real fault at -Xmx128m).
        Path x = dir.resolve("wide.npy");
        byte[] header = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000, 400), }");
        try (RandomAccessFile f = new RandomAccessFile(x.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + 4L * 1000 * 1000 * 400);
        }
        ChildCli r = ChildCli.run(dir, "128m", "forward", "--weights", weights(3, 4).toString(), "--input", x.toString(),
                "--out", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: " + x + ": input.size(-1) must be equal to input_size. Expected 3, got 400", r.errLine());
    }
}
