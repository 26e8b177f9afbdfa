package org.rnnexplorer.train;

import org.rnnexplorer.engine.ModelShape;

/**
 * Per-timestep measurements of one layer and direction after a forward and backward pass. Arrays are (L), indexed
 * by timestep t (not by processing order); entries past the probed sequence's length are NaN.
 *
 * @param layer            k
 * @param direction        0 forward, 1 reverse
 * @param batchIndex       the sequence the Jacobian quantities describe
 * @param gradNorm         ‖∂L/∂h_t‖ over the whole batch and all units (every path, as autograd sums it)
 * @param jacobianNorm     ‖diag(f′(a_t))·W_hh‖₂ for the probed sequence: the factor by which step t can stretch a
 *                         gradient flowing to the state before it
 * @param productLogNorm   ln ‖∂h_last/∂h_t‖₂ for the probed sequence, with last = its last valid step (forward)
 *                         or step 0 (reverse): 0 at last, then the running product of the factors between
 * @param inactiveFraction per step, over valid sequences and units: saturated (tanh, |h| &gt; 0.95) or dead
 *                         (relu, h = 0, where PyTorch's derivative is 0)
 */
public record DirectionProbe(int layer, int direction, int batchIndex, double[] gradNorm, double[] jacobianNorm,
                             double[] productLogNorm, double[] inactiveFraction) {

    /** PyTorch-style name of this layer and direction, e.g. {@code l0_reverse}. */
    public String label() {
        return ModelShape.directionLabel(layer, direction);
    }
}
