package org.rnnexplorer.engine;

/**
 * When a unit passes (almost) no gradient back through time: a tanh unit with |h| &gt; 0.95, where
 * tanh′ = 1 − h² &lt; 0.1, or a dead ReLU unit (h = 0, where PyTorch's derivative is 0). The one definition the
 * probes, the service's traces and the Hidden states pane share.
 */
public final class Saturation {

    /** |h| above this counts as a saturated tanh unit. */
    public static final double THRESHOLD = 0.95;

    private Saturation() {
    }

    /** Whether h_t of one unit is saturated (tanh) or dead (relu: not above 0, as PyTorch's derivative sees it). */
    public static boolean inactive(Nonlinearity f, float h) {
        return f == Nonlinearity.TANH ? Math.abs(h) > THRESHOLD : !(h > 0);
    }

    /**
     * The inactive fraction per step over the valid sequences and all units.
     *
     * @param hidden  h_t of one layer and direction, (T, N, H) row-major
     * @param lengths each sequence's valid steps, (N), or null when all are T long
     * @return (T); NaN at a step no sequence reaches
     */
    public static double[] fractionPerStep(Nonlinearity f, float[] hidden, int steps, int batch, int h, int[] lengths) {
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            int valid = 0, count = 0;
            for (int s = 0; s < batch; s++) {
                if (lengths != null && t >= lengths[s]) continue;
                valid++;
                int base = (t * batch + s) * h;
                for (int u = 0; u < h; u++) if (inactive(f, hidden[base + u])) count++;
            }
            out[t] = valid == 0 ? Double.NaN : (double) count / ((double) valid * h);
        }
        return out;
    }
}
