package org.rnnexplorer.engine;

/**
 * Gradients of Σ⟨gradOutput, output⟩ + Σ⟨gradHn, h_n⟩.
 *
 * @param parameters every parameter's gradient under its PyTorch name
 * @param input      ∂L/∂input, the input's shape
 * @param h0         ∂L/∂h0, h0's shape; null when no h0 was given (PyTorch's default zeros take no gradient)
 */
public record RnnGradients(RnnParameters parameters, Tensor input, Tensor h0) {
}
