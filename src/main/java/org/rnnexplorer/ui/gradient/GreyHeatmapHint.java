package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.ui.chart.HeatmapData;

import java.util.Locale;

/**
 * What to say when the signed ∂L/∂h_t heatmap looks grey: its colours are linear and symmetric about 0, so at steps
 * where the gradient has faded to under 1% of its largest magnitude every cell sits within a few shades of the
 * middle grey. A vanishing-gradient pass is exactly that (all but the steps next to the loss), and a class should be
 * told that grey means "small", not "zero", and where to look instead (the log₁₀ |·| view).
 */
final class GreyHeatmapHint {

    /** Below this fraction of the heatmap's largest magnitude a column is drawn as (nearly) the middle grey. */
    static final double GREY_FRACTION = 0.01;

    private GreyHeatmapHint() {
    }

    /**
     * The columns (timesteps) of a signed (H, T) heatmap whose largest |value| is under {@link #GREY_FRACTION} of the
     * whole map's; 0 for an empty or all-zero map.
     */
    static int greyColumns(HeatmapData signed) {
        if (signed.isEmpty()) return 0;
        double[] columnMax = new double[signed.columns()];
        double max = 0;
        for (int t = 0; t < signed.columns(); t++) {
            for (int u = 0; u < signed.rows(); u++) {
                double v = Math.abs(signed.value(u, t));
                if (Double.isFinite(v)) columnMax[t] = Math.max(columnMax[t], v);
            }
            max = Math.max(max, columnMax[t]);
        }
        if (max == 0) return 0;
        int grey = 0;
        for (double m : columnMax) if (m < GREY_FRACTION * max) grey++;
        return grey;
    }

    /**
     * The sentence for a signed heatmap with at least a quarter of its steps grey, else "" (also for the log view,
     * which has no such problem).
     */
    static String of(HeatmapData shown, boolean logMagnitude) {
        if (logMagnitude) return "";
        int grey = greyColumns(shown), steps = shown.columns();
        if (grey == 0 || grey < steps / 4.0) return "";
        return String.format(Locale.ROOT, "The heatmap's colours are linear: at %d of %d steps ∂L/∂h_t is under 1%% of its "
                + "largest magnitude and looks grey (small, not zero). Tick log₁₀ |∂L/∂h| to tell those steps apart.",
                grey, steps);
    }
}
