package org.rnnexplorer.engine;


import java.util.Arrays;

/**
 * An {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} on a backend: takes tensors in any of PyTorch's layouts (batched, batch-first, unbatched,
 * variable lengths), checks them with PyTorch's messages and runs the backend's whole-sequence kernel.
 * Not thread-safe; one owner drives it.
 */
public final class Rnn implements AutoCloseable {
    private final RnnConfig config;
    private final RnnParameters parameters;
    private final RnnKernel kernel;
    private InputLayout lastLayout;
    private ForwardMode lastMode;
    private boolean hadH0;
    private boolean hadC0;
    private boolean parametersDirty = true;
    private boolean backwardDone;

    /** Uses {@code parameters} live: call {@link #parametersChanged()} after modifying them. */
    public Rnn(RnnParameters parameters, Backend backend) {
        this.config = parameters.config();
        this.parameters = parameters;
        this.kernel = backend.createKernel(config);
    }

    public RnnConfig config() {
        return config;
    }

    public RnnParameters parameters() {
        return parameters;
    }

    /** Marks the parameters as modified so that the next forward pass re-sends them to the backend. */
    public void parametersChanged() {
        parametersDirty = true;
    }

    /** The kernel, for callers that work in the backends' time-major layout directly. */
    public RnnKernel kernel() {
        return kernel;
    }

    /**
     * Forward pass.
     *
     * @param input   (L, N, H_in), (N, L, H_in) with batch_first, or (L, H_in)
     * @param h0      (D·num_layers, N, H_out), (D·num_layers, H_out) when unbatched, or null for zeros
     * @param lengths valid steps per batch element (pack_padded_sequence semantics), or null
     */
    public RnnOutput forward(Tensor input, Tensor h0, int[] lengths, ForwardOptions options) {
        return forward(input, h0, null, lengths, options);
    }

    /**
     * Forward pass with an LSTM's initial cell state.
     *
     * @param c0 (D·num_layers, N, H), (D·num_layers, H) when unbatched, or null for zeros; LSTM only
     */
    public RnnOutput forward(Tensor input, Tensor h0, Tensor c0, int[] lengths, ForwardOptions options) {
        InputLayout layout = InputLayout.check(config, input, h0, c0, lengths);
        float[][] masks = null;
        if (options.training() && config.dropout() > 0 && config.numLayers() > 1) {
            masks = options.dropoutMasks() != null ? options.dropoutMasks()
                    : DropoutMasks.bernoulli(config, layout.steps(), layout.batch(), options.dropoutSeed());
            DropoutMasks.check(config, layout.steps(), layout.batch(), masks);
        }
        SequenceBatch batch = layout.toBatch(input, h0, c0, lengths, masks);
        RnnOutput out = forward(batch, layout, options.mode(), h0 != null);
        hadC0 = c0 != null;
        return out;
    }

    /** Forward pass on an input already in the backends' layout, described by {@code layout}. */
    public RnnOutput forward(SequenceBatch batch, InputLayout layout, ForwardMode mode, boolean withH0) {
        if (parametersDirty) {
            kernel.setParameters(parameters);
            parametersDirty = false;
        }
        kernel.forward(batch, mode);
        lastLayout = layout;
        lastMode = mode;
        hadH0 = withH0;
        hadC0 = batch.c0() != null;
        backwardDone = false;
        float[] out = new float[MemoryBudget.elements("the output", layout.steps(), layout.batch(), config.outputSize())];
        kernel.readOutput(out);
        float[] hn = new float[MemoryBudget.elements("h_n", config.stateCount(), layout.batch(), config.outputHiddenSize())];
        kernel.readFinalHidden(hn);
        Tensor cn = null;
        if (config.mode() == CellMode.LSTM) {
            float[] c = new float[MemoryBudget.elements("c_n", config.stateCount(), layout.batch(), config.hiddenSize())];
            kernel.readFinalCell(c);
            cn = new Tensor(layout.cellStateShape(config), c);
        }
        return new RnnOutput(new Tensor(layout.outputShape(config), layout.fromTimeMajor(out, config.outputSize())),
                new Tensor(layout.stateShape(config), hn), cn, layout);
    }

    /**
     * Backpropagation through time after a forward pass in TRAINING or TRACE mode.
     *
     * @param gradOutput ∂L/∂output in output's shape, or null for zeros
     * @param gradHn     ∂L/∂h_n in h_n's shape, or null for zeros
     */
    public RnnGradients backward(Tensor gradOutput, Tensor gradHn) {
        return backward(gradOutput, gradHn, null);
    }

    /**
     * Backpropagation through time with an upstream gradient on an LSTM's c_n too.
     *
     * @param gradCn ∂L/∂c_n in c_n's shape, or null for zeros; LSTM only
     */
    public RnnGradients backward(Tensor gradOutput, Tensor gradHn, Tensor gradCn) {
        InputLayout layout = requireKept();
        if (gradCn != null && config.mode() != CellMode.LSTM) {
            throw new ShapeException(ShapeException.Argument.GRAD_C_N, "grad_c_n is an LSTM's; a " + config.mode().moduleName() + " has no cell state");
        }
        if (gradCn != null && !Arrays.equals(gradCn.shape(), layout.cellStateShape(config))) {
            throw new ShapeException(ShapeException.Argument.GRAD_C_N, "Expected grad_c_n of shape " + Tensor.formatTuple(layout.cellStateShape(config))
                    + ", got " + gradCn.shapeString());
        }
        if (gradOutput != null && !Arrays.equals(gradOutput.shape(), layout.outputShape(config))) {
            throw new ShapeException(ShapeException.Argument.GRAD_OUTPUT, "Expected grad_output of shape " + Tensor.formatTuple(layout.outputShape(config))
                    + ", got " + gradOutput.shapeString());
        }
        if (gradHn != null && !Arrays.equals(gradHn.shape(), layout.stateShape(config))) {
            throw new ShapeException(ShapeException.Argument.GRAD_H_N, "Expected grad_h_n of shape " + Tensor.formatTuple(layout.stateShape(config))
                    + ", got " + gradHn.shapeString());
        }
        kernel.backward(gradOutput == null ? null : layout.toTimeMajor(gradOutput.data(), config.outputSize()),
                gradHn == null ? null : gradHn.data(), gradCn == null ? null : gradCn.data());
        backwardDone = true;
        RnnParameters grads = RnnParameters.zeros(config);
        kernel.readParameterGradients(grads);
        float[] gx = new float[MemoryBudget.elements("grad_input", layout.steps(), layout.batch(), config.inputSize())];
        kernel.readGradInput(gx);
        Tensor gradH0 = null;
        if (hadH0) gradH0 = gradInitialHidden();
        Tensor gradC0 = null;
        if (hadC0) {
            float[] gc = new float[MemoryBudget.elements("grad_c0", config.stateCount(), layout.batch(), config.hiddenSize())];
            kernel.readGradC0(gc);
            gradC0 = new Tensor(layout.cellStateShape(config), gc);
        }
        return new RnnGradients(grads, new Tensor(layout.inputShape(config), layout.fromTimeMajor(gx, config.inputSize())),
                gradH0, gradC0);
    }

    /** ∂L/∂h0 even when no h0 was given (the explorer shows how far back the gradient reaches). (D·NL, N, H_out). */
    public Tensor gradInitialHidden() {
        InputLayout layout = requireBackward();
        float[] gh = new float[MemoryBudget.elements("grad_h0", config.stateCount(), layout.batch(), config.outputHiddenSize())];
        kernel.readGradH0(gh);
        return new Tensor(layout.stateShape(config), gh);
    }

    /** h_t of one layer and direction: (L, N, H_out) time-major, or (L, H_out) unbatched. */
    public Tensor hidden(int layer, int direction) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.outputHiddenSize())];
        kernel.readHidden(layer, direction, dst);
        return new Tensor(layout.traceShape(config), dst);
    }

    /** LSTM: c_t of one layer and direction: (L, N, H) time-major, or (L, H) unbatched. */
    public Tensor cell(int layer, int direction) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readCell(layer, direction, dst);
        return new Tensor(layout.traceShape(config.hiddenSize()), dst);
    }

    /**
     * LSTM or GRU: one gate after its nonlinearity, (L, N, H) time-major, or (L, H) unbatched.
     *
     * @param gate index in {@link CellMode#gateNames()} (i, f, g, o or r, z, n)
     */
    public Tensor gate(int layer, int direction, int gate) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readGate(layer, direction, gate, dst);
        return new Tensor(layout.traceShape(config.hiddenSize()), dst);
    }

    /** LSTM: ∂L/∂c_t of one layer and direction through every path, (L, N, H) or (L, H); after backward. */
    public Tensor gradCell(int layer, int direction) {
        InputLayout layout = requireBackward();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readGradCell(layer, direction, dst);
        return new Tensor(layout.traceShape(config.hiddenSize()), dst);
    }

    /** Elman RNN: a_t of one layer and direction: (L, N, H) time-major, or (L, H) unbatched; needs a TRACE forward pass. */
    public Tensor preactivation(int layer, int direction) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readPreactivation(layer, direction, dst);
        return new Tensor(layout.traceShape(config), dst);
    }

    /** ∂L/∂h_t of one layer and direction through every path: (L, N, H_out) or (L, H_out); after backward. */
    public Tensor gradHidden(int layer, int direction) {
        InputLayout layout = requireBackward();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.outputHiddenSize())];
        kernel.readGradHidden(layer, direction, dst);
        return new Tensor(layout.traceShape(config), dst);
    }

    /** The layout of the last forward pass, or null. */
    public InputLayout lastLayout() {
        return lastLayout;
    }

    private InputLayout requireKept() {
        if (lastLayout == null) throw new IllegalStateException("no forward pass has run");
        if (!lastMode.keepsHiddenStates()) throw new IllegalStateException("the last forward pass kept nothing (INFERENCE)");
        return lastLayout;
    }

    private InputLayout requireBackward() {
        InputLayout layout = requireKept();
        if (!backwardDone) throw new IllegalStateException("no backward pass has run");
        return layout;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
