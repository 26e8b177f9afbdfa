package org.rnnexplorer.engine;

/**
 * Gradients of Σ⟨gradOutput, output⟩ + Σ⟨gradHn, h_n⟩ (+ Σ⟨gradCn, c_n⟩ for an LSTM).
 *
 * @param parameters every parameter's gradient under its PyTorch name
 * @param input      ∂L/∂input, the input's shape
 * @param h0         ∂L/∂h0, h0's shape; null when no h0 was given (PyTorch's default zeros take no gradient)
 * @param c0         ∂L/∂c0, c0's shape (LSTM); null when no c0 was given, and for RNN and GRU
 */
public record RnnGradients(RnnParameters parameters, Tensor input, Tensor h0, Tensor c0) {

    /** Gradients without a cell state: an RNN's or GRU's, or an LSTM's called without c0. */
    public RnnGradients(RnnParameters parameters, Tensor input, Tensor h0) {
        this(parameters, input, h0, null);
    }
}
