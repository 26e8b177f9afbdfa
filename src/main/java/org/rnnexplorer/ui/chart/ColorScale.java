package org.rnnexplorer.ui.chart;

/**
 * Maps values to fractions along a colour map: {@code low} → 0, {@code high} → 1, values outside clamp.
 *
 * @param low  value drawn with the map's first colour
 * @param high value drawn with the map's last colour; {@code high > low}
 */
public record ColorScale(double low, double high) {

    public ColorScale {
        if (!(high > low)) throw new IllegalArgumentException("colour scale needs high > low, got [" + low + ", " + high + "]");
    }

    /**
     * [-m, m] with m the largest finite |value| (1 when all are zero or non-finite): zero sits on the map's middle
     * colour, so the sign of a value is read from its hue.
     */
    public static ColorScale symmetric(float[] values) {
        double m = 0;
        for (float v : values) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        return m == 0 ? new ColorScale(-1, 1) : new ColorScale(-m, m);
    }

    /** [min, max] of the finite values; widened around a constant so that high > low. */
    public static ColorScale range(float[] values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min > max) return new ColorScale(0, 1);
        if (min == max) return new ColorScale(min - 0.5, max + 0.5);
        return new ColorScale(min, max);
    }

    /** The scale a heatmap fits to its values: {@link #symmetric} for signed data, else {@link #range}. */
    public static ColorScale fit(float[] values, boolean signed) {
        return signed ? symmetric(values) : range(values);
    }

    /** The fraction along the map for a value: NaN stays NaN, ±∞ clamp to the ends. */
    public double fraction(double value) {
        if (Double.isNaN(value)) return Double.NaN;
        double f = (value - low) / (high - low);
        return f < 0 ? 0 : f > 1 ? 1 : f;
    }
}
