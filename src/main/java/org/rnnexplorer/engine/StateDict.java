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
 * Maps a PyTorch state_dict onto an RNN: infers the configuration from the names and shapes (layers, directions,
 * bias, sizes), accepts a common module prefix ({@code rnn.weight_ih_l0} from a model holding {@code self.rnn}) and
 * ignores unrelated keys ({@code head.*}, {@code fc.*}). Pure: the caller reads the file.
 */
public final class StateDict {

    private static final Pattern RNN_KEY = Pattern.compile("(.*?)((?:weight_ih|weight_hh|bias_ih|bias_hh)_l\\d+(?:_reverse)?)");

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
     * @param nonlinearity not recorded in a state_dict: the caller decides
     * @param batchFirst   not recorded in a state_dict: the caller decides
     * @throws IllegalArgumentException with a one-line message naming the key at fault
     */
    public static Loaded load(Map<String, Tensor> tensors, String prefix, Nonlinearity nonlinearity, boolean batchFirst) {
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
        int layers = 0;
        boolean bidirectional = false;
        for (String k : own.keySet()) {
            ParameterName n = ParameterName.parse(k);
            layers = Math.max(layers, n.layer() + 1);
            bidirectional |= n.direction() == 1;
        }
        boolean bias = own.containsKey("bias_ih_l0") || own.containsKey("bias_hh_l0");
        RnnConfig config;
        try {
            config = new RnnConfig(wih0.dim(1), whh0.dim(0), layers, nonlinearity, bias, batchFirst, 0.0, bidirectional);
        } catch (RnnConfigException ex) {
            throw new IllegalArgumentException(p + "weight_ih_l0 " + wih0.shapeString() + ": " + ex.getMessage());
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (var e : own.entrySet()) shapes.put(e.getKey(), e.getValue().shape());
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
