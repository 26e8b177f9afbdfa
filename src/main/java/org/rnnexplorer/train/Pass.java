package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

/**
 * One forward and backward pass whose gradients were added to the trainer's accumulated gradients.
 *
 * @param loss        the pass's loss
 * @param prediction  the model's prediction
 * @param finalHidden h_n (D·num_layers, N, H): the state TBPTT carries, detached, into the next chunk
 * @param nonFinite   the first NaN/inf found in the pass, or null
 */
public record Pass(double loss, Tensor prediction, Tensor finalHidden, NonFinite nonFinite) {
}
