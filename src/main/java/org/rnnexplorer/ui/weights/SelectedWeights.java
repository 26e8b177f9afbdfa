package org.rnnexplorer.ui.weights;

/**
 * One gate block of one (layer, direction): for an Elman RNN the whole tensors (shared with the parameters snapshot,
 * read-only by convention); for LSTM and GRU copies of the block's rows.
 *
 * @param hidden         H, rows of every tensor below except W_hr
 * @param inputWidth     in_k, columns of W_ih
 * @param recurrentWidth H_out, columns of W_hh: H, or P with an LSTM projection
 * @param weightIh       (hidden, inputWidth) row-major: the block's rows of weight_ih
 * @param weightHh       (hidden, recurrentWidth) row-major: the block's rows of weight_hh
 * @param biasIh         (hidden), or null without bias
 * @param biasHh         (hidden), or null without bias
 * @param block          which rows of the stacked tensors these are, and the gate's name
 * @param gateCount      G: 1 for the RNN, 4 for LSTM, 3 for GRU
 * @param weightHr       (P, hidden) row-major, the LSTM projection (not split by gate), or null
 */
public record SelectedWeights(int layer, int direction, int hidden, int inputWidth, int recurrentWidth,
                              float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh, GateBlock block,
                              int gateCount, float[] weightHr) {

    /** P, rows of W_hr; 0 without a projection. */
    public int projSize() {
        return weightHr == null ? 0 : weightHr.length / hidden;
    }
}
