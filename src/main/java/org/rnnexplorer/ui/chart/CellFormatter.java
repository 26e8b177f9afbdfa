package org.rnnexplorer.ui.chart;
import java.util.Locale;

/** Words for one heatmap cell under the pointer, e.g. {@code t = 12, unit 40: -0.731}. */
@FunctionalInterface
public interface CellFormatter {
    String format(int row, int column, float value);

    /** Formats a cell value with 4 significant digits, NaN and ±∞ spelled out. */
    static String value(float v) {
        if (Float.isNaN(v)) return "NaN";
        if (Float.isInfinite(v)) return v > 0 ? "+∞" : "−∞";
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
