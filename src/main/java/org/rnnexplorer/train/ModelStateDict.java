package org.rnnexplorer.train;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.ShortList;
import org.rnnexplorer.engine.StateDict;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Model} to and from a state_dict (name → tensor, e.g. read from safetensors). Files name the RNN's
 * tensors bare ({@code weight_ih_l0}, a saved {@code nn.RNN}) or under a module prefix ({@code rnn.weight_ih_l0}),
 * and a head as {@code <prefix>weight} / {@code <prefix>bias} ({@code head.weight}, or e.g. {@code fc.weight}).
 * {@link Naming} remembers which, so the trained weights go back under the names they came with.
 */
public final class ModelStateDict {

    private ModelStateDict() {
    }

    /**
     * How a file names the model's tensors.
     *
     * @param rnnPrefix  prefix of the RNN's names: "" or e.g. "rnn."
     * @param headPrefix prefix of the head's weight and bias, e.g. "head.", or null when there is no head
     */
    public record Naming(String rnnPrefix, String headPrefix) {
        /** A bare nn.RNN's names, plus head.* when there is a head. */
        public static Naming bare(boolean withHead) {
            return new Naming("", withHead ? "head." : null);
        }

        /** The file's name for a model parameter name ({@code weight_hh_l0}, {@code head.weight}). */
        public String fileName(String modelName) {
            if (modelName.equals(Model.HEAD_WEIGHT)) return requireHead() + "weight";
            if (modelName.equals(Model.HEAD_BIAS)) return requireHead() + "bias";
            return rnnPrefix + modelName;
        }

        private String requireHead() {
            if (headPrefix == null) throw new IllegalStateException("this naming has no head");
            return headPrefix;
        }
    }

    /**
     * Finds the naming of a set of keys.
     *
     * @throws TrainingConfigException when the keys hold no RNN, mix prefixes, or hold keys that are neither RNN
     *                                 nor one linear head
     */
    public static Naming infer(Collection<String> keys) {
        String rnnPrefix = null;
        List<String> others = new ArrayList<>();
        for (String key : keys) {
            int dot = key.lastIndexOf('.');
            String last = key.substring(dot + 1);
            if (ParameterName.parse(last) != null) {
                String prefix = key.substring(0, dot + 1);
                if (rnnPrefix != null && !rnnPrefix.equals(prefix)) {
                    throw new TrainingConfigException("weights", "RNN parameters under two prefixes: '" + rnnPrefix
                            + "' and '" + prefix + "'");
                }
                rnnPrefix = prefix;
            } else {
                others.add(key);
            }
        }
        if (rnnPrefix == null) {
            throw new TrainingConfigException("weights", "no nn.RNN parameters (weight_ih_l0, …) among the keys "
                    + quoted(keys));
        }
        if (others.isEmpty()) return new Naming(rnnPrefix, null);
        String headPrefix = null;
        Set<String> otherSet = new HashSet<>(others); // a list's contains in this loop was quadratic: 100,000 keys, 31 s
        for (String key : others) {
            if (key.endsWith("weight") && otherSet.contains(key.substring(0, key.length() - 6) + "bias")) {
                headPrefix = key.substring(0, key.length() - 6);
            }
        }
        Set<String> unexpected = new LinkedHashSet<>(others);
        if (headPrefix != null) {
            unexpected.remove(headPrefix + "weight");
            unexpected.remove(headPrefix + "bias");
        }
        if (headPrefix == null || !unexpected.isEmpty()) {
            throw new TrainingConfigException("weights", "Unexpected key(s) in state_dict: "
                    + quoted(headPrefix == null ? others : unexpected) + ". Expected the RNN's parameters and at most "
                    + "one linear head (head.weight, head.bias).");
        }
        return new Naming(rnnPrefix, headPrefix);
    }

    /**
     * The nn.RNN configuration the tensors imply (sizes, layers, direction, bias); what names and shapes cannot
     * tell comes from the caller.
     */
    public static RnnConfig inferConfig(Map<String, Tensor> tensors, Nonlinearity nonlinearity, boolean batchFirst,
                                        double dropout) {
        Naming naming = infer(tensors.keySet());
        // The RNN's own checks (every tensor present, shapes, finite values) live in the engine's ModelStateDict.
        return StateDict.load(tensors, naming.rnnPrefix(), nonlinearity, batchFirst).config()
                .withDropout(dropout);
    }

    /**
     * A model holding copies of the tensors, checked against the configuration as {@code load_state_dict} checks:
     * every parameter present, nothing unexpected, every shape right.
     */
    public static Model load(Map<String, Tensor> tensors, RnnConfig config, Readout readout) {
        Naming naming = infer(tensors.keySet());
        RnnParameters rnn = RnnParameters.zeros(config);
        Linear head = null;
        if (naming.headPrefix() != null) {
            Tensor w = tensors.get(naming.headPrefix() + "weight");
            if (w.rank() != 2) {
                throw new TrainingConfigException(naming.headPrefix() + "weight", "size mismatch for "
                        + naming.headPrefix() + "weight: a linear head's weight is (O, " + config.outputSize()
                        + "), got " + w.shapeString());
            }
            head = new Linear(config.outputSize(), w.dim(0));
        }
        Model model = new Model(rnn, head, readout);
        List<String> missing = new ArrayList<>();
        Set<String> unexpected = new LinkedHashSet<>(tensors.keySet());
        for (ModelParameter p : model.parameters()) {
            String fileName = naming.fileName(p.name());
            unexpected.remove(fileName);
            Tensor t = tensors.get(fileName);
            if (t == null) {
                missing.add(fileName);
                continue;
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new TrainingConfigException(fileName, "size mismatch for " + fileName
                        + ": copying a param with shape " + torchSize(t.shape()) + " from checkpoint, the shape in "
                        + "current model is " + torchSize(p.shape()) + ".");
            }
            System.arraycopy(t.data(), 0, p.data(), 0, t.size());
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + config.torchRepr() + ":");
            if (!missing.isEmpty()) sb.append(" Missing key(s) in state_dict: ").append(quoted(missing)).append('.');
            if (!unexpected.isEmpty()) sb.append(" Unexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
            throw new TrainingConfigException("weights", sb.toString());
        }
        return model;
    }

    /** Copies of the model's tensors under the naming's names, in model order. */
    public static Map<String, Tensor> export(Model model, Naming naming) {
        if (model.hasHead() && naming.headPrefix() == null) {
            throw new IllegalArgumentException("the model has a head but the naming has no head prefix");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ModelParameter p : model.parameters()) out.put(naming.fileName(p.name()), p.asTensor().copy());
        return out;
    }

    /** Keys quoted in a message before the rest are counted: a whole model's checkpoint may hold 500,000. */
    static final int KEYS_QUOTED = 20;

    /** PyTorch's {@code "a", "b"}; past {@link #KEYS_QUOTED} keys, the first ones and {@code ... (N in all)}. */
    static String quoted(Collection<String> keys) {
        return ShortList.of(keys, KEYS_QUOTED, k -> '"' + k + '"');
    }

    private static String torchSize(int[] shape) {
        return "torch.Size(" + Tensor.formatList(shape) + ")";
    }
}
