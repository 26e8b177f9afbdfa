package org.rnnexplorer.ui.weights;

/**
 * Eigenvalues and singular values of one W_hh.
 *
 * @param real           real parts of the eigenvalues, by decreasing modulus
 * @param imaginary      imaginary parts, same order
 * @param singularValues σ_1 ≥ σ_2 ≥ …
 * @param rho            spectral radius, the largest |λ|
 * @param sigmaMax       the largest singular value, ‖W_hh‖₂
 */
public record Spectrum(int layer, int direction, double[] real, double[] imaginary, double[] singularValues,
                       double rho, double sigmaMax) {
}
