package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every constructor argument of {@code torch.nn.RNN}, {@code nn.LSTM} or {@code nn.GRU}, validated as PyTorch
 * validates them (the 2.x messages).
 *
 * @param mode           the cell: RNN_TANH, RNN_RELU (the Elman RNN's nonlinearity), LSTM or GRU
 * @param inputSize      H_in, features per input step
 * @param hiddenSize     H, features of the hidden state (LSTM: of the cell state c_t and of each gate)
 * @param numLayers      stacked layers; layer k &gt; 0 reads the D·H_out-wide output of layer k-1
 * @param bias           whether b_ih and b_hh exist
 * @param batchFirst     input/output laid out (N, L, ·) instead of (L, N, ·); never affects h0/h_n
 * @param dropout        probability of zeroing each inter-layer output element in training mode
 * @param bidirectional  D = 2 when true
 * @param projSize       P, LSTM only: h_t = W_hr (o ⊙ tanh(c_t)) has H_out = P features; 0 for none
 */
public record RnnConfig(CellMode mode, int inputSize, int hiddenSize, int numLayers, boolean bias,
                        boolean batchFirst, double dropout, boolean bidirectional, int projSize) {

    public RnnConfig {
        if (mode == null) {
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
        if (projSize < 0) {
            throw new RnnConfigException("proj_size", "proj_size should be a positive integer or zero to disable projections");
        }
        if (projSize > 0 && mode != CellMode.LSTM) {
            throw new RnnConfigException("proj_size", "proj_size argument is only supported for LSTM, not RNN or GRU");
        }
        if (projSize > 0 && projSize >= hiddenSize) {
            throw new RnnConfigException("proj_size", "proj_size has to be smaller than hidden_size");
        }
        if (inputSize <= 0) {
            throw new RnnConfigException("input_size", "input_size must be greater than zero");
        }
    }

    /** {@code nn.RNN(...)}: an Elman RNN with this nonlinearity (null is refused with PyTorch's message). */
    public RnnConfig(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias,
                     boolean batchFirst, double dropout, boolean bidirectional) {
        this(nonlinearity == null ? null : CellMode.of(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst,
                dropout, bidirectional, 0);
    }

    /** {@code nn.RNN(inputSize, hiddenSize)} with PyTorch's defaults for everything else. */
    public static RnnConfig of(int inputSize, int hiddenSize) {
        return new RnnConfig(inputSize, hiddenSize, 1, Nonlinearity.TANH, true, false, 0.0, false);
    }

    /** {@code nn.LSTM(inputSize, hiddenSize)} or {@code nn.GRU(...)} (any mode) with PyTorch's defaults. */
    public static RnnConfig of(CellMode mode, int inputSize, int hiddenSize) {
        return new RnnConfig(mode, inputSize, hiddenSize, 1, true, false, 0.0, false, 0);
    }

    /**
     * The Elman RNN's nonlinearity.
     *
     * @throws IllegalStateException for LSTM and GRU, which take no nonlinearity argument
     */
    public Nonlinearity nonlinearity() {
        return mode.nonlinearity();
    }

    /** Whether this is an LSTM or a GRU (gate blocks in the weights, no nonlinearity argument). */
    public boolean isGated() {
        return mode.isGated();
    }

    /** D: 2 for a bidirectional RNN, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** The parameters' shape as one value: what a state_dict must hold for this module. */
    public ModelShape shape() {
        return ModelShape.of(this);
    }

    /** H_out: the width of h_t, P for an LSTM with a projection, else H. */
    public int outputHiddenSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /** G·H: the rows of W_ih, W_hh and the biases (G = 1 RNN, 3 GRU, 4 LSTM). */
    public int gateRows() {
        return mode.gateCount() * hiddenSize;
    }

    /** Input width of layer k: H_in for layer 0, D·H_out above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : numDirections() * outputHiddenSize();
    }

    /** Width of the output tensor's feature axis: D·H_out. */
    public int outputSize() {
        return numDirections() * outputHiddenSize();
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
        return shape().parameterCount();
    }

    public RnnConfig withMode(CellMode v) {
        return new RnnConfig(v, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }

    public RnnConfig withProjSize(int v) {
        return new RnnConfig(mode, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, v);
    }

    public RnnConfig withInputSize(int v) {
        return new RnnConfig(mode, v, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }

    public RnnConfig withHiddenSize(int v) {
        return new RnnConfig(mode, inputSize, v, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }

    public RnnConfig withNumLayers(int v) {
        return new RnnConfig(mode, inputSize, hiddenSize, v, bias, batchFirst, dropout, bidirectional, projSize);
    }

    /** An Elman RNN with this nonlinearity (also turns an LSTM or GRU into an RNN, dropping any projection). */
    public RnnConfig withNonlinearity(Nonlinearity v) {
        return new RnnConfig(v == null ? null : CellMode.of(v), inputSize, hiddenSize, numLayers, bias, batchFirst,
                dropout, bidirectional, 0);
    }

    public RnnConfig withBias(boolean v) {
        return new RnnConfig(mode, inputSize, hiddenSize, numLayers, v, batchFirst, dropout, bidirectional, projSize);
    }

    public RnnConfig withBatchFirst(boolean v) {
        return new RnnConfig(mode, inputSize, hiddenSize, numLayers, bias, v, dropout, bidirectional, projSize);
    }

    public RnnConfig withDropout(double v) {
        return new RnnConfig(mode, inputSize, hiddenSize, numLayers, bias, batchFirst, v, bidirectional, projSize);
    }

    public RnnConfig withBidirectional(boolean v) {
        return new RnnConfig(mode, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, v, projSize);
    }

    /**
     * PyTorch's repr: only non-default fields; proj_size first (as {@code RNNBase.extra_repr}); an RNN's nonlinearity
     * spelled out when not tanh (2.x shows it). E.g. {@code LSTM(3, 6, proj_size=2, num_layers=2)}.
     */
    public String torchRepr() {
        StringBuilder sb = new StringBuilder(mode.moduleName()).append('(').append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) sb.append(", proj_size=").append(projSize);
        if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
        if (mode == CellMode.RNN_RELU) sb.append(", nonlinearity='relu'");
        if (!bias) sb.append(", bias=False");
        if (batchFirst) sb.append(", batch_first=True");
        if (dropout != 0) sb.append(", dropout=").append(formatPython(dropout));
        if (bidirectional) sb.append(", bidirectional=True");
        return sb.append(')').toString();
    }

    /** The Python constructor call that builds the same module. */
    public String torchConstructor() {
        StringBuilder sb = new StringBuilder("nn.").append(mode.moduleName()).append("(input_size=").append(inputSize)
                .append(", hidden_size=").append(hiddenSize)
                .append(", num_layers=").append(numLayers);
        if (!isGated()) sb.append(", nonlinearity='").append(nonlinearity().torchName()).append('\'');
        sb.append(", bias=").append(bias ? "True" : "False")
                .append(", batch_first=").append(batchFirst ? "True" : "False")
                .append(", dropout=").append(formatPython(dropout))
                .append(", bidirectional=").append(bidirectional ? "True" : "False");
        if (mode == CellMode.LSTM && projSize != 0) sb.append(", proj_size=").append(projSize);
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
