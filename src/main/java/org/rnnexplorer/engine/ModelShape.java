package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a recurrent module's parameters are, as one value: the cell, the sizes, layers, directions, bias and LSTM
 * projection. Two models with equal shapes take each other's state_dict; batch_first and dropout are not part of it
 * (they change no parameter), the nonlinearity is (through the mode) but {@link #sameParametersAs} ignores it.
 * PyTorch keeps the same facts in {@code RNNBase} ({@code mode}, sizes, {@code _flat_weights_names}).
 *
 * @param mode          the cell: RNN_TANH, RNN_RELU, LSTM or GRU
 * @param inputSize     I, features per input step
 * @param hiddenSize    H, features of the hidden (LSTM: cell) state
 * @param numLayers     stacked layers; layer k &gt; 0 reads the D·H_out-wide output of layer k-1
 * @param bias          whether b_ih and b_hh exist
 * @param bidirectional D = 2 when true
 * @param projSize      P, LSTM only: h_t = W_hr (o ⊙ tanh(c_t)) has P features; 0 for none
 */
public record ModelShape(CellMode mode, int inputSize, int hiddenSize, int numLayers, boolean bias,
                         boolean bidirectional, int projSize) {

    /** The four (five with a projection) tensors of a (layer, direction), in PyTorch's registration order. */
    private static final List<String> KINDS = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr");

    public ModelShape {
        if (mode == null) throw new RnnConfigException("mode", "mode must be one of RNN_TANH, RNN_RELU, LSTM, GRU");
        if (hiddenSize <= 0) throw new RnnConfigException("hidden_size", "hidden_size must be greater than zero");
        if (numLayers <= 0) throw new RnnConfigException("num_layers", "num_layers must be greater than zero");
        if (inputSize <= 0) throw new RnnConfigException("input_size", "input_size must be greater than zero");
        if (projSize < 0) {
            throw new RnnConfigException("proj_size", "proj_size should be a positive integer or zero to disable projections");
        }
        if (projSize > 0 && mode != CellMode.LSTM) {
            throw new RnnConfigException("proj_size", "proj_size argument is only supported for LSTM, not RNN or GRU");
        }
        if (projSize >= hiddenSize && projSize > 0) {
            throw new RnnConfigException("proj_size", "proj_size has to be smaller than hidden_size");
        }
    }

    /** The shape of a module's configuration (batch_first and dropout dropped). */
    public static ModelShape of(RnnConfig config) {
        return new ModelShape(config.mode(), config.inputSize(), config.hiddenSize(),
                config.numLayers(), config.bias(), config.bidirectional(), config.projSize());
    }

    /** D: 2 when bidirectional, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** H_out: the width of h_t, P with a projection, else H. */
    public int outputHiddenSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /** Input width of layer k: I for layer 0, D·H_out above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : numDirections() * outputHiddenSize();
    }

    /** Width of the output tensor's feature axis: D·H_out. */
    public int outputSize() {
        return numDirections() * outputHiddenSize();
    }

    /** D·num_layers: the first axis of h_0, h_n (and c_0, c_n). */
    public int stateCount() {
        return numDirections() * numLayers;
    }

    /** Same names and shapes of every parameter: equal except, perhaps, tanh against relu. */
    public boolean sameParametersAs(ModelShape other) {
        return other != null && mode.sameParametersAs(other.mode) && inputSize == other.inputSize
                && hiddenSize == other.hiddenSize && numLayers == other.numLayers && bias == other.bias
                && bidirectional == other.bidirectional && projSize == other.projSize;
    }

    /** PyTorch's label of a (layer, direction) pair, the suffix of its parameter names: {@code l1}, {@code l0_reverse}. */
    public static String directionLabel(int layer, int direction) {
        return "l" + layer + (direction == 1 ? "_reverse" : "");
    }

    /** Every parameter's state_dict name in {@code named_parameters()} order, with its shape. */
    public Map<String, int[]> parameterShapes() {
        LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
        for (int k = 0; k < numLayers; k++) {
            for (int d = 0; d < numDirections(); d++) {
                for (String kind : KINDS) {
                    int[] shape = shapeOf(kind, k);
                    if (shape != null) shapes.put(kind + "_" + directionLabel(k, d), shape);
                }
            }
        }
        return shapes;
    }

    /** The state_dict names in {@code named_parameters()} order. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(new ArrayList<>(parameterShapes().keySet()));
    }

    /**
     * W_ih (G·H, in_k), W_hh (G·H, H_out), biases (G·H), W_hr (P, H); null for a tensor this model does not have.
     */
    private int[] shapeOf(String kind, int layer) {
        int rows = mode.gateCount() * hiddenSize;
        return switch (kind) {
            case "weight_ih" -> new int[] {rows, layerInputSize(layer)};
            case "weight_hh" -> new int[] {rows, outputHiddenSize()};
            case "bias_ih", "bias_hh" -> bias ? new int[] {rows} : null;
            case "weight_hr" -> projSize > 0 ? new int[] {projSize, hiddenSize} : null;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * The number of scalar parameters, as {@code sum(p.numel() for p in module.parameters())}. Counted from the sizes,
     * not by listing every tensor, so that a typo'd {@code num_layers} of two billion is priced at once.
     *
     * @throws ArithmeticException when the count does not fit a long
     */
    public long parameterCount() {
        long rows = Math.multiplyExact((long) mode.gateCount(), hiddenSize);
        long perDirectionOfEveryLayer = Math.multiplyExact(rows, outputHiddenSize()) // weight_hh
                + (bias ? 2 * rows : 0)                                           // bias_ih, bias_hh
                + (projSize > 0 ? (long) projSize * hiddenSize : 0);               // weight_hr
        long inputWeights = Math.addExact(Math.multiplyExact(rows, inputSize),      // weight_ih_l0
                Math.multiplyExact(Math.multiplyExact(rows, (long) numLayers - 1), layerInputSize(1)));
        long perDirection = Math.addExact(inputWeights, Math.multiplyExact(perDirectionOfEveryLayer, numLayers));
        return Math.multiplyExact(perDirection, numDirections());
    }

    /**
     * Whether a state_dict (names without module prefix, their shapes) holds exactly this model's parameters: empty
     * when it does, else one line naming the first key at fault.
     */
    public Optional<String> mismatch(Map<String, int[]> stateDictShapes) {
        return mismatch(stateDictShapes, "");
    }

    /**
     * {@link #mismatch(Map)} for a module found under a prefix in a larger state_dict: the message names each key as
     * the file has it. Expected shapes are written as tuples, the ones found as lists, as PyTorch's messages do.
     *
     * @param keyPrefix the module's prefix, e.g. {@code "rnn."}, or {@code ""}
     */
    public Optional<String> mismatch(Map<String, int[]> stateDictShapes, String keyPrefix) {
        Map<String, int[]> expected = parameterShapes();
        for (var e : expected.entrySet()) {
            int[] got = stateDictShapes.get(e.getKey());
            if (got == null) return Optional.of("missing " + keyPrefix + e.getKey() + " (" + describe() + " needs it)");
            if (!Arrays.equals(got, e.getValue())) {
                return Optional.of(keyPrefix + e.getKey() + ": expected shape " + Tensor.formatTuple(e.getValue())
                        + " for " + describe() + ", got " + Tensor.formatList(got));
            }
        }
        for (String key : stateDictShapes.keySet()) {
            if (!expected.containsKey(key)) return Optional.of("unexpected " + keyPrefix + key + " for " + describe());
        }
        return Optional.empty();
    }

    /** Whether a state_dict holds exactly this model's parameters ({@link #mismatch} is empty). */
    public boolean fits(Map<String, int[]> stateDictShapes) {
        return mismatch(stateDictShapes).isEmpty();
    }

    /**
     * The cell a state_dict's shapes imply (PyTorch's rule): W_hh has G·H rows and H_out columns; {@code weight_hr_l0}
     * present means an LSTM with P = its rows; otherwise rows/cols of 1, 3, 4 mean RNN, GRU, LSTM. An Elman RNN's
     * nonlinearity is not in a state_dict: the caller's {@code rnnNonlinearity} decides it.
     *
     * @param stateDictShapes names without module prefix, with their shapes
     * @throws IllegalArgumentException with a one-line message naming the key at fault
     */
    public static ModelShape infer(Map<String, int[]> stateDictShapes, Nonlinearity rnnNonlinearity) {
        int[] wih = stateDictShapes.get("weight_ih_l0"), whh = stateDictShapes.get("weight_hh_l0");
        if (wih == null || whh == null) {
            throw new IllegalArgumentException("missing " + (wih == null ? "weight_ih_l0" : "weight_hh_l0")
                    + ": every recurrent module has layer 0's input and recurrent weights");
        }
        if (wih.length != 2 || whh.length != 2) {
            throw new IllegalArgumentException("weight_ih_l0 and weight_hh_l0 must be 2-D, got "
                    + Tensor.formatTuple(wih) + " and " + Tensor.formatTuple(whh));
        }
        int[] whr = stateDictShapes.get("weight_hr_l0");
        CellMode mode;
        int hidden, proj = 0;
        if (whr != null) {
            if (whr.length != 2) throw new IllegalArgumentException("weight_hr_l0 must be 2-D, got " + Tensor.formatTuple(whr));
            mode = CellMode.LSTM;
            proj = whr[0];
            hidden = whr[1];
        } else {
            hidden = whh[1];
            if (hidden <= 0 || whh[0] % hidden != 0) {
                throw new IllegalArgumentException("weight_hh_l0 " + Tensor.formatTuple(whh)
                        + ": its rows must be 1, 3 or 4 times its columns (RNN, GRU, LSTM)");
            }
            mode = switch (whh[0] / hidden) {
                case 1 -> CellMode.of(rnnNonlinearity == null ? Nonlinearity.TANH : rnnNonlinearity);
                case 3 -> CellMode.GRU;
                case 4 -> CellMode.LSTM;
                default -> throw new IllegalArgumentException("weight_hh_l0 " + Tensor.formatTuple(whh)
                        + ": its rows must be 1, 3 or 4 times its columns (RNN, GRU, LSTM)");
            };
        }
        int layers = 0;
        boolean bidirectional = false;
        for (String key : stateDictShapes.keySet()) {
            int at = key.indexOf("_l");
            if (at < 0) continue;
            String rest = key.substring(at + 2);
            boolean reverse = rest.endsWith("_reverse");
            String digits = reverse ? rest.substring(0, rest.length() - "_reverse".length()) : rest;
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 6) continue;
            layers = Math.max(layers, Integer.parseInt(digits) + 1);
            bidirectional |= reverse;
        }
        boolean bias = stateDictShapes.containsKey("bias_ih_l0") || stateDictShapes.containsKey("bias_hh_l0");
        try {
            return new ModelShape(mode, wih[1], hidden, layers, bias, bidirectional, proj);
        } catch (RnnConfigException ex) {
            throw new IllegalArgumentException("weight_ih_l0 " + Tensor.formatTuple(wih) + ": " + ex.getMessage());
        }
    }

    /** In words, for messages: {@code a bidirectional 2-layer LSTM with bias and proj_size 2}. */
    public String describe() {
        return (bidirectional ? "a bidirectional " : "a ") + numLayers + "-layer " + mode.moduleName()
                + (bias ? " with bias" : " without bias") + (projSize > 0 ? " and proj_size " + projSize : "");
    }
}
