package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a PyTorch state_dict onto an RNN, LSTM or GRU: infers the configuration from the names and shapes (the cell by
 * PyTorch's rule, {@link ModelShape#infer}; layers, directions, bias, sizes, proj_size), accepts a common module prefix ({@code rnn.weight_ih_l0} from a model holding {@code self.rnn}) and
 * ignores unrelated keys ({@code head.*}, {@code fc.*}). Pure: the caller reads the file.
 */
public final class StateDict {

    private static final Pattern RNN_KEY = Pattern.compile("(.*?)((?:weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l\\d+(?:_reverse)?)");

    private StateDict() {
    }

    /**
     * An RNN found in a state_dict.
     *
     * @param prefix      the module prefix the RNN's keys carry, e.g. {@code "rnn."} or {@code ""}
     * @param otherKeys   keys that are not this RNN's parameters (left for a readout head, or ignored)
     */
    public record Loaded(RnnConfig config, RnnParameters parameters, String prefix, List<String> otherKeys) {
    }

    /**
     * Builds the RNN from a state_dict.
     *
     * @param tensors      state_dict entries by name
     * @param prefix       the RNN's module prefix (with or without the trailing dot), or null to infer it
     * @param nonlinearity not recorded in a state_dict: the caller decides (null: tanh); ignored for LSTM and GRU
     * @param batchFirst   not recorded in a state_dict: the caller decides
     * @throws IllegalArgumentException with a one-line message naming the key at fault
     */
    public static Loaded load(Map<String, Tensor> tensors, String prefix, Nonlinearity nonlinearity, boolean batchFirst) {
        return load(tensors, prefix, nonlinearity, batchFirst, null);
    }

    /**
     * Builds the module from a state_dict whose cell may be declared (a {@code __metadata__} "mode").
     *
     * @param expectedMode the cell the caller was told (PyTorch's mode name), which the shapes must agree with; null
     *                     to take what the shapes say. An Elman RNN's declared mode also gives its nonlinearity when
     *                     {@code nonlinearity} is null.
     * @throws IllegalArgumentException with a one-line message naming the key at fault, or the disagreeing mode
     */
    public static Loaded load(Map<String, Tensor> tensors, String prefix, Nonlinearity nonlinearity, boolean batchFirst,
                              CellMode expectedMode) {
        String p = resolvePrefix(tensors, prefix);
        Map<String, Tensor> own = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(p) && ParameterName.parse(key.substring(p.length())) != null) {
                own.put(key.substring(p.length()), e.getValue());
            } else {
                other.add(key);
            }
        }
        Tensor wih0 = own.get("weight_ih_l0");
        Tensor whh0 = own.get("weight_hh_l0");
        if (wih0 == null || whh0 == null) {
            throw new IllegalArgumentException("missing " + p + (wih0 == null ? "weight_ih_l0" : "weight_hh_l0")
                    + ": every RNN has layer 0's input and recurrent weights");
        }
        if (wih0.rank() != 2 || whh0.rank() != 2) {
            throw new IllegalArgumentException(p + "weight_ih_l0 and " + p + "weight_hh_l0 must be 2-D, got "
                    + wih0.shapeString() + " and " + whh0.shapeString());
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (var e : own.entrySet()) shapes.put(e.getKey(), e.getValue().shape());
        Nonlinearity f = nonlinearity != null ? nonlinearity
                : expectedMode != null && !expectedMode.isGated() ? expectedMode.nonlinearity() : Nonlinearity.TANH;
        ModelShape shape;
        try {
            shape = ModelShape.infer(shapes, f);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(p + ex.getMessage());
        }
        if (expectedMode != null && !expectedMode.sameParametersAs(shape.mode())) {
            throw new IllegalArgumentException("mode " + expectedMode.torchName() + " was declared, but " + p
                    + "weight_hh_l0 " + whh0.shapeString() + (own.containsKey("weight_hr_l0") ? " with weight_hr_l0" : "")
                    + " is " + shape.mode().moduleName() + "'s");
        }
        RnnConfig config;
        try {
            config = new RnnConfig(shape.mode(), shape.inputSize(), shape.hiddenSize(), shape.numLayers(), shape.bias(),
                    batchFirst, 0.0, shape.bidirectional(), shape.projSize());
        } catch (RnnConfigException ex) {
            throw new IllegalArgumentException(p + "weight_ih_l0 " + wih0.shapeString() + ": " + ex.getMessage());
        }
        Optional<String> mismatch = config.shape().mismatch(shapes, p);
        if (mismatch.isPresent()) throw new IllegalArgumentException(mismatch.get());
        RnnParameters params = RnnParameters.zeros(config);
        for (ParameterName name : params.names()) {
            float[] data = own.get(name.torchName()).data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new IllegalArgumentException(p + name.torchName() + " holds a non-finite value (" + data[i]
                            + ") at flat index " + i);
                }
            }
            System.arraycopy(data, 0, params.get(name), 0, data.length);
        }
        return new Loaded(config, params, p, other);
    }

    /** The RNN's prefix: the given one (normalised to end with a dot), or the only one the keys show. */
    static String resolvePrefix(Map<String, Tensor> tensors, String prefix) {
        if (prefix != null && !prefix.isEmpty()) {
            String p = prefix.endsWith(".") ? prefix : prefix + ".";
            for (String key : tensors.keySet()) {
                if (key.startsWith(p) && ParameterName.parse(key.substring(p.length())) != null) return p;
            }
            throw new IllegalArgumentException("no RNN parameters under prefix '" + p + "' (keys: " + sample(tensors) + ")");
        }
        TreeSet<String> prefixes = new TreeSet<>();
        for (String key : tensors.keySet()) {
            Matcher m = RNN_KEY.matcher(key);
            if (m.matches()) prefixes.add(m.group(1));
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no RNN parameters (weight_ih_l0, weight_hh_l0, ...) found (keys: "
                    + sample(tensors) + ")");
        }
        if (prefixes.size() > 1) {
            throw new IllegalArgumentException("several RNNs in this state_dict (prefixes " + String.join(", ",
                    prefixes.stream().map(s -> "'" + s + "'").toList()) + "); choose one with --prefix");
        }
        return prefixes.first();
    }

    private static String sample(Map<String, Tensor> tensors) {
        List<String> keys = new ArrayList<>(tensors.keySet());
        String s = String.join(", ", keys.subList(0, Math.min(6, keys.size())));
        return keys.size() > 6 ? s + ", ..." : s;
    }
}
