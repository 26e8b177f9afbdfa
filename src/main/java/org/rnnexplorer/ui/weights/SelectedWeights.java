package org.rnnexplorer.ui.weights;

/**
 * The four tensors of one (layer, direction), shared with the parameters snapshot (read-only by convention).
 *
 * @param weightIh (hidden, inputWidth) row-major
 * @param weightHh (hidden, hidden) row-major
 * @param biasIh   (hidden), or null without bias
 * @param biasHh   (hidden), or null without bias
 */
public record SelectedWeights(int layer, int direction, int hidden, int inputWidth, float[] weightIh, float[] weightHh,
                              float[] biasIh, float[] biasHh) {
}
