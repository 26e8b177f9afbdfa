package org.rnnexplorer.engine;


/**
 * Whole-sequence RNN computation with backend-owned buffers. One kernel serves one configuration; it is not
 * thread-safe: one thread at a time (the engine service's) drives it.
 *
 * <p>Calls go: {@link #setParameters} (first, and whenever parameters change), {@link #forward}, then reads, or
 * {@link #backward} followed by gradient reads. Every array layout is time-major, as in {@link SequenceBatch}.
 * Per-(layer, direction) reads take the layer k and direction d (0 forward, 1 reverse).
 *
 * <p>The contract (call order, every array's length, layer and direction in range) is checked once, by the
 * {@link CheckedKernel} that {@link Backend#createKernel} wraps around every backend's kernel, so a backend's own
 * kernel may assume it holds.
 *
 * <p>H is the hidden size, H_out the width of h_t (an LSTM's proj_size P when it has one, else H), G the gate
 * count ({@link CellMode#gateCount()}). LSTM and GRU kernels also implement the cell-state
 * and gate methods below; an Elman RNN kernel keeps their defaults, which refuse.
 */
public interface RnnKernel extends AutoCloseable {

    RnnConfig config();

    /** Copies the parameters into the kernel (a GPU backend uploads them). */
    void setParameters(RnnParameters parameters);

    /**
     * Lets the kernel assume that an array passed again to {@link #forward} or {@link #backward} (the same array
     * object: input, h0, lengths, masks, upstream gradients) still holds what it held when it was last passed. A GPU
     * backend then keeps its device copy and skips the upload, as a PyTorch tensor already on the device is reused.
     * Off by default; a caller that refills its arrays in place must leave it off. CPU backends ignore it.
     */
    default void assumeUnchangedInputs(boolean unchanged) {
    }

    /** Runs every layer and direction over the whole sequence. */
    void forward(SequenceBatch batch, ForwardMode mode);

    /**
     * Backpropagation through time of the loss Σ⟨gradOutput, output⟩ + Σ⟨gradHn, h_n⟩ after a TRAINING or TRACE
     * forward pass. Upstream gradients at steps past a sequence's length are ignored.
     *
     * @param gradOutput (T, B, D·H_out), or null for zeros
     * @param gradHn     (D·num_layers, B, H_out), or null for zeros
     */
    void backward(float[] gradOutput, float[] gradHn);

    /**
     * {@link #backward(float[], float[])} of the loss plus Σ⟨gradCn, c_n⟩ for an LSTM.
     *
     * @param gradCn (D·num_layers, B, H), or null for zeros; only an LSTM kernel takes a non-null one
     */
    default void backward(float[] gradOutput, float[] gradHn, float[] gradCn) {
        if (gradCn != null) throw new UnsupportedOperationException("only an LSTM has a cell state c_n");
        backward(gradOutput, gradHn);
    }

    /** output of the last layer, (T, B, D·H_out), zero past each sequence's length. */
    void readOutput(float[] dst);

    /** h_n, (D·num_layers, B, H_out): each direction's state after its last valid step. */
    void readFinalHidden(float[] dst);

    /** Hidden states h_t of one layer and direction, (T, B, H_out); needs a TRAINING or TRACE forward. */
    void readHidden(int layer, int direction, float[] dst);

    /** Elman RNN only: pre-activations a_t of one layer and direction, (T, B, H); needs a TRACE forward. */
    void readPreactivation(int layer, int direction, float[] dst);

    /** Total derivative ∂L/∂h_t of one layer and direction through every path, (T, B, H_out); after backward. */
    void readGradHidden(int layer, int direction, float[] dst);

    /** ∂L/∂input, (T, B, I); after backward. */
    void readGradInput(float[] dst);

    /** ∂L/∂h0, (D·num_layers, B, H_out); after backward. */
    void readGradH0(float[] dst);

    /** LSTM: c_n, (D·num_layers, B, H), each direction's cell state after its last valid step. */
    default void readFinalCell(float[] dst) {
        throw new UnsupportedOperationException("only an LSTM has a cell state c_n");
    }

    /** LSTM: cell states c_t of one layer and direction, (T, B, H), zero past each length; TRAINING or TRACE. */
    default void readCell(int layer, int direction, float[] dst) {
        throw new UnsupportedOperationException("only an LSTM has a cell state c_t");
    }

    /**
     * LSTM or GRU: one gate of one layer and direction after its nonlinearity, (T, B, H), zero past each length;
     * needs a TRAINING or TRACE forward.
     *
     * @param gate index in {@link org.rnnexplorer.engine.CellMode#gateNames()}: i, f, g, o or r, z, n
     */
    default void readGate(int layer, int direction, int gate, float[] dst) {
        throw new UnsupportedOperationException("only an LSTM or a GRU has gates");
    }

    /** LSTM: total derivative ∂L/∂c_t of one layer and direction through every path, (T, B, H); after backward. */
    default void readGradCell(int layer, int direction, float[] dst) {
        throw new UnsupportedOperationException("only an LSTM has a cell state c_t");
    }

    /** LSTM: ∂L/∂c0, (D·num_layers, B, H); after backward. */
    default void readGradC0(float[] dst) {
        throw new UnsupportedOperationException("only an LSTM has a cell state c0");
    }

    /** ∂L/∂parameters, written into {@code dst} (same configuration); after backward. */
    void readParameterGradients(RnnParameters dst);

    /**
     * A one-line description of how the last forward and backward passes ran (which GPU path, which tiles), or of
     * the kernel when none has; empty when there is nothing to say. {@code rnnx selftest} and {@code rnnx bench} show it.
     */
    default String describe() {
        return "";
    }

    /** Frees backend-owned buffers (device memory for a GPU backend). */
    @Override
    void close();
}
