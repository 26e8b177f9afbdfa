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
        return counts(signed, signed.columns())[0];
    }

    /** Of those, the columns that are exactly 0 in every unit. */
    static int zeroColumns(HeatmapData signed) {
        return counts(signed, signed.columns())[1];
    }

    /** {grey columns, zero columns} among the first {@code columns}, from one pass over them. */
    private static int[] counts(HeatmapData signed, int columns) {
        if (signed.isEmpty()) return new int[2];
        double[] columnMax = new double[columns];
        double max = 0;
        for (int t = 0; t < columns; t++) {
            for (int u = 0; u < signed.rows(); u++) {
                double v = Math.abs(signed.value(u, t));
                if (Double.isFinite(v)) columnMax[t] = Math.max(columnMax[t], v);
            }
            max = Math.max(max, columnMax[t]);
        }
        int[] n = new int[2];
        if (max == 0) return n;
        for (double m : columnMax) {
            if (m < GREY_FRACTION * max) n[0]++;
            if (m == 0) n[1]++;
        }
        return n;
    }

    /**
     * The sentence for a signed heatmap with at least a quarter of its steps grey, else "" (also for the log view,
     * which has no such problem). Steps where ∂L/∂h_t is exactly 0 are said to be so: after the exploding preset every
     * step but the last was 0 (its tanh units saturated, 1 − h² = 0 in float32), and the sentence called them "small,
     * not zero".
     */
    static String of(HeatmapData shown, boolean logMagnitude) {
        return of(shown, logMagnitude, shown.columns(), 0);
    }

    /**
     * The same for a sequence {@code sequence} of {@code length} valid steps: the steps past it are padding (grey
     * because the RNN never ran them, which is said first), and the rest is judged over the valid steps alone. Past
     * a short sequence's length the pane said "no gradient reaches those steps".
     */
    static String of(HeatmapData shown, boolean logMagnitude, int length, int sequence) {
        if (logMagnitude || shown.isEmpty()) return "";
        int valid = Math.max(0, Math.min(length, shown.columns()));
        String padding = valid >= shown.columns() ? "" : String.format(Locale.ROOT, "The heatmap is grey at t = %s: past "
                + "sequence %d's length %d (padding, which the RNN never runs; PyTorch's output is 0 there).",
                valid == shown.columns() - 1 ? Integer.toString(valid) : valid + "…" + (shown.columns() - 1), sequence, length);
        String hint = validHint(shown, valid);
        return padding.isEmpty() ? hint : hint.isEmpty() ? padding : padding + " " + hint;
    }

    /** The sentence about the first {@code steps} columns: the steps the sequence ran. */
    private static String validHint(HeatmapData shown, int steps) {
        int[] counts = counts(shown, steps);
        int grey = counts[0], zero = counts[1];
        if (grey == 0 || grey < steps / 4.0) return "";
        if (zero == grey) {
            return String.format(Locale.ROOT, "The heatmap is grey at %d of %d steps because ∂L/∂h_t is exactly 0 there, "
                    + "not small: no gradient reaches those steps, and a 0 has no place on the line chart's log axis.",
                    grey, steps);
        }
        String zeros = zero == 0 ? "small, not zero"
                : String.format(Locale.ROOT, "small, not zero, but for %d step%s where it is exactly 0", zero, zero == 1 ? "" : "s");
        return String.format(Locale.ROOT, "The heatmap's colours are linear: at %d of %d steps ∂L/∂h_t is under 1%% of its "
                + "largest magnitude and looks grey (%s). Tick log₁₀ |∂L/∂h| to tell those steps apart.", grey, steps, zeros);
    }
}
