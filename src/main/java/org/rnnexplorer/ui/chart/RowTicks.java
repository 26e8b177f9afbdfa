package org.rnnexplorer.ui.chart;

/**
 * What a heatmap's row labels name: each row by its index, or groups of consecutive rows by the group's index, e.g.
 * {@code n=0, n=1} beside the L rows of each sample when rows stand for (sample, step) pairs, where a flat row index
 * would mislead.
 *
 * @param group  rows per label (1: one label per row)
 * @param prefix written before the group's index ({@code "n="}), "" for plain indices
 */
public record RowTicks(int group, String prefix) {
    /** One label per row, its index. */
    public static final RowTicks INDICES = new RowTicks(1, "");

    public RowTicks {
        if (group < 1) throw new IllegalArgumentException("a row group holds at least one row, got " + group);
        if (prefix == null) prefix = "";
    }

    /** Labels {@code prefix + k} centred on rows k·group … (k+1)·group − 1. */
    public static RowTicks groupsOf(int rows, String prefix) {
        return new RowTicks(rows, prefix);
    }

    /** How many labels {@code rows} rows can have. */
    int count(int rows) {
        return Math.ceilDiv(rows, group);
    }

    /** The text of label {@code k}. */
    String text(int k) {
        return prefix + k;
    }

    /** Centre of label {@code k}'s rows along an axis of {@code rows} rows from {@code origin} over {@code length}. */
    double centre(int k, int rows, double origin, double length) {
        int first = k * group, last = Math.min(rows, first + group);
        return origin + (first + last) / 2.0 * length / rows;
    }
}
