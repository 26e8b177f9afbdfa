package org.rnnexplorer.ui.chart;

/**
 * Which cell indices of a heatmap axis get a label: every {@code step}-th index from 0, with the step the smallest
 * of 1, 2, 5, 10, 20, 50, … that keeps neighbouring labels at least {@code minSpacing} pixels apart, so a teacher
 * can read "unit 20 at t = 300" off the picture without hovering. Pure arithmetic, shared by the window and the
 * PNG/SVG export.
 */
public final class IndexTicks {

    private IndexTicks() {
    }

    /**
     * The step between labelled indices for {@code count} cells drawn over {@code length} pixels, or 0 when not even
     * one label fits (no cells, or a length under {@code minSpacing}).
     */
    public static int step(int count, double length, double minSpacing) {
        if (count <= 0 || length <= 0 || minSpacing <= 0 || length < minSpacing) return 0;
        double cell = length / count;
        for (long decade = 1; decade <= Integer.MAX_VALUE; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                long step = m * decade;
                if (step * cell >= minSpacing) return (int) Math.min(step, Integer.MAX_VALUE);
            }
        }
        return 0;
    }

    /** The labelled indices 0, step, 2·step, … below {@code count}; empty when {@link #step} is 0. */
    public static int[] indices(int count, double length, double minSpacing) {
        return indices(0, count, length, minSpacing);
    }

    /**
     * For cells that stand for indices {@code first … first + count - 1} (a zoomed time axis): the multiples of the
     * step among them, so that labels stay on round numbers (100, 150, 200) wherever the window starts.
     */
    public static int[] indices(int first, int count, double length, double minSpacing) {
        int step = step(count, length, minSpacing);
        if (step == 0) return new int[0];
        int start = Math.ceilDiv(first, step) * step;
        int end = first + count - 1;
        if (start > end) return new int[0];
        int[] out = new int[(end - start) / step + 1];
        for (int i = 0; i < out.length; i++) out[i] = start + i * step;
        return out;
    }

    /** Centre of cell {@code index} along an axis of {@code count} cells starting at {@code origin}. */
    public static double centre(int index, int count, double origin, double length) {
        return origin + (index + 0.5) * length / count;
    }
}
