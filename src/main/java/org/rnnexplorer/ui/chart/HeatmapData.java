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

    /** Columns {@code from..to} inclusive, a copy (rows, to - from + 1). */
    public HeatmapData columnRange(int from, int to) {
        if (from == 0 && to == columns - 1) return this;
        return new HeatmapData(rows, to - from + 1, columnRange(values, rows, columns, from, to));
    }

    /** The same cut of a (rows, columns) row-major array of values. */
    public static float[] columnRange(float[] cells, int rows, int columns, int from, int to) {
        return cut(cells, new float[rows * width(columns, from, to)], rows, columns, from, to);
    }

    /** The same cut of a mask. */
    public static boolean[] columnRange(boolean[] cells, int rows, int columns, int from, int to) {
        return cut(cells, new boolean[rows * width(columns, from, to)], rows, columns, from, to);
    }

    private static int width(int columns, int from, int to) {
        if (from < 0 || to >= columns || to < from) throw new IllegalArgumentException("columns " + from + "…" + to + " of " + columns);
        return to - from + 1;
    }

    /** Copies columns from..to of each row of {@code cells} into {@code out}; any primitive array type. */
    private static <A> A cut(A cells, A out, int rows, int columns, int from, int to) {
        int width = to - from + 1;
        for (int r = 0; r < rows; r++) System.arraycopy(cells, r * columns + from, out, r * width, width);
        return out;
    }
}
