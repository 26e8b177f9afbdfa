package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

/**
 * A loss value and its gradient.
 *
 * @param loss           the mean loss, computed in float64 (PyTorch's float32 value agrees to about 1e-7 relative)
 * @param gradPrediction ∂loss/∂prediction, the prediction's shape
 */
public record LossResult(double loss, Tensor gradPrediction) {
}
