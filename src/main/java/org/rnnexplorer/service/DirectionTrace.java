package org.rnnexplorer.service;

import org.rnnexplorer.engine.ModelShape;

/**
 * What one layer and direction did in the latest pass, for the followed sequence (its batch index) unless noted.
 * Arrays are never modified after publication.
 *
 * @param layer            k
 * @param direction        0 forward, 1 reverse
 * @param hidden           h_t, (T, H_out) row-major, zero past the sequence's length (H_out: an LSTM's proj_size, else H)
 * @param preactivation    a_t, (T, H) (Elman RNN); null for a gated cell, which has none
 * @param gradHidden       ∂L/∂h_t through every path, (T, H_out)
 * @param gradNorm         ‖∂L/∂h_t‖ over the whole batch and all units, (T)
 * @param jacobianNorm     ‖∂h_t/∂h_t−1‖₂ per step (‖∂h_t/∂h_t+1‖₂ for a reverse direction), (T) —
 *                         ‖diag(f′(a_t))·W_hh‖₂ for an Elman RNN, the measured Jacobian of a gated cell (an LSTM's
 *                         previous c held) — or null when not probed in this pass
 * @param productLogNorm   ln ‖∂h_last/∂h_t‖₂ per step, (T), or null when not probed
 * @param inactiveFraction saturated (tanh) or dead (relu) fraction of units per step over the batch, (T), or null
 *                         (always for a gated cell: its h_t saturating says nothing simple about its gradient)
 * @param spectralRadius   ρ(W_hh) at the time of the pass; NaN for a gated cell, whose W_hh is not one square map
 * @param sigmaMax         σ_max(W_hh) at the time of the pass; NaN for a gated cell
 * @param gated            c_t, the gates and ∂L/∂c_t of an LSTM or GRU; null for an Elman RNN
 */
public record DirectionTrace(int layer, int direction, float[] hidden, float[] preactivation, float[] gradHidden,
                             double[] gradNorm, double[] jacobianNorm, double[] productLogNorm, double[] inactiveFraction,
                             double spectralRadius, double sigmaMax, GatedTrace gated) {

    /** An Elman RNN's trace. */
    public DirectionTrace(int layer, int direction, float[] hidden, float[] preactivation, float[] gradHidden,
                          double[] gradNorm, double[] jacobianNorm, double[] productLogNorm, double[] inactiveFraction,
                          double spectralRadius, double sigmaMax) {
        this(layer, direction, hidden, preactivation, gradHidden, gradNorm, jacobianNorm, productLogNorm,
                inactiveFraction, spectralRadius, sigmaMax, null);
    }

    /** PyTorch-style label, e.g. {@code l1_reverse}. */
    public String label() {
        return ModelShape.directionLabel(layer, direction);
    }

    /** Whether this is an LSTM's or GRU's trace. */
    public boolean isGated() {
        return gated != null;
    }

    /** Whether the costly probes were computed for this pass. */
    public boolean probed() {
        return jacobianNorm != null;
    }
}
