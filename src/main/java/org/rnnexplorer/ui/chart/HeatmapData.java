package org.rnnexplorer.ui.chart;

/**
 * A rows × columns grid of values for a {@link Heatmap}. Treated as immutable once handed over.
 *
 * @param values (rows, columns), row-major
 */
public record HeatmapData(int rows, int columns, float[] values) {

    public HeatmapData {
        if (rows < 0 || columns < 0 || (long) rows * columns != values.length) {
            throw new IllegalArgumentException("heatmap of " + rows + " × " + columns + " needs "
                    + (long) rows * columns + " values, got " + values.length);
        }
    }

    /** A vector drawn as one row. */
    public static HeatmapData row(float[] values) {
        return new HeatmapData(1, values.length, values);
    }

    public float value(int row, int column) {
        return values[row * columns + column];
    }

    public boolean isEmpty() {
        return values.length == 0;
    }
}
