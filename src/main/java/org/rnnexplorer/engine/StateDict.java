package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.Collection;
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
     * The module a state_dict's names and shapes describe, without its values ({@code rnnx info} reads only a file's
     * headers).
     *
     * @param prefix    the module prefix the RNN's keys carry, e.g. {@code "rnn."} or {@code ""}
     * @param otherKeys keys that are not this RNN's parameters
     */
    public record Described(RnnConfig config, String prefix, List<String> otherKeys) {
    }

    /**
     * Builds the RNN from a state_dict: {@link #describe} on the tensors' shapes, then their values, which must be
     * finite.
     *
     * @param tensors      state_dict entries by name
     * @param prefix       the RNN's module prefix (with or without the trailing dot), or null to infer it
     * @param nonlinearity not recorded in a state_dict: the caller decides (null: tanh); ignored for LSTM and GRU
     * @param batchFirst   not recorded in a state_dict: the caller decides
     * @throws IllegalArgumentException with a one-line message naming the key at fault
     */
    public static Loaded load(Map<String, Tensor> tensors, String prefix, Nonlinearity nonlinearity, boolean batchFirst) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) shapes.put(e.getKey(), e.getValue().shape());
        Described d = describe(shapes, prefix, nonlinearity, batchFirst);
        RnnParameters params = RnnParameters.zeros(d.config());
        for (ParameterName name : params.names()) {
            float[] data = tensors.get(d.prefix() + name.torchName()).data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new IllegalArgumentException(d.prefix() + name.torchName() + " holds a non-finite value ("
                            + data[i] + ") at flat index " + i);
                }
            }
            System.arraycopy(data, 0, params.get(name), 0, data.length);
        }
        return new Loaded(d.config(), params, d.prefix(), d.otherKeys());
    }

    /**
     * The module a state_dict describes, from its names and shapes alone.
     *
     * @param shapes       each state_dict entry's shape by name, in the file's order
     * @param prefix       the RNN's module prefix (with or without the trailing dot), or null to infer it
     * @param nonlinearity not recorded in a state_dict: the caller decides (null: tanh); ignored for LSTM and GRU
     * @param batchFirst   not recorded in a state_dict: the caller decides
     * @throws IllegalArgumentException with a one-line message naming the key at fault
     */
    public static Described describe(Map<String, int[]> shapes, String prefix, Nonlinearity nonlinearity,
                                     boolean batchFirst) {
        String p = resolvePrefix(shapes.keySet(), prefix);
        Map<String, int[]> own = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (var e : shapes.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(p) && ParameterName.parse(key.substring(p.length())) != null) {
                own.put(key.substring(p.length()), e.getValue());
            } else {
                other.add(key);
            }
        }
        int[] wih0 = own.get("weight_ih_l0");
        int[] whh0 = own.get("weight_hh_l0");
        if (wih0 == null || whh0 == null) {
            throw new IllegalArgumentException("missing " + p + (wih0 == null ? "weight_ih_l0" : "weight_hh_l0")
                    + ": every RNN has layer 0's input and recurrent weights");
        }
        if (wih0.length != 2 || whh0.length != 2) {
            throw new IllegalArgumentException(p + "weight_ih_l0 and " + p + "weight_hh_l0 must be 2-D, got "
                    + Tensor.formatList(wih0) + " and " + Tensor.formatList(whh0));
        }
        ModelShape shape;
        try {
            shape = ModelShape.infer(own, nonlinearity != null ? nonlinearity : Nonlinearity.TANH);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(p + ex.getMessage());
        }
        RnnConfig config;
        try {
            config = new RnnConfig(shape.mode(), shape.inputSize(), shape.hiddenSize(), shape.numLayers(), shape.bias(),
                    batchFirst, 0.0, shape.bidirectional(), shape.projSize());
        } catch (RnnConfigException ex) {
            throw new IllegalArgumentException(p + "weight_ih_l0 " + Tensor.formatList(wih0) + ": " + ex.getMessage());
        }
        Optional<String> mismatch = config.shape().mismatch(own, p);
        if (mismatch.isPresent()) throw new IllegalArgumentException(mismatch.get());
        return new Described(config, p, other);
    }

    /** The RNN's prefix: the given one (normalised to end with a dot), or the only one the keys show. */
    static String resolvePrefix(Collection<String> keys, String prefix) {
        if (prefix != null && !prefix.isEmpty()) {
            String p = prefix.endsWith(".") ? prefix : prefix + ".";
            for (String key : keys) {
                if (key.startsWith(p) && ParameterName.parse(key.substring(p.length())) != null) return p;
            }
            throw new IllegalArgumentException("no RNN parameters under prefix '" + p + "' (keys: " + sample(keys) + ")");
        }
        TreeSet<String> prefixes = new TreeSet<>();
        for (String key : keys) {
            Matcher m = RNN_KEY.matcher(key);
            if (m.matches()) prefixes.add(m.group(1));
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no RNN parameters (weight_ih_l0, weight_hh_l0, ...) found (keys: "
                    + sample(keys) + ")");
        }
        if (prefixes.size() > 1) {
            // The first few: a file of 200,000 prefixes made this a line of megabytes.
            throw new IllegalArgumentException("several RNNs in this state_dict (prefixes "
                    + ShortList.of(prefixes, PREFIXES_NAMED, s -> "'" + s + "'")
                    + "); choose one with --prefix");
        }
        return prefixes.first();
    }

    /** Prefixes named when a state_dict holds several RNNs; the rest are counted. */
    static final int PREFIXES_NAMED = 10;

    private static String sample(Collection<String> keys) {
        List<String> first = keys.stream().limit(7).toList();
        String s = String.join(", ", first.subList(0, Math.min(6, first.size())));
        return first.size() > 6 ? s + ", ..." : s;
    }
}
