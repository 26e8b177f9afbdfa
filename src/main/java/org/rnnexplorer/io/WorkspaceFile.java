package org.rnnexplorer.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.StateDict;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .rnnx} workspace file. Version 2 (written now) is a zip: {@code workspace.json} (the small part:
 * {@code "format": "rnnx-workspace", "version": 2} and the sections {@code model} (with PyTorch's {@code mode},
 * {@code RNN_TANH} or {@code RNN_RELU}), {@code input}, {@code weights_seed}, {@code backend}, {@code training},
 * {@code view}); {@code tensors/NAME.npy} for each tensor (the state_dict under PyTorch's names,
 * {@code explore.input}, {@code explore.reference_output}, {@code training.series} (L, F), and the readout head
 * training moved with the weights, {@code head.weight} (O, D·H) and {@code head.bias} (O), when there is one); and
 * {@code corpus.txt}.
 * So nothing large passes through the JSON parser, and the only limits on reading are Java's per-array one
 * (2^31 − 9 elements a tensor, above any tensor the window makes) and the memory the program has, checked before
 * anything is read. Version 1 (one JSON file, the tensors as a base64 safetensors blob) is still read.
 *
 * <p>Reading checks every field and then the whole workspace ({@link WorkspaceChecks}); a problem is a one-line
 * {@link FormatException} naming the file and the field, e.g. {@code lab.rnnx: training.batch_size must be at
 * least 1, got 0}. Numbers are written in the shortest form that reads back to the same double. Writing is atomic.
 */
public final class WorkspaceFile {

    public static final String FORMAT = "rnnx-workspace";
    public static final int VERSION = 2;
    /** Suggested file extension, with the dot. */
    public static final String EXTENSION = ".rnnx";

    static final String INPUT_TENSOR = "explore.input";
    static final String REFERENCE_TENSOR = "explore.reference_output";
    static final String SERIES_TENSOR = "training.series";
    static final String JSON_ENTRY = "workspace.json";
    static final String CORPUS_ENTRY = "corpus.txt";
    static final String TENSOR_PREFIX = "tensors/";
    /** The JSON of a version-2 file holds no bulk data: a few KB. */
    static final int MAX_JSON_BYTES = 16 << 20;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    // Version 1 embedded every tensor in one string; its size is bounded by the memory check instead.
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private WorkspaceFile() {
    }

    /** Writes the workspace as version 2, atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Workspace w) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("model", WorkspaceJson.model(w.model(), VERSION));
        root.set("input", WorkspaceJson.input(w.input()));
        root.put("weights_seed", w.weightsSeed());
        root.put("backend", w.backend());
        Workspace.Training t = w.training();
        ObjectNode training = WorkspaceJson.training(t);
        if (t.corpus() != null) training.putObject("corpus").put("entry", CORPUS_ENTRY);
        if (t.series() != null) {
            ObjectNode s = training.putObject("series");
            s.put("features", t.seriesFeatures());
            s.put("tensor", SERIES_TENSOR);
        }
        root.set("training", training);
        root.set("view", WorkspaceJson.view(w.view()));

        Map<String, Tensor> tensors = new LinkedHashMap<>(w.weights().asTensors());
        if (w.head() != null) {
            Linear h = w.head();
            tensors.put(Model.HEAD_WEIGHT, new Tensor(new int[] {h.outFeatures(), h.inFeatures()}, h.weight().clone()));
            tensors.put(Model.HEAD_BIAS, new Tensor(new int[] {h.outFeatures()}, h.bias().clone()));
        }
        if (w.importedInput() != null) tensors.put(INPUT_TENSOR, w.importedInput());
        if (w.referenceOutput() != null) tensors.put(REFERENCE_TENSOR, w.referenceOutput());
        if (t.series() != null) {
            int f = Math.max(1, t.seriesFeatures());
            tensors.put(SERIES_TENSOR, new Tensor(new int[] {t.series().length / f, f}, t.series()));
        }
        byte[] json = JSON.writeValueAsBytes(root);
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry(JSON_ENTRY));
            zip.write(json);
            zip.closeEntry();
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor x = e.getValue();
                IoWriter npy = body -> Npy.writeTo(body, "<f4", x.shape(), data -> Elements.writeFloats(data, x.data(), DType.F32));
                // Stored, not deflated: floats barely compress, and deflating them was most of the time a save took.
                // A stored entry states its CRC and size first, so the bytes are run through a checksum once before.
                CRC32 crc = new CRC32();
                long[] size = {0};
                npy.write(new OutputStream() {
                    @Override
                    public void write(int b) {
                        crc.update(b);
                        size[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        crc.update(b, off, len);
                        size[0] += len;
                    }
                });
                ZipEntry entry = new ZipEntry(TENSOR_PREFIX + e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size[0]);
                entry.setCompressedSize(size[0]);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                npy.write(zip);
                zip.closeEntry();
            }
            if (t.corpus() != null) {
                zip.putNextEntry(new ZipEntry(CORPUS_ENTRY));
                zip.write(t.corpus().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish(); // not close(): AtomicFiles owns the stream
        });
    }

    /** Reads and checks a workspace of either version, within the memory this program has free. */
    public static Workspace read(Path file) throws IOException {
        return read(file, memoryBudget());
    }

    /**
     * The model a version-2 workspace holds, from its {@code workspace.json} alone (no tensor is read): for naming a
     * file cheaply, e.g. the work an ended window kept.
     *
     * @throws IOException when the file is not a version-2 workspace or its model section is not valid
     */
    public static RnnConfig readModel(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry jsonEntry = zip.getEntry(JSON_ENTRY);
            if (jsonEntry == null) throw new FormatException(name + ": not a workspace: a zip without " + JSON_ENTRY);
            if (jsonEntry.getSize() < 0 || jsonEntry.getSize() > MAX_JSON_BYTES) {
                throw new FormatException(name + ": " + JSON_ENTRY + " does not state a size within " + MAX_JSON_BYTES);
            }
            JsonNode root = parse(name, new String(entry(name, zip, jsonEntry), StandardCharsets.UTF_8));
            WorkspaceJson.Fields f = header(name, root, 2);
            return WorkspaceJson.readModel(f, f.object(root, "model"), 2);
        } catch (ZipException e) {
            throw new FormatException(name + ": not a version-2 workspace (" + e.getMessage() + ")");
        }
    }

    /** About 80% of the heap not yet in use: what reading may allocate without running out. */
    static long memoryBudget() {
        Runtime r = Runtime.getRuntime();
        return (long) (0.8 * (r.maxMemory() - (r.totalMemory() - r.freeMemory())));
    }

    /**
     * As {@link #read(Path)} with {@code budget} bytes to spend: a file whose content needs more is refused before
     * any of it is read.
     */
    static Workspace read(Path file, long budget) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new FormatException(name + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        long size = Files.size(file);
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(2);
        }
        boolean zip = magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        // Version 1 holds its tensors as base64 inside a JSON string: text, tree and blob cost about 4 bytes a byte.
        long need = zip ? size : Math.multiplyExact(size, 4);
        if (need > budget) throw tooLarge(name, size, need, budget);
        Workspace w = zip ? readVersion2(file, name, budget) : readVersion1(file, name);
        WorkspaceChecks.check(w, name);
        return w;
    }

    private static FormatException tooLarge(String name, long size, long need, long budget) {
        return new FormatException(String.format(Locale.ROOT, "%s: is %s; reading it needs %s but this RNN Explorer has %s"
                + " of memory free (start it with a larger -Xmx)", name, bytes(size), bytes(need), bytes(budget)));
    }

    private static String bytes(long n) {
        return n >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", n / 1e9)
                : n >= 1e6 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6) : n + " bytes";
    }

    private static Workspace readVersion2(Path file, String name, long budget) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> entries = ZipEntries.distinct(zip, twice -> new FormatException(name
                    + ": the zip has two entries named '" + twice + "'; it was not written by RNN Explorer or was altered"));
            long declared = 0;
            for (ZipEntry e : entries) {
                if (e.getSize() < 0) throw new FormatException(name + ": entry " + e.getName() + " does not state its size");
                declared = Math.addExact(declared, e.getSize());
            }
            // The tensors as read, the state_dict's parameters made from them, and (when the workspace's settings
            // differ from what the tensors alone say, e.g. dropout) the weights under those settings: three times the
            // entries at the peak (the form's largest model, 2.6 GB, needed 7.6 GB of RSS; twice was too little).
            if (declared > budget / 3) throw tooLarge(name, Files.size(file), 3 * declared, budget);
            ZipEntry jsonEntry = zip.getEntry(JSON_ENTRY);
            if (jsonEntry == null) throw new FormatException(name + ": not a workspace: a zip without " + JSON_ENTRY);
            if (jsonEntry.getSize() > MAX_JSON_BYTES) {
                throw new FormatException(name + ": " + JSON_ENTRY + " is " + jsonEntry.getSize() + " bytes (limit "
                        + MAX_JSON_BYTES + "); the bulk of a workspace lives beside it");
            }
            JsonNode root = parse(name, new String(entry(name, zip, jsonEntry), StandardCharsets.UTF_8));
            WorkspaceJson.Fields f = header(name, root, 2);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (ZipEntry e : entries) {
                String n = e.getName();
                if (!n.startsWith(TENSOR_PREFIX)) continue;
                if (!n.endsWith(".npy")) throw new FormatException(name + ": entry " + n + " is not a .npy tensor");
                String key = n.substring(TENSOR_PREFIX.length(), n.length() - 4);
                NpyArray a;
                try (InputStream in = new Bounded(zip.getInputStream(e), e.getSize(), name + ": " + n)) {
                    a = Npy.read(in, name + ": " + n);
                } catch (ZipException | EOFException ex) {
                    throw new FormatException(name + ": " + n + ": damaged entry: " + ex.getMessage());
                }
                tensors.put(key, new Tensor(a.shape(), a.toFloat()));
            }

            JsonNode t = f.object(root, "training");
            String corpus = null;
            if (t.has("corpus")) {
                JsonNode c = f.object(t, "corpus");
                String entryName = f.text(c, "entry");
                ZipEntry e = zip.getEntry(entryName);
                if (!entryName.equals(CORPUS_ENTRY) || e == null) {
                    throw f.problem(f.path(c, "entry"), "names \"" + entryName + "\", which the file does not hold");
                }
                corpus = utf8(name, CORPUS_ENTRY, entry(name, zip, e));
            }
            float[] series = null;
            int features = 0;
            if (t.has("series")) {
                JsonNode s = f.object(t, "series");
                features = f.integer(s, "features");
                String key = f.text(s, "tensor");
                Tensor x = tensors.remove(key);
                if (!key.equals(SERIES_TENSOR) || x == null) {
                    throw f.problem(f.path(s, "tensor"), "names \"" + key + "\", which the file does not hold");
                }
                if (x.rank() != 2 || x.dim(1) != features) {
                    throw f.problem(f.path(s, "tensor"), "is " + x.shapeString() + ", expected (L, " + features + ")");
                }
                series = x.data();
            }
            return assemble(name, f, root, 2, WorkspaceJson.readTraining(f, t, corpus, series, features), tensors);
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            // EOFException: a file cut inside the zip's end record; IllegalArgumentException: an entry name that is
            // not UTF-8. Both are how ZipFile says the zip is broken (found by ParserFuzzTest).
            throw new FormatException(name + ": not a workspace: broken zip (" + e.getMessage() + ")");
        }
    }

    private static Workspace readVersion1(Path file, String name) throws IOException {
        JsonNode root = parse(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        WorkspaceJson.Fields f = header(name, root, 1);
        JsonNode n = f.object(root, "training");
        String corpus = n.has("corpus") ? f.text(n, "corpus") : null;
        float[] series = null;
        int features = 0;
        if (n.has("series")) {
            JsonNode s = f.object(n, "series");
            features = f.integer(s, "features");
            JsonNode values = f.require(s, "values");
            if (!values.isArray()) throw f.problem(f.path(s, "values"), "must be a list of numbers");
            series = new float[values.size()];
            for (int k = 0; k < series.length; k++) {
                String where = f.path(s, "values") + "[" + k + "]";
                if (!values.get(k).isNumber()) throw f.problem(where, "must be a number");
                double v = f.finite(where, values.get(k));
                if (Math.abs(v) > Float.MAX_VALUE) throw f.problem(where, "is " + v + ", beyond the range of float32");
                series[k] = (float) v;
            }
        }
        Workspace.Training training = WorkspaceJson.readTraining(f, n, corpus, series, features);

        JsonNode t = f.object(root, "tensors");
        String encoding = f.text(t, "encoding");
        if (!encoding.equals("safetensors+base64")) {
            throw f.problem("tensors.encoding", "is \"" + encoding + "\", expected \"safetensors+base64\"");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(f.text(t, "data"));
        } catch (IllegalArgumentException e) {
            throw f.problem("tensors.data", "is not base64: " + e.getMessage());
        }
        SafetensorsFile contents;
        try {
            contents = Safetensors.read(blob, Path.of("tensors.data"));
        } catch (FormatException e) {
            throw new FormatException(name + ": " + e.getMessage());
        }
        return assemble(name, f, root, 1, training, contents.tensors());
    }

    private static JsonNode parse(String name, String text) throws FormatException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new FormatException(name + ": not a workspace: invalid JSON" + at + ": " + why);
        }
    }

    /** Checks format and version: version 1 files are plain JSON, version 2 files are zips. */
    private static WorkspaceJson.Fields header(String name, JsonNode root, int container) throws FormatException {
        WorkspaceJson.Fields f = new WorkspaceJson.Fields(name);
        if (root == null || !root.isObject()) throw f.problem("", "not a workspace: the file is not a JSON object");
        String format = f.text(root, "format");
        if (!format.equals(FORMAT)) throw f.problem("format", "is \"" + format + "\", expected \"" + FORMAT + "\"");
        int version = f.integer(root, "version");
        if (version != container) {
            throw f.problem("version", version == 1 || version == 2
                    ? "is " + version + " but the file is laid out as version " + container
                    : "is " + version + "; this RNN Explorer reads versions 1 and 2");
        }
        return f;
    }

    /** The sections every version has, and the weights from the tensors (explore.* taken out). */
    private static Workspace assemble(String name, WorkspaceJson.Fields f, JsonNode root, int version,
                                      Workspace.Training training, Map<String, Tensor> tensors) throws FormatException {
        RnnConfig config = WorkspaceJson.readModel(f, f.object(root, "model"), version);
        Workspace.Input input = WorkspaceJson.readInput(f, f.object(root, "input"));
        long weightsSeed = f.longInteger(root, "weights_seed");
        String backend = f.text(root, "backend");
        Workspace.View view = WorkspaceJson.readView(f, f.object(root, "view"));
        LinkedHashMap<String, Tensor> all = new LinkedHashMap<>(tensors);
        Tensor importedInput = all.remove(INPUT_TENSOR);
        Tensor reference = all.remove(REFERENCE_TENSOR);
        Tensor headWeight = all.remove(Model.HEAD_WEIGHT), headBias = all.remove(Model.HEAD_BIAS);
        RnnParameters weights;
        try {
            // The nonlinearity only names an Elman RNN's kind (a state_dict does not record it); gated cells have none.
            Nonlinearity kind = config.isGated() ? Nonlinearity.TANH : config.nonlinearity();
            StateDict.Loaded loaded = StateDict.load(all, "", kind, config.batchFirst());
            RnnConfig w = loaded.config();
            if (!w.shape().sameParametersAs(config.shape())) {
                throw f.problem("tensors", "the weights are those of " + w.torchRepr() + " but model describes "
                        + config.torchRepr());
            }
            if (!loaded.otherKeys().isEmpty()) {
                throw f.problem("tensors", "unexpected tensor '" + loaded.otherKeys().getFirst() + "'");
            }
            weights = w.equals(config) ? loaded.parameters() : loaded.parameters().withConfig(config);
        } catch (IllegalArgumentException e) {
            throw f.problem("tensors", e.getMessage());
        }
        Linear head = head(f, headWeight, headBias, weights.config().outputSize());
        return new Workspace(config, input, weightsSeed, backend, training, weights, importedInput, reference, view, head);
    }

    /**
     * The trained head from its two tensors, or null when the file has neither; one without the other, or shapes that
     * do not read the weights' D·H outputs, is refused naming the tensor.
     */
    private static Linear head(WorkspaceJson.Fields f, Tensor weight, Tensor bias, int features) throws FormatException {
        if (weight == null && bias == null) return null;
        if (weight == null || bias == null) {
            String missing = weight == null ? Model.HEAD_WEIGHT : Model.HEAD_BIAS;
            throw f.problem("tensors." + missing, "is missing beside " + (weight == null ? Model.HEAD_BIAS : Model.HEAD_WEIGHT));
        }
        int[] ws = weight.shape(), bs = bias.shape();
        if (ws.length != 2 || ws[1] != features || ws[0] < 1) {
            throw f.problem("tensors." + Model.HEAD_WEIGHT, "is " + weight.shapeString() + ", expected (O, " + features + ")");
        }
        if (bs.length != 1 || bs[0] != ws[0]) {
            throw f.problem("tensors." + Model.HEAD_BIAS, "is " + bias.shapeString() + ", expected (" + ws[0] + ",)");
        }
        Linear head = new Linear(features, ws[0]);
        System.arraycopy(weight.data(), 0, head.weight(), 0, head.weight().length);
        System.arraycopy(bias.data(), 0, head.bias(), 0, head.bias().length);
        return head;
    }

    private static byte[] entry(String name, ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = new Bounded(zip.getInputStream(e), e.getSize(), name + ": " + e.getName())) {
            return in.readAllBytes();
        } catch (ZipException | EOFException ex) {
            throw new FormatException(name + ": " + e.getName() + ": damaged entry: " + ex.getMessage());
        }
    }

    private static String utf8(String name, String entry, byte[] bytes) throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(name + ": " + entry + " is not UTF-8 text");
        }
    }

    /** An entry's stream that refuses to inflate past the size the zip declares (a zip bomb ends there). */
    private static final class Bounded extends FilterInputStream {
        private final String source;
        private long left;

        Bounded(InputStream in, long declared, String source) {
            super(in);
            this.left = declared;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, Math.max(left, 1)));
            if (n > 0) {
                left -= n;
                if (left < 0) throw new FormatException(source + ": longer than the zip says");
            }
            return n;
        }
    }
}
