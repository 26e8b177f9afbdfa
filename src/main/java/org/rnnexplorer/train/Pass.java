package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

/**
 * One forward and backward pass whose gradients were added to the trainer's accumulated gradients.
 *
 * @param loss        the pass's loss
 * @param prediction  the model's prediction
 * @param finalHidden h_n (D·num_layers, N, H_out): the state TBPTT carries, detached, into the next chunk
 * @param nonFinite   the first NaN/inf found in the pass, or null
 * @param finalCell   an LSTM's c_n (D·num_layers, N, H), carried with h_n; null for RNN and GRU
 */
public record Pass(double loss, Tensor prediction, Tensor finalHidden, NonFinite nonFinite, Tensor finalCell) {

    /** A pass of a cell without cell state (RNN, GRU). */
    public Pass(double loss, Tensor prediction, Tensor finalHidden, NonFinite nonFinite) {
        this(loss, prediction, finalHidden, nonFinite, null);
    }
}
