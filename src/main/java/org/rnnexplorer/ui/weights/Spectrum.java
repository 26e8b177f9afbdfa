package org.rnnexplorer.ui.weights;

/**
 * Eigenvalues and singular values of one square recurrent matrix: an RNN's W_hh; a gated cell's gate block of W_hh
 * (H × H); with an LSTM projection the block (H × P) times W_hr (P × H), which is H × H.
 *
 * @param real           real parts of the eigenvalues, by decreasing modulus
 * @param imaginary      imaginary parts, same order
 * @param singularValues σ_1 ≥ σ_2 ≥ …
 * @param rho            spectral radius, the largest |λ|
 * @param sigmaMax       the largest singular value, ‖W_hh‖₂
 * @param gate           the gate block's name ("" for an RNN's whole W_hh)
 * @param matrix         which matrix, in the pane's words: "W_hh", "W_hf", "W_hf·W_hr"
 */
public record Spectrum(int layer, int direction, double[] real, double[] imaginary, double[] singularValues,
                       double rho, double sigmaMax, String gate, String matrix) {
}
