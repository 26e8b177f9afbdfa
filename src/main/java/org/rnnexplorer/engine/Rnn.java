package org.rnnexplorer.engine;


import java.util.Arrays;

/**
 * An {@code nn.RNN} on a backend: takes tensors in any of PyTorch's layouts (batched, batch-first, unbatched,
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
     * @param h0      (D·num_layers, N, H), (D·num_layers, H) when unbatched, or null for zeros
     * @param lengths valid steps per batch element (pack_padded_sequence semantics), or null
     */
    public RnnOutput forward(Tensor input, Tensor h0, int[] lengths, ForwardOptions options) {
        InputLayout layout = InputLayout.check(config, input, h0, lengths);
        float[][] masks = null;
        if (options.training() && config.dropout() > 0 && config.numLayers() > 1) {
            masks = options.dropoutMasks() != null ? options.dropoutMasks()
                    : DropoutMasks.bernoulli(config, layout.steps(), layout.batch(), options.dropoutSeed());
            DropoutMasks.check(config, layout.steps(), layout.batch(), masks);
        }
        SequenceBatch batch = layout.toBatch(input, h0, lengths, masks);
        return forward(batch, layout, options.mode(), h0 != null);
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
        backwardDone = false;
        float[] out = new float[MemoryBudget.elements("the output", layout.steps(), layout.batch(), config.outputSize())];
        kernel.readOutput(out);
        float[] hn = new float[MemoryBudget.elements("h_n", config.stateCount(), layout.batch(), config.hiddenSize())];
        kernel.readFinalHidden(hn);
        return new RnnOutput(new Tensor(layout.outputShape(config), layout.fromTimeMajor(out, config.outputSize())),
                new Tensor(layout.stateShape(config), hn), layout);
    }

    /**
     * Backpropagation through time after a forward pass in TRAINING or TRACE mode.
     *
     * @param gradOutput ∂L/∂output in output's shape, or null for zeros
     * @param gradHn     ∂L/∂h_n in h_n's shape, or null for zeros
     */
    public RnnGradients backward(Tensor gradOutput, Tensor gradHn) {
        InputLayout layout = requireKept();
        if (gradOutput != null && !Arrays.equals(gradOutput.shape(), layout.outputShape(config))) {
            throw new ShapeException(ShapeException.Argument.GRAD_OUTPUT, "Expected grad_output of shape " + Tensor.formatTuple(layout.outputShape(config))
                    + ", got " + gradOutput.shapeString());
        }
        if (gradHn != null && !Arrays.equals(gradHn.shape(), layout.stateShape(config))) {
            throw new ShapeException(ShapeException.Argument.GRAD_H_N, "Expected grad_h_n of shape " + Tensor.formatTuple(layout.stateShape(config))
                    + ", got " + gradHn.shapeString());
        }
        kernel.backward(gradOutput == null ? null : layout.toTimeMajor(gradOutput.data(), config.outputSize()),
                gradHn == null ? null : gradHn.data());
        backwardDone = true;
        RnnParameters grads = RnnParameters.zeros(config);
        kernel.readParameterGradients(grads);
        float[] gx = new float[MemoryBudget.elements("grad_input", layout.steps(), layout.batch(), config.inputSize())];
        kernel.readGradInput(gx);
        Tensor gradH0 = null;
        if (hadH0) {
            float[] gh = new float[MemoryBudget.elements("grad_h0", config.stateCount(), layout.batch(), config.hiddenSize())];
            kernel.readGradH0(gh);
            gradH0 = new Tensor(layout.stateShape(config), gh);
        }
        return new RnnGradients(grads, new Tensor(layout.inputShape(config), layout.fromTimeMajor(gx, config.inputSize())),
                gradH0);
    }

    /** ∂L/∂h0 even when no h0 was given (the explorer shows how far back the gradient reaches). (D·NL, N, H). */
    public Tensor gradInitialHidden() {
        InputLayout layout = requireBackward();
        float[] gh = new float[MemoryBudget.elements("grad_h0", config.stateCount(), layout.batch(), config.hiddenSize())];
        kernel.readGradH0(gh);
        return new Tensor(layout.stateShape(config), gh);
    }

    /** h_t of one layer and direction: (L, N, H) time-major, or (L, H) unbatched. */
    public Tensor hidden(int layer, int direction) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readHidden(layer, direction, dst);
        return new Tensor(layout.traceShape(config), dst);
    }

    /** a_t of one layer and direction: (L, N, H) time-major, or (L, H) unbatched; needs a TRACE forward pass. */
    public Tensor preactivation(int layer, int direction) {
        InputLayout layout = requireKept();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
        kernel.readPreactivation(layer, direction, dst);
        return new Tensor(layout.traceShape(config), dst);
    }

    /** ∂L/∂h_t of one layer and direction through every path: (L, N, H) or (L, H); after backward. */
    public Tensor gradHidden(int layer, int direction) {
        InputLayout layout = requireBackward();
        float[] dst = new float[MemoryBudget.elements("a trace", layout.steps(), layout.batch(), config.hiddenSize())];
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
