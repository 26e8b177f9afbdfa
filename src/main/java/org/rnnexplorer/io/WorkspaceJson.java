package org.rnnexplorer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnConfigException;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON sections of a workspace ({@code model}, {@code input}, {@code training}, {@code view}), shared by format
 * versions 1 and 2. They differ in the model's kind ({@code nonlinearity} in 1, {@code mode} in 2) and in where the
 * bulk data lives: version 1 embeds the corpus and series values in the JSON, version 2 keeps them beside it
 * (see {@link WorkspaceFile}).
 */
final class WorkspaceJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WorkspaceJson() {
    }

    static ObjectNode model(RnnConfig c, int version) {
        ObjectNode model = NODES.objectNode();
        if (version >= 2) model.put("mode", c.mode().torchName());
        model.put("input_size", c.inputSize());
        model.put("hidden_size", c.hiddenSize());
        model.put("num_layers", c.numLayers());
        if (version < 2) model.put("nonlinearity", c.nonlinearity().torchName());
        model.put("bias", c.bias());
        model.put("batch_first", c.batchFirst());
        model.put("dropout", c.dropout());
        model.put("bidirectional", c.bidirectional());
        if (version >= 2 && c.projSize() > 0) model.put("proj_size", c.projSize());
        return model;
    }

    static ObjectNode input(Workspace.Input in) {
        ObjectNode input = NODES.objectNode();
        input.put("seq_len", in.seqLen());
        input.put("batch", in.batch());
        input.put("unbatched", in.unbatched());
        if (in.lengths() == null) input.putNull("lengths");
        else {
            ArrayNode lengths = input.putArray("lengths");
            for (int l : in.lengths()) lengths.add(l);
        }
        input.put("h0", in.h0());
        return input;
    }

    static ObjectNode view(Workspace.View v) {
        ObjectNode view = NODES.objectNode();
        view.put("selected_tab", v.selectedTab());
        view.put("theme", v.theme());
        view.put("zoom", v.zoom());
        view.put("color_map", v.colorMap());
        view.put("layer", v.layer());
        view.put("direction", v.direction());
        view.put("sequence", v.sequence());
        return view;
    }

    /**
     * The Training section without its bulk data: {@code corpus} and {@code series} are added by the caller in the
     * version's own way.
     */
    static ObjectNode training(Workspace.Training t) {
        ObjectNode n = NODES.objectNode();
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
        return n;
    }

    static RnnConfig readModel(Fields f, JsonNode m, int version) throws FormatException {
        CellMode mode;
        if (version >= 2) {
            String name = f.text(m, "mode");
            try {
                mode = CellMode.parse(name);
            } catch (RnnConfigException e) {
                throw f.problem(f.path(m, "mode"), "is \"" + name + "\"; expected RNN_TANH, RNN_RELU, LSTM or GRU");
            }
        } else {
            try {
                mode = CellMode.of(Nonlinearity.parse(f.text(m, "nonlinearity")));
            } catch (RnnConfigException e) {
                throw f.problem("model.nonlinearity", e.getMessage());
            }
        }
        // proj_size (nn.LSTM's) is written only when non-zero; absent means 0, as PyTorch's default.
        int projSize = version >= 2 && m.has("proj_size") ? f.integer(m, "proj_size") : 0;
        try {
            return new RnnConfig(mode, f.integer(m, "input_size"), f.integer(m, "hidden_size"), f.integer(m, "num_layers"),
                    f.bool(m, "bias"), f.bool(m, "batch_first"), f.number(m, "dropout"), f.bool(m, "bidirectional"),
                    projSize);
        } catch (RnnConfigException e) {
            throw f.problem("model." + e.field(), e.getMessage());
        }
    }

    static Workspace.Input readInput(Fields f, JsonNode i) throws FormatException {
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
        return new Workspace.Input(f.integer(i, "seq_len"), f.integer(i, "batch"), f.bool(i, "unbatched"), lengths,
                f.bool(i, "h0"));
    }

    static Workspace.View readView(Fields f, JsonNode v) throws FormatException {
        // "sequence" came after version 2's first files: absent, the panes follow sequence 0 as they did then.
        int sequence = v.has("sequence") ? f.integer(v, "sequence") : 0;
        return new Workspace.View(f.text(v, "selected_tab"), f.text(v, "theme"), f.number(v, "zoom"),
                f.text(v, "color_map"), f.integer(v, "layer"), f.integer(v, "direction"), sequence);
    }

    /** The Training section; {@code corpus} and {@code series} (with its F) come from the caller. */
    static Workspace.Training readTraining(Fields f, JsonNode n, String corpus, float[] series, int features)
            throws FormatException {
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
            else if (x.isNumber()) args.put(e.getKey(), f.finite(where, x));
            else if (x.isArray() && x.size() == 2 && x.get(0).isNumber() && x.get(1).isNumber()) {
                args.put(e.getKey(), List.of(f.finite(where, x.get(0)), f.finite(where, x.get(1))));
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
        return new Workspace.Training(task, steps, init, rho, optimizer, args, clipping, f.integer(n, "tbptt_chunk"),
                f.integer(n, "batch_size"), f.longInteger(n, "seed"), corpus, series, features);
    }

    /** Typed access to JSON fields with messages that name the file and the field's dotted path. */
    static final class Fields {
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

        /** A finite number: JSON's 1e400 reads as infinity, which no field means. */
        double number(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isNumber()) throw problem(path(parent, key), "must be a number, got " + n);
            return finite(path(parent, key), n);
        }

        double finite(String path, JsonNode n) throws FormatException {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) throw problem(path, "is beyond the range of a double");
            return v;
        }

        boolean bool(JsonNode parent, String key) throws FormatException {
            JsonNode n = require(parent, key);
            if (!n.isBoolean()) throw problem(path(parent, key), "must be true or false, got " + n);
            return n.booleanValue();
        }
    }
}
