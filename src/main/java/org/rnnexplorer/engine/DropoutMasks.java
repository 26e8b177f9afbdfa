package org.rnnexplorer.engine;

import java.util.SplittableRandom;

/**
 * Inter-layer dropout masks: one per layer boundary, (T, B, D·H_out) time-major, each element 0 with probability p and
 * 1/(1-p) otherwise, independent across time, batch and feature (as PyTorch draws them).
 */
public final class DropoutMasks {

    private DropoutMasks() {
    }

    /** num_layers-1 seeded Bernoulli masks, or null when dropout cannot apply (p = 0 or one layer). */
    public static float[][] bernoulli(RnnConfig config, int steps, int batch, long seed) {
        if (config.dropout() == 0 || config.numLayers() == 1) return null;
        SplittableRandom random = new SplittableRandom(seed);
        double p = config.dropout();
        float keepScale = p >= 1 ? 0f : (float) (1.0 / (1.0 - p));
        float[][] masks = new float[config.numLayers() - 1][steps * batch * config.outputSize()];
        for (float[] mask : masks) {
            for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() >= p ? keepScale : 0f;
        }
        return masks;
    }

    /**
     * Checks injected masks: num_layers-1 of them, each (T, B, D·H_out).
     *
     * @throws ShapeException naming the expected shape
     */
    public static void check(RnnConfig config, int steps, int batch, float[][] masks) {
        if (masks == null) return;
        if (masks.length != config.numLayers() - 1) {
            throw new ShapeException(ShapeException.Argument.DROPOUT_MASKS, "Expected " + (config.numLayers() - 1) + " dropout masks (one per layer boundary), got "
                    + masks.length);
        }
        int n = steps * batch * config.outputSize();
        for (int i = 0; i < masks.length; i++) {
            if (masks[i].length != n) {
                throw new ShapeException(ShapeException.Argument.DROPOUT_MASKS, "Expected dropout mask " + i + " of shape " + Tensor.formatTuple(
                        new int[] {steps, batch, config.outputSize()}) + " (" + n + " elements), got " + masks[i].length);
            }
        }
    }
}
