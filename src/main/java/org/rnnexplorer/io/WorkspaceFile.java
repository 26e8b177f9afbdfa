package org.rnnexplorer.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnConfigException;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.StateDict;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.train.TrainingConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code .rnnx} workspace file: UTF-8 JSON with a {@code "format": "rnnx-workspace", "version": 1} header and the
 * sections {@code model}, {@code input}, {@code weights_seed}, {@code backend}, {@code training}, {@code view} and
 * {@code tensors}. The tensors (the RNN's state_dict under PyTorch's names, plus {@code explore.input} and
 * {@code explore.reference_output} when imported) are one safetensors blob, base64-encoded, so a workspace is a
 * single file and its weights come back bit for bit. Numbers are JSON numbers written in the shortest form that
 * reads back to the same double. Writing is atomic.
 *
 * <p>Reading checks every field; a problem is a {@link FormatException} naming the file and the field, e.g.
 * {@code lab.rnnx: training.optimizer_args.lr must be a number, got "fast"}.
 */
public final class WorkspaceFile {

    public static final String FORMAT = "rnnx-workspace";
    public static final int VERSION = 1;
    /** Suggested file extension, with the dot. */
    public static final String EXTENSION = ".rnnx";

    static final String INPUT_TENSOR = "explore.input";
    static final String REFERENCE_TENSOR = "explore.reference_output";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private WorkspaceFile() {
    }

    /** Writes the workspace atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Workspace w) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);

        RnnConfig c = w.model();
        ObjectNode model = root.putObject("model");
        model.put("input_size", c.inputSize());
        model.put("hidden_size", c.hiddenSize());
        model.put("num_layers", c.numLayers());
        model.put("nonlinearity", c.nonlinearity().torchName());
        model.put("bias", c.bias());
        model.put("batch_first", c.batchFirst());
        model.put("dropout", c.dropout());
        model.put("bidirectional", c.bidirectional());

        Workspace.Input in = w.input();
        ObjectNode input = root.putObject("input");
        input.put("seq_len", in.seqLen());
        input.put("batch", in.batch());
        input.put("unbatched", in.unbatched());
        if (in.lengths() == null) input.putNull("lengths");
        else {
            ArrayNode lengths = input.putArray("lengths");
            for (int l : in.lengths()) lengths.add(l);
        }
        input.put("h0", in.h0());

        root.put("weights_seed", w.weightsSeed());
        root.put("backend", w.backend());
        root.set("training", training(w.training()));

        Workspace.View v = w.view();
        ObjectNode view = root.putObject("view");
        view.put("selected_tab", v.selectedTab());
        view.put("theme", v.theme());
        view.put("zoom", v.zoom());
        view.put("color_map", v.colorMap());
        view.put("layer", v.layer());
        view.put("direction", v.direction());

        Map<String, Tensor> tensors = new LinkedHashMap<>(w.weights().asTensors());
        if (w.importedInput() != null) tensors.put(INPUT_TENSOR, w.importedInput());
        if (w.referenceOutput() != null) tensors.put(REFERENCE_TENSOR, w.referenceOutput());
        Map<String, String> meta = WeightsMetadata.of(c);
        ObjectNode blob = root.putObject("tensors");
        blob.put("encoding", "safetensors+base64");
        blob.put("data", Base64.getEncoder().encodeToString(Safetensors.toBytes(tensors, meta, DType.F32)));

        byte[] bytes = JSON.writeValueAsBytes(root);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static ObjectNode training(Workspace.Training t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", t.task());
        n.put("steps", t.steps());
        n.put("init", t.init());
        if (Double.isNaN(t.rho())) n.putNull("rho");
        else n.put("rho", t.rho());
        n.put("optimizer", t.optimizer());
        ObjectNode args = n.putObject("optimizer_args");
        for (Map.Entry<String, Object> e : t.optimizerArgs().entrySet()) {
            switch (e.getValue()) {
                case Boolean b -> args.put(e.getKey(), b);
                case Number x -> args.put(e.getKey(), x.doubleValue());
                case List<?> l -> {
                    ArrayNode a = args.putArray(e.getKey());
                    for (Object x : l) a.add(((Number) x).doubleValue());
                }
                case double[] d -> {
                    ArrayNode a = args.putArray(e.getKey());
                    for (double x : d) a.add(x);
                }
                default -> throw new IllegalArgumentException("optimizer argument " + e.getKey() + " = " + e.getValue()
                        + " cannot be written");
            }
        }
        GradientClipping g = t.clipping();
        ObjectNode clip = n.putObject("clipping");
        clip.put("kind", g.kind().name().toLowerCase(Locale.ROOT));
        // The other kind's numbers are kept too: the Training pane remembers them while clipping is off.
        if (!Double.isNaN(g.maxNorm())) clip.put("max_norm", g.maxNorm());
        if (Double.isInfinite(g.normType())) clip.put("norm_type", "inf");
        else clip.put("norm_type", g.normType());
        if (!Double.isNaN(g.clipValue())) clip.put("clip_value", g.clipValue());
        if (g.errorIfNonfinite()) clip.put("error_if_nonfinite", true);
        n.put("tbptt_chunk", t.tbpttChunk());
        n.put("batch_size", t.batchSize());
        n.put("seed", t.seed());
        if (t.corpus() != null) n.put("corpus", t.corpus());
        if (t.series() != null) {
            ObjectNode s = n.putObject("series");
            s.put("features", t.seriesFeatures());
            ArrayNode values = s.putArray("values");
            for (float x : t.series()) values.add(x);
        }
        return n;
    }

    /** Reads and checks a workspace; any problem is a one-line {@link FormatException} naming the file and field. */
    public static Workspace read(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new FormatException(name + ": not a workspace: invalid JSON" + at + ": " + why);
        }
        Fields f = new Fields(name);
        if (root == null || !root.isObject()) throw f.problem("", "not a workspace: the file is not a JSON object");
        String format = f.text(root, "format");
        if (!format.equals(FORMAT)) throw f.problem("format", "is \"" + format + "\", expected \"" + FORMAT + "\"");
        int version = f.integer(root, "version");
        if (version != VERSION) {
            throw f.problem("version", "is " + version + "; this RNN Explorer reads version " + VERSION);
        }

        JsonNode m = f.object(root, "model");
        RnnConfig config;
        try {
            config = new RnnConfig(f.integer(m, "input_size"), f.integer(m, "hidden_size"), f.integer(m, "num_layers"),
                    Nonlinearity.parse(f.text(m, "nonlinearity")), f.bool(m, "bias"), f.bool(m, "batch_first"),
                    f.number(m, "dropout"), f.bool(m, "bidirectional"));
        } catch (RnnConfigException e) {
            throw f.problem("model." + e.field(), e.getMessage());
        }

        JsonNode i = f.object(root, "input");
        int[] lengths = null;
        JsonNode lengthsNode = f.require(i, "lengths");
        if (!lengthsNode.isNull()) {
            if (!lengthsNode.isArray()) throw f.problem(f.path(i, "lengths"), "must be a list of integers or null");
            lengths = new int[lengthsNode.size()];
            for (int k = 0; k < lengths.length; k++) {
                JsonNode x = lengthsNode.get(k);
                if (!x.canConvertToInt() || !x.isIntegralNumber()) {
                    throw f.problem(f.path(i, "lengths") + "[" + k + "]", "must be an integer, got " + x);
                }
                lengths[k] = x.intValue();
            }
        }
        Workspace.Input input = new Workspace.Input(f.integer(i, "seq_len"), f.integer(i, "batch"), f.bool(i, "unbatched"),
                lengths, f.bool(i, "h0"));

        long weightsSeed = f.longInteger(root, "weights_seed");
        String backend = f.text(root, "backend");
        Workspace.Training training = readTraining(f, f.object(root, "training"));

        JsonNode v = f.object(root, "view");
        Workspace.View view = new Workspace.View(f.text(v, "selected_tab"), f.text(v, "theme"), f.number(v, "zoom"),
                f.text(v, "color_map"), f.integer(v, "layer"), f.integer(v, "direction"));

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
        LinkedHashMap<String, Tensor> all = contents.tensors();
        Tensor importedInput = all.remove(INPUT_TENSOR);
        Tensor reference = all.remove(REFERENCE_TENSOR);
        RnnParameters weights;
        try {
            StateDict.Loaded loaded = StateDict.load(all, "", config.nonlinearity(), config.batchFirst());
            RnnConfig w = loaded.config();
            if (!w.shape().sameParametersAs(config.shape())) {
                throw f.problem("tensors", "the weights are those of " + w.torchRepr() + " but model describes "
                        + config.torchRepr());
            }
            if (!loaded.otherKeys().isEmpty()) {
                throw f.problem("tensors", "unexpected tensor '" + loaded.otherKeys().getFirst() + "'");
            }
            weights = loaded.parameters().withConfig(config);
        } catch (IllegalArgumentException e) {
            throw f.problem("tensors", e.getMessage());
        }
        return new Workspace(config, input, weightsSeed, backend, training, weights, importedInput, reference, view);
    }

    private static Workspace.Training readTraining(Fields f, JsonNode n) throws FormatException {
        String task = f.text(n, "task");
        int steps = f.integer(n, "steps");
        String init = f.text(n, "init");
        if (!List.of("pytorch_default", "orthogonal", "identity", "weights").contains(init)) {
            throw f.problem(f.path(n, "init"), "is \"" + init + "\", expected pytorch_default, orthogonal, identity or weights");
        }
        JsonNode rhoNode = f.require(n, "rho");
        double rho = rhoNode.isNull() ? Double.NaN : f.number(n, "rho");
        String optimizer = f.text(n, "optimizer");
        JsonNode argsNode = f.object(n, "optimizer_args");
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : argsNode.properties()) {
            JsonNode x = e.getValue();
            String where = f.path(argsNode, e.getKey());
            if (x.isBoolean()) args.put(e.getKey(), x.booleanValue());
            else if (x.isNumber()) args.put(e.getKey(), x.doubleValue());
            else if (x.isArray() && x.size() == 2 && x.get(0).isNumber() && x.get(1).isNumber()) {
                args.put(e.getKey(), List.of(x.get(0).doubleValue(), x.get(1).doubleValue()));
            } else throw f.problem(where, "must be a number, true/false or two numbers, got " + x);
        }
        try {
            Optimizers.create(optimizer, args);
        } catch (TrainingConfigException e) {
            String where = e.field().equals("optimizer") ? f.path(n, "optimizer") : f.path(argsNode, e.field());
            throw f.problem(where, e.getMessage());
        }
        JsonNode c = f.object(n, "clipping");
        String kind = f.text(c, "kind");
        GradientClipping.Kind clipKind = switch (kind) {
            case "none" -> GradientClipping.Kind.NONE;
            case "norm" -> GradientClipping.Kind.NORM;
            case "value" -> GradientClipping.Kind.VALUE;
            default -> throw f.problem(f.path(c, "kind"), "is \"" + kind + "\", expected none, norm or value");
        };
        double maxNorm = c.has("max_norm") || clipKind == GradientClipping.Kind.NORM ? f.number(c, "max_norm") : Double.NaN;
        double clipValue = c.has("clip_value") || clipKind == GradientClipping.Kind.VALUE ? f.number(c, "clip_value") : Double.NaN;
        double normType = 2;
        if (c.has("norm_type")) {
            JsonNode type = c.get("norm_type");
            normType = type.isTextual() && type.textValue().equals("inf") ? Double.POSITIVE_INFINITY : f.number(c, "norm_type");
        }
        JsonNode strict = c.get("error_if_nonfinite");
        GradientClipping clipping;
        try {
            clipping = new GradientClipping(clipKind, maxNorm, normType, clipValue, strict != null && strict.asBoolean());
        } catch (TrainingConfigException e) {
            throw f.problem(f.path(c, e.field()), e.getMessage());
        }
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
                if (!values.get(k).isNumber()) throw f.problem(f.path(s, "values") + "[" + k + "]", "must be a number");
                series[k] = (float) values.get(k).doubleValue();
            }
        }
        return new Workspace.Training(task, steps, init, rho, optimizer, args, clipping, f.integer(n, "tbptt_chunk"),
                f.integer(n, "batch_size"), f.longInteger(n, "seed"), corpus, series, features);
    }

    /** Typed access to JSON fields with messages that name the file and the field's dotted path. */
    private static final class Fields {
        private final String file;
        private final Map<JsonNode, String> paths = new IdentityHashMap<>();

        Fields(String file) {
            this.file = file;
        }

        FormatException problem(String path, String what) {
            return new FormatException(file + ": " + (path.isEmpty() ? "" : path + " ") + what);
        }

        String path(JsonNode parent, String key) {
            String p = paths.get(parent);
            return p == null || p.isEmpty() ? key : p + "." + key;
        }

        JsonNode require(JsonNode parent, String key) throws FormatException {
            JsonNode n = parent.get(key);
            if (n == null) throw problem(path(parent, key), "is missing");
            paths.put(n, path(parent, key));
            return n;
        }

        JsonNode object(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isObject()) throw problem(path(parent, key), "must be an object, got " + n.getNodeType().toString().toLowerCase(Locale.ROOT));
            return n;
        }

        String text(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isTextual()) throw problem(path(parent, key), "must be a string, got " + n);
            return n.textValue();
        }

        int integer(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) throw problem(path(parent, key), "must be an integer, got " + n);
            return n.intValue();
        }

        long longInteger(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) throw problem(path(parent, key), "must be an integer, got " + n);
            return n.longValue();
        }

        double number(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isNumber()) throw problem(path(parent, key), "must be a number, got " + n);
            return n.doubleValue();
        }

        boolean bool(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isBoolean()) throw problem(path(parent, key), "must be true or false, got " + n);
            return n.booleanValue();
        }
    }
}
