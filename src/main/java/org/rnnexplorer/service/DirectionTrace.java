package org.rnnexplorer.service;

import org.rnnexplorer.engine.ModelShape;

/**
 * What one layer and direction did in the latest pass, for the followed sequence (its batch index) unless noted.
 * Arrays are never modified after publication.
 *
 * @param layer            k
 * @param direction        0 forward, 1 reverse
 * @param hidden           h_t, (T, H) row-major, zero past the sequence's length
 * @param preactivation    a_t, (T, H); null for a gated cell
 * @param gradHidden       ∂L/∂h_t through every path, (T, H)
 * @param gradNorm         ‖∂L/∂h_t‖ over the whole batch and all units, (T)
 * @param jacobianNorm     ‖diag(f′(a_t))·W_hh‖₂ per step, (T), or null when not probed in this pass
 * @param productLogNorm   ln ‖∂h_last/∂h_t‖₂ per step, (T), or null when not probed
 * @param inactiveFraction saturated (tanh) or dead (relu) fraction of units per step over the batch, (T), or null
 * @param spectralRadius   ρ(W_hh) at the time of the pass
 * @param sigmaMax         σ_max(W_hh) at the time of the pass
 */
public record DirectionTrace(int layer, int direction, float[] hidden, float[] preactivation, float[] gradHidden,
                             double[] gradNorm, double[] jacobianNorm, double[] productLogNorm, double[] inactiveFraction,
                             double spectralRadius, double sigmaMax) {

    /** PyTorch-style label, e.g. {@code l1_reverse}. */
    public String label() {
        return ModelShape.directionLabel(layer, direction);
    }

    /** Whether the costly probes were computed for this pass. */
    public boolean probed() {
        return jacobianNorm != null;
    }
}
