package org.rnnexplorer.engine.bench;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

import java.util.Locale;

/**
 * The standard benchmark shapes (shared/spec/performance.md): T steps, B batch, I input, H hidden, layers,
 * bidirectional; tanh with biases, as {@code nn.RNN}'s defaults.
 */
public enum BenchShape {
    /** A classroom demo. */
    TINY(100, 1, 1, 32, 1, false),
    /** A vanishing-gradient run over a long sequence. */
    LONG(1000, 1, 8, 128, 1, false),
    /** A small training batch. */
    MID(200, 32, 64, 256, 2, false),
    /** A large model, throughput-bound. */
    BIGBI(100, 64, 512, 1024, 2, true),
    /** Long sequences at moderate width, latency-bound. */
    WIDE(1000, 16, 128, 512, 1, false);

    private final int steps;
    private final int batch;
    private final int inputSize;
    private final int hiddenSize;
    private final int layers;
    private final boolean bidirectional;

    BenchShape(int steps, int batch, int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        this.steps = steps;
        this.batch = batch;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.bidirectional = bidirectional;
    }

    /** The lowercase name used on the command line and in JSON. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int steps() {
        return steps;
    }

    public int batch() {
        return batch;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int layers() {
        return layers;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    /** {@code nn.RNN(I, H, num_layers, bidirectional=…)} with defaults otherwise. */
    public RnnConfig config() {
        return new RnnConfig(inputSize, hiddenSize, layers, Nonlinearity.TANH, true, false, 0.0, bidirectional);
    }

    /** The same shape for a cell: {@code nn.LSTM(I, H, ...)} or {@code nn.GRU(...)} (no projection), or the RNN. */
    public RnnConfig config(CellMode mode) {
        return new RnnConfig(mode, inputSize, hiddenSize, layers, true, false, 0.0, bidirectional, 0);
    }

    /** Forward FLOPs: 2·T·B·H·(I_k + H) summed over layers k and directions (multiply-adds count 2). */
    public long forwardFlops() {
        return forwardFlops(CellMode.RNN_TANH);
    }

    /** Forward FLOPs of the products for a cell: 2·T·B·G·H·(I_k + H) over layers and directions (G gate blocks). */
    public long forwardFlops(CellMode mode) {
        RnnConfig c = config(mode);
        long flops = 0;
        for (int k = 0; k < layers; k++) {
            flops += 2L * c.numDirections() * steps * batch * c.gateRows() * (c.layerInputSize(k) + hiddenSize);
        }
        return flops;
    }

    /**
     * The shape with this name.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static BenchShape parse(String name) {
        for (BenchShape s : values()) if (s.key().equals(name.trim().toLowerCase(Locale.ROOT))) return s;
        throw new IllegalArgumentException("unknown shape '" + name + "' (expected tiny, long, mid, bigbi, wide or all)");
    }
}
