package org.rnnexplorer.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the PyTorch fixtures written by src/test/python/make_train_fixtures.py. */
final class Fixtures {
    // Floats as BigDecimal so that each float32 value converts to float with one correct rounding.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Fixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/train/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture /train/" + name);
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float f(JsonNode n) {
        if (n.isTextual()) return Float.parseFloat(n.asText());
        return n.isBigDecimal() ? n.decimalValue().floatValue() : (float) n.asDouble();
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = f(array.get(i));
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    /** {"shape": [...], "data": [...]} → Tensor. */
    static Tensor tensor(JsonNode n) {
        return new Tensor(ints(n.get("shape")), floats(n.get("data")));
    }

    static Map<String, Tensor> tensors(JsonNode object) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), tensor(e.getValue())));
        return out;
    }

    /** A target: {"shape","data"} values or {"shape","classes"} indices. */
    static Target target(JsonNode n) {
        if (n.has("classes")) return new Target.Classes(ints(n.get("shape")), ints(n.get("classes")));
        return new Target.Values(tensor(n));
    }

    /** An nn.RNN configuration, or with a "mode" field (PyTorch's LSTM or GRU) and "proj_size" a gated one. */
    static RnnConfig config(JsonNode c) {
        if (c.has("mode")) {
            return new RnnConfig(CellMode.parse(c.get("mode").asText()), c.get("input_size").asInt(),
                    c.get("hidden_size").asInt(), c.get("num_layers").asInt(), c.get("bias").asBoolean(),
                    c.get("batch_first").asBoolean(), c.get("dropout").asDouble(), c.get("bidirectional").asBoolean(),
                    c.get("proj_size").asInt());
        }
        return new RnnConfig(c.get("input_size").asInt(), c.get("hidden_size").asInt(), c.get("num_layers").asInt(),
                Nonlinearity.parse(c.get("nonlinearity").asText()), c.get("bias").asBoolean(),
                c.get("batch_first").asBoolean(), c.get("dropout").asDouble(), c.get("bidirectional").asBoolean());
    }

    /** Optimizer kwargs as Java values for {@link Optimizers#create}. */
    static Map<String, Object> kwargs(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isBoolean()) out.put(e.getKey(), v.asBoolean());
            else if (v.isArray()) {
                List<Double> l = new ArrayList<>();
                v.forEach(x -> l.add(x.asDouble()));
                out.put(e.getKey(), l);
            } else out.put(e.getKey(), v.asDouble());
        });
        return out;
    }

    static GradientClipping clipping(JsonNode c) {
        return switch (c.get("kind").asText()) {
            case "none" -> GradientClipping.none();
            case "norm" -> GradientClipping.norm(c.get("max_norm").asDouble(), normType(c.get("norm_type")));
            case "value" -> GradientClipping.value(c.get("clip_value").asDouble());
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    static double normType(JsonNode n) {
        return n.isTextual() && n.asText().equals("inf") ? Double.POSITIVE_INFINITY : n.asDouble();
    }

    /** max|a − b| / max(1, max|b|), the project's error measure; NaN positions must match. */
    static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) return Double.POSITIVE_INFINITY;
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) || Float.isNaN(actual[i])) {
                if (Float.isNaN(expected[i]) != Float.isNaN(actual[i])) return Double.POSITIVE_INFINITY;
                continue;
            }
            if (Float.isInfinite(expected[i]) || Float.isInfinite(actual[i])) {
                if (expected[i] != actual[i]) return Double.POSITIVE_INFINITY;
                continue;
            }
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
        }
        return maxDiff / Math.max(1, maxRef);
    }
}
