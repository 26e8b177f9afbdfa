package org.rnnexplorer.train;

import org.rnnexplorer.engine.InputLayout;

/**
 * Finds the first non-finite value of a training step. Tensors are scanned in the order the step computes them;
 * within a tensor with a time axis, in the order its steps were computed (a reverse direction from its last step
 * backwards, and in backward passes each direction from the end it starts at).
 */
final class Watchdog {

    private Watchdog() {
    }

    /** First non-finite value of a tensor without a time axis, or null. */
    static NonFinite flat(long step, String tensor, float[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) return new NonFinite(step, tensor, -1, i, data[i]);
        }
        return null;
    }

    /**
     * First non-finite value of a time-major (T, …) tensor, scanning steps in the given order.
     *
     * @param timeMajor (T, rest) row-major
     * @param ascending scan t = 0..T-1 when true, T-1..0 when false
     */
    static NonFinite timeMajor(long step, String tensor, float[] timeMajor, int steps, boolean ascending) {
        if (steps == 0) return null;
        int per = timeMajor.length / steps;
        for (int i = 0; i < steps; i++) {
            int t = ascending ? i : steps - 1 - i;
            for (int j = 0; j < per; j++) {
                float v = timeMajor[t * per + j];
                if (!Float.isFinite(v)) return new NonFinite(step, tensor, t, j, v);
            }
        }
        return null;
    }

    /** A tensor in the user's layout with the given feature width, scanned in time order. */
    static NonFinite userLayout(long step, String tensor, float[] data, InputLayout layout, int features) {
        return timeMajor(step, tensor, layout.toTimeMajor(data, features), layout.steps(), true);
    }

    /** Layer and direction as the watchdog names them. */
    static String direction(String what, int layer, int direction) {
        return what + " (layer " + layer + ", " + (direction == 0 ? "forward" : "reverse") + ")";
    }
}
