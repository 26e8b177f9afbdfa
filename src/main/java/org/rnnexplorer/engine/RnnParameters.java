package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU}, with PyTorch's names, shapes and order
 * (layer-major, forward before reverse, then weight_ih, weight_hh, bias_ih, bias_hh, weight_hr), as
 * {@link ModelShape#parameterShapes()} lists them. Also used for gradients, which have the same names and shapes.
 * Arrays are mutable and row-major: W_ih is (G·H, in_k), W_hh is (G·H, H_out), biases are (G·H), W_hr is (P, H),
 * with the gate blocks stacked in {@link CellMode#gateNames()} order (G = 1 for the Elman RNN).
 */
public final class RnnParameters {
    private final RnnConfig config;
    private final LinkedHashMap<String, float[]> tensors = new LinkedHashMap<>();
    private final List<ParameterName> order = new ArrayList<>();

    private RnnParameters(RnnConfig config) {
        this.config = config;
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < config.numDirections(); d++) {
                for (ParameterName.Kind kind : ParameterName.Kind.values()) {
                    if (kind.isBias() && !config.bias()) continue;
                    if (kind == ParameterName.Kind.WEIGHT_HR && config.projSize() == 0) continue;
                    ParameterName name = new ParameterName(kind, k, d);
                    int[] shape = name.shape(config);
                    int n = MemoryBudget.elements(name.torchName(), java.util.Arrays.stream(shape).asLongStream().toArray());
                    order.add(name);
                    tensors.put(name.torchName(), new float[n]);
                }
            }
        }
    }

    /** All-zero parameters for a configuration. */
    public static RnnParameters zeros(RnnConfig config) {
        return new RnnParameters(config);
    }

    public RnnConfig config() {
        return config;
    }

    /** Names in PyTorch's {@code parameters()} order. */
    public List<ParameterName> names() {
        return Collections.unmodifiableList(order);
    }

    /** The tensor named as in PyTorch's state_dict; throws for an unknown name. */
    public float[] get(String torchName) {
        float[] t = tensors.get(torchName);
        if (t == null) throw new IllegalArgumentException("no parameter named " + torchName);
        return t;
    }

    public float[] get(ParameterName name) {
        return get(name.torchName());
    }

    public boolean has(String torchName) {
        return tensors.containsKey(torchName);
    }

    public int[] shape(String torchName) {
        ParameterName p = ParameterName.parse(torchName);
        if (p == null || !tensors.containsKey(torchName)) throw new IllegalArgumentException("no parameter named " + torchName);
        return p.shape(config);
    }

    /** W_hr of (layer, direction), (P, H) row-major; null without a projection. */
    public float[] weightHr(int layer, int direction) {
        return config.projSize() > 0 ? get(new ParameterName(ParameterName.Kind.WEIGHT_HR, layer, direction)) : null;
    }

    /** W_ih of (layer, direction), (G·H, in_k) row-major. */
    public float[] weightIh(int layer, int direction) {
        return get(new ParameterName(ParameterName.Kind.WEIGHT_IH, layer, direction));
    }

    /** W_hh of (layer, direction), (G·H, H_out) row-major. */
    public float[] weightHh(int layer, int direction) {
        return get(new ParameterName(ParameterName.Kind.WEIGHT_HH, layer, direction));
    }

    /** b_ih of (layer, direction), (G·H); null without bias. */
    public float[] biasIh(int layer, int direction) {
        return config.bias() ? get(new ParameterName(ParameterName.Kind.BIAS_IH, layer, direction)) : null;
    }

    /** b_hh of (layer, direction), (G·H); null without bias. */
    public float[] biasHh(int layer, int direction) {
        return config.bias() ? get(new ParameterName(ParameterName.Kind.BIAS_HH, layer, direction)) : null;
    }

    /** Name → tensor in PyTorch's order (live arrays). */
    public Map<String, float[]> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Name → Tensor with PyTorch's shapes (live arrays). */
    public Map<String, Tensor> asTensors() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (ParameterName p : order) out.put(p.torchName(), new Tensor(p.shape(config), tensors.get(p.torchName())));
        return out;
    }

    public RnnParameters copy() {
        RnnParameters c = new RnnParameters(config);
        for (var e : tensors.entrySet()) System.arraycopy(e.getValue(), 0, c.tensors.get(e.getKey()), 0, e.getValue().length);
        return c;
    }

    /**
     * A copy of these parameters under another configuration with the same parameter names and shapes: the
     * nonlinearity, batch_first and dropout are not in the weights, so a form or a caller may set them.
     *
     * @throws IllegalArgumentException when {@code other}'s parameters differ in any name or shape
     */
    public RnnParameters withConfig(RnnConfig other) {
        if (!config.shape().sameParametersAs(other.shape())) {
            throw new IllegalArgumentException("the weights are those of " + config.torchRepr()
                    + ", not of " + other.torchRepr());
        }
        RnnParameters c = new RnnParameters(other);
        c.copyFrom(this);
        return c;
    }

    /** Copies every tensor of {@code other} (same configuration shapes) into this one. */
    public void copyFrom(RnnParameters other) {
        for (var e : tensors.entrySet()) {
            float[] src = other.get(e.getKey());
            System.arraycopy(src, 0, e.getValue(), 0, src.length);
        }
    }

    /** Total element count, as {@code sum(p.numel())}. */
    public long elementCount() {
        long n = 0;
        for (float[] t : tensors.values()) n += t.length;
        return n;
    }
}
