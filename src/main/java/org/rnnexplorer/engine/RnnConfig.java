package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every constructor argument of {@code torch.nn.RNN}, validated as PyTorch validates them (the 2.x messages).
 *
 * @param inputSize      H_in, features per input step
 * @param hiddenSize     H, features of the hidden state
 * @param numLayers      stacked layers; layer k &gt; 0 reads the D·H-wide output of layer k-1
 * @param nonlinearity   tanh or relu
 * @param bias           whether b_ih and b_hh exist
 * @param batchFirst     input/output laid out (N, L, ·) instead of (L, N, ·); never affects h0/h_n
 * @param dropout        probability of zeroing each inter-layer output element in training mode
 * @param bidirectional  D = 2 when true
 */
public record RnnConfig(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias,
                        boolean batchFirst, double dropout, boolean bidirectional) {

    public RnnConfig {
        if (nonlinearity == null) {
            throw new RnnConfigException("nonlinearity", "Unknown nonlinearity 'None'. Select from 'tanh' or 'relu'.");
        }
        if (!(dropout >= 0 && dropout <= 1)) { // also rejects NaN
            throw new RnnConfigException("dropout", "dropout should be a number in range [0, 1] representing the "
                    + "probability of an element being zeroed");
        }
        if (hiddenSize <= 0) {
            throw new RnnConfigException("hidden_size", "hidden_size must be greater than zero");
        }
        if (numLayers <= 0) {
            throw new RnnConfigException("num_layers", "num_layers must be greater than zero");
        }
        if (inputSize <= 0) {
            throw new RnnConfigException("input_size", "input_size must be greater than zero");
        }
    }

    /** {@code nn.RNN(inputSize, hiddenSize)} with PyTorch's defaults for everything else. */
    public static RnnConfig of(int inputSize, int hiddenSize) {
        return new RnnConfig(inputSize, hiddenSize, 1, Nonlinearity.TANH, true, false, 0.0, false);
    }

    /** D: 2 for a bidirectional RNN, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** The parameters' shape as one value: what a state_dict must hold for this module. */
    public ModelShape shape() {
        return ModelShape.of(this);
    }

    /** PyTorch's mode name for this module: RNN_TANH or RNN_RELU. */
    public CellMode mode() {
        return CellMode.of(nonlinearity);
    }

    /** Input width of layer k: H_in for layer 0, D·H above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : numDirections() * hiddenSize;
    }

    /** Width of the output tensor's feature axis: D·H. */
    public int outputSize() {
        return numDirections() * hiddenSize;
    }

    /** Number of (layer, direction) pairs: D·num_layers, the first axis of h0 and h_n. */
    public int stateCount() {
        return numDirections() * numLayers;
    }

    /**
     * PyTorch's warning for dropout that does nothing, or empty. A warning, not an error, as in PyTorch.
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (dropout > 0 && numLayers == 1) {
            w.add("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                    + "num_layers greater than 1, but got dropout=" + formatPython(dropout) + " and num_layers=1");
        }
        return w;
    }

    /** Total number of scalar parameters, as {@code sum(p.numel() for p in rnn.parameters())}. */
    public long parameterCount() {
        long count = 0;
        for (int k = 0; k < numLayers; k++) {
            long perDirection = (long) hiddenSize * layerInputSize(k) + (long) hiddenSize * hiddenSize
                    + (bias ? 2L * hiddenSize : 0);
            count += numDirections() * perDirection;
        }
        return count;
    }

    public RnnConfig withInputSize(int v) {
        return new RnnConfig(v, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional);
    }

    public RnnConfig withHiddenSize(int v) {
        return new RnnConfig(inputSize, v, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional);
    }

    public RnnConfig withNumLayers(int v) {
        return new RnnConfig(inputSize, hiddenSize, v, nonlinearity, bias, batchFirst, dropout, bidirectional);
    }

    public RnnConfig withNonlinearity(Nonlinearity v) {
        return new RnnConfig(inputSize, hiddenSize, numLayers, v, bias, batchFirst, dropout, bidirectional);
    }

    public RnnConfig withBias(boolean v) {
        return new RnnConfig(inputSize, hiddenSize, numLayers, nonlinearity, v, batchFirst, dropout, bidirectional);
    }

    public RnnConfig withBatchFirst(boolean v) {
        return new RnnConfig(inputSize, hiddenSize, numLayers, nonlinearity, bias, v, dropout, bidirectional);
    }

    public RnnConfig withDropout(double v) {
        return new RnnConfig(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, v, bidirectional);
    }

    public RnnConfig withBidirectional(boolean v) {
        return new RnnConfig(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, v);
    }

    /** PyTorch's repr: only non-default fields, nonlinearity spelled out when not tanh (2.x shows it). */
    public String torchRepr() {
        StringBuilder sb = new StringBuilder("RNN(").append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
        if (nonlinearity != Nonlinearity.TANH) sb.append(", nonlinearity='").append(nonlinearity.torchName()).append('\'');
        if (!bias) sb.append(", bias=False");
        if (batchFirst) sb.append(", batch_first=True");
        if (dropout != 0) sb.append(", dropout=").append(formatPython(dropout));
        if (bidirectional) sb.append(", bidirectional=True");
        return sb.append(')').toString();
    }

    /** The Python constructor call that builds the same module. */
    public String torchConstructor() {
        StringBuilder sb = new StringBuilder("nn.RNN(input_size=").append(inputSize)
                .append(", hidden_size=").append(hiddenSize)
                .append(", num_layers=").append(numLayers)
                .append(", nonlinearity='").append(nonlinearity.torchName()).append('\'')
                .append(", bias=").append(bias ? "True" : "False")
                .append(", batch_first=").append(batchFirst ? "True" : "False")
                .append(", dropout=").append(formatPython(dropout))
                .append(", bidirectional=").append(bidirectional ? "True" : "False");
        return sb.append(')').toString();
    }

    /** Formats a double as Python's repr would (0.5, 0.0, 1e-05 style is not needed for [0, 1]). */
    static String formatPython(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }
}
