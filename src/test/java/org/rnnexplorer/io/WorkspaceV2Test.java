package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.GradientClipping;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workspace format version 2: large workspaces read back, out-of-range fields are refused before anything is
 * applied, and a file too large for the heap is refused before it is read.
 */
class WorkspaceV2Test {

    @TempDir
    Path dir;

    /** The workspace.json of a version-2 file. */
    static String json(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return new String(zip.getInputStream(zip.getEntry(WorkspaceFile.JSON_ENTRY)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A copy of {@code source} with its workspace.json edited. */
    private Path edited(Path source, String name, UnaryOperator<String> edit) throws IOException {
        return edited(source, dir.resolve(name), edit);
    }

    /** A copy of {@code source} at {@code target} with its workspace.json edited. */
    static Path edited(Path source, Path target, UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(source.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals(WorkspaceFile.JSON_ENTRY)) {
                    String before = new String(bytes, StandardCharsets.UTF_8);
                    String after = edit.apply(before);
                    assertFalse(before.equals(after), "the edit must change something");
                    bytes = after.getBytes(StandardCharsets.UTF_8);
                }
                entries.put(e.getName(), bytes);
            }
        }
        return TorchSaveFiles.zip(target, entries);
    }

    private Path good() throws IOException {
        Path file = dir.resolve("good.rnnx");
        WorkspaceFile.write(file, WorkspaceFileTest.sample());
        return file;
    }

    private static String problem(Path file) {
        FormatException e = assertThrows(FormatException.class, () -> WorkspaceFile.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"seq_len\" : 4|\"seq_len\" : -5|input.seq_len must be at least 0, got -5",
            "\"batch\" : 2|\"batch\" : -1|input.batch must be at least 0, got -1",
            "[ 4, 3 ]|[ 4, 3, 2 ]|input.lengths has 3 values for a batch of 2",
            "[ 4, 3 ]|[ 9, 3 ]|input.lengths[0] is 9, outside 1..4 (seq_len)",
            "\"steps\" : 17|\"steps\" : -100|training.steps must be at least 1, got -100",
            "\"batch_size\" : 12|\"batch_size\" : 0|training.batch_size must be at least 1, got 0",
            "\"tbptt_chunk\" : 8|\"tbptt_chunk\" : -4|training.tbptt_chunk must be at least 0, got -4",
            "\"max_norm\" : 0.7|\"max_norm\" : -1|training.clipping.max_norm must be positive, got -1.0",
            "\"rho\" : 1.5|\"rho\" : -1|training.rho must be positive, got -1.0",
            "\"layer\" : 1|\"layer\" : 99|view.layer is 99; the model has layers 0..1",
            "\"direction\" : 1|\"direction\" : 5|view.direction is 5; the model has directions 0..1",
            "\"sequence\" : 1|\"sequence\" : 2|view.sequence is 2; the input has sequences 0..1",
            "\"sequence\" : 1|\"sequence\" : -1|view.sequence is -1; the input has sequences 0..1",
            "\"zoom\" : 1.5625|\"zoom\" : 1e400|view.zoom is beyond the range of a double",
            "\"lr\" : 3.0E-4|\"lr\" : 1e999|training.optimizer_args.lr is beyond the range of a double",
            "\"mode\" : \"RNN_RELU\"|\"mode\" : \"LSTMX\"|model.mode is \"LSTMX\"; expected RNN_TANH, RNN_RELU, LSTM or GRU",
            "\"features\" : 2|\"features\" : 3|training.series.tensor is [2, 2], expected (L, 3)"})
    void outOfRangeFieldsAreRefusedByName(String from, String to, String message) throws IOException {
        Path bad = edited(good(), "bad.rnnx", json -> json.replace(from, to));
        assertEquals("bad.rnnx: " + message, problem(bad));
    }

    @Test
    void importedTensorsOfTheWrongShapeOrNotFiniteAreRefused() throws IOException {
        Workspace w = WorkspaceFileTest.sample();
        Path wrongShape = dir.resolve("shape.rnnx");
        WorkspaceFile.write(wrongShape, new Workspace(w.model(), w.input(), 0, "auto", w.training(), w.weights(),
                Tensor.zeros(4, 2, 3), null, w.view()));
        assertEquals("shape.rnnx: tensors.explore.input is (4, 2, 3), but the model's input is (2, 4, 3)", problem(wrongShape));

        float[] x = w.importedInput().data();
        x[5] = Float.NaN;
        Path nan = dir.resolve("nan.rnnx");
        WorkspaceFile.write(nan, new Workspace(w.model(), w.input(), 0, "auto", w.training(), w.weights(),
                new Tensor(w.importedInput().shape(), x), null, w.view()));
        assertEquals("nan.rnnx: tensors.explore.input holds NaN at flat index 5; only finite values are kept", problem(nan));
    }

    @Test
    void aVersion1SeriesValueBeyondFloat32IsRefusedNotMadeInfinite() throws IOException {
        String v1 = Files.readString(Fixtures.path("workspace_v1.rnnx"));
        int values = v1.indexOf("\"values\" : [ ");
        assertTrue(values > 0);
        int start = values + "\"values\" : [ ".length();
        String edited = v1.substring(0, start) + "1e39" + v1.substring(v1.indexOf(',', start));
        Path file = Files.writeString(dir.resolve("big.rnnx"), edited);
        assertEquals("big.rnnx: training.series.values[0] is 1.0E39, beyond the range of float32", problem(file));
    }

    /**
     * Reading holds the tensors as read, the state_dict's parameters and, with dropout, the weights under the
     * workspace's settings: three times the entries. The form's largest model (2.6 GB) passed a check of twice and then
     * ran out of memory at -Xmx7g (src/bench/WorkspaceAtFormMaximum.java).
     */
    @Test
    void theBudgetCoversThreeTimesTheEntries() throws IOException {
        Path file = dir.resolve("lab.rnnx");
        Workspace w = WorkspaceFileTest.sample(); // dropout 0.25: the weights are copied under the workspace's settings
        WorkspaceFile.write(file, w);
        long declared = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) declared += e.getSize();
        }
        long twoAndAHalf = declared * 5 / 2;
        FormatException e = assertThrows(FormatException.class, () -> WorkspaceFile.read(file, twoAndAHalf));
        assertTrue(e.getMessage().startsWith("lab.rnnx: is "), e.getMessage());
        assertTrue(e.getMessage().contains("reading it needs " + (3 * declared) + " bytes"), e.getMessage());
        assertArrayEquals(w.weights().get("weight_hh_l1_reverse"),
                WorkspaceFile.read(file, 3 * declared).weights().get("weight_hh_l1_reverse"));
    }

    @Test
    void aFileLargerThanTheMemoryBudgetIsRefusedBeforeReading() throws IOException {
        Path huge = dir.resolve("huge.rnnx");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.write(new byte[] {'P', 'K', 3, 4});
            f.setLength(1_200_000_000L); // sparse: no disk is used
        }
        FormatException e = assertThrows(FormatException.class, () -> WorkspaceFile.read(huge, 1_000_000_000L));
        assertEquals("huge.rnnx: is 1.2 GB; reading it needs 1.2 GB but this RNN Explorer has 1.0 GB of memory free"
                + " (start it with a larger -Xmx)", e.getMessage());

        // The same through the public entry point, with a file larger than this JVM's whole heap.
        Path larger = dir.resolve("larger.rnnx");
        try (RandomAccessFile f = new RandomAccessFile(larger.toFile(), "rw")) {
            f.write(new byte[] {'{'});
            f.setLength(Runtime.getRuntime().maxMemory() + 1);
        }
        assertTrue(problem(larger).startsWith("larger.rnnx: is "), "refused by size");
    }

    @Test
    void aWorkspaceTooLargeForVersion1ReadsBack() throws IOException {
        // Version 1 failed here: 45 MB for H=1024, two layers, bidirectional; an imported input over ~15 MB; a
        // 25 M-character corpus (Jackson's 20,000,000-character string limit).
        RnnConfig config = new RnnConfig(64, 1024, 2, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 7);
        int steps = 1024, batch = 64;
        float[] x = new float[steps * batch * 64];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.001);
        StringBuilder corpus = new StringBuilder(25_000_000);
        String line = "Call me Ishmael. Some years ago — never mind how long precisely — having little money.\n";
        while (corpus.length() < 25_000_000) corpus.append(line);
        Workspace.Training training = new Workspace.Training("text", 50, "weights", Double.NaN, "adam",
                Map.of("lr", 1e-3), GradientClipping.none(), 0, 32, 1, corpus.toString(), null, 0);
        Workspace w = new Workspace(config, new Workspace.Input(steps, batch, false, null, false), 7, "auto", training,
                weights, new Tensor(new int[] {steps, batch, 64}, x), null,
                new Workspace.View("Weights", "light", 1, "RED_BLUE", 1, 1));
        Path file = dir.resolve("large.rnnx");
        WorkspaceFile.write(file, w);
        assertTrue(json(file).length() < 4096, "the JSON stays small: " + json(file).length());
        Workspace back = WorkspaceFile.read(file);
        assertEquals(w.model(), back.model());
        assertEquals(w.training(), back.training());
        for (String name : w.weights().asMap().keySet()) assertArrayEquals(w.weights().get(name), back.weights().get(name), name);
        assertEquals(w.importedInput(), back.importedInput());
    }

    @Test
    void aZipWithoutTheJsonOrWithoutANamedTensorIsRefused() throws IOException {
        Path noJson = TorchSaveFiles.zip(dir.resolve("empty.rnnx"), Map.of("other.txt", new byte[] {1}));
        assertEquals("empty.rnnx: not a workspace: a zip without workspace.json", problem(noJson));
        Path elsewhere = edited(good(), "t.rnnx", json -> json.replace("\"training.series\"", "\"training.other\""));
        assertEquals("t.rnnx: training.series.tensor names \"training.other\", which the file does not hold", problem(elsewhere));
    }

    /**
     * A workspace zip with two entries of one name (RNN Explorer never writes one; a hand-edited zip can): refused by
     * name. Before: the second entry's tensor was read with the first's data, so the file loaded other weights than
     * it held, or failed as damaged.
     */
    @Test
    void aZipWithTwoEntriesOfOneNameIsRefusedByName() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(good().toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
        assertTrue(entries.containsKey("tensors/weight_hh_l0.npy"), entries.keySet().toString());
        entries.put("tensors/weight_hh_l9.npy", entries.get("tensors/weight_ih_l0.npy"));
        String bytes = new String(TorchSaveFiles.zipBytes(entries), StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("dup.rnnx");
        Files.write(file, bytes.replace("tensors/weight_hh_l9.npy", "tensors/weight_hh_l0.npy").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("dup.rnnx: the zip has two entries named 'tensors/weight_hh_l0.npy'; it was not written by RNN"
                + " Explorer or was altered", problem(file));
    }
}
