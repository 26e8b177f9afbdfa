package org.rnnexplorer.ui.live;

/**
 * The timesteps a units × time view shows: {@code from..to} inclusive, of a sequence of some number of steps. Zooming
 * keeps the step under the pointer where it is on screen; the window follows the time cursor so that the cursor is
 * never off screen. Pure arithmetic, immutable.
 */
public record TimeWindow(int from, int to) {

    /** The fewest steps a window shows (or the whole sequence, if shorter). */
    public static final int MIN_STEPS = 8;

    public TimeWindow {
        if (from < 0 || to < from) throw new IllegalArgumentException("steps " + from + "…" + to);
    }

    /** Every step of a sequence of {@code steps} (at least one). */
    public static TimeWindow all(int steps) {
        return new TimeWindow(0, Math.max(1, steps) - 1);
    }

    public int length() {
        return to - from + 1;
    }

    public boolean contains(int t) {
        return t >= from && t <= to;
    }

    /** Whether this is every step of a sequence of {@code steps}. */
    public boolean isAll(int steps) {
        return from == 0 && to == steps - 1;
    }

    /**
     * Zoomed by {@code factor} (below 1 zooms in) around step {@code around}, which keeps its relative place in the
     * window; at least {@link #MIN_STEPS} steps, within 0…steps-1.
     */
    public TimeWindow zoom(double factor, int around, int steps) {
        if (steps <= 0) return this;
        TimeWindow w = fit(steps);
        int pivot = Math.clamp(around, w.from, w.to);
        int length = (int) Math.clamp(Math.round(w.length() * factor), Math.min(MIN_STEPS, steps), steps);
        if (length == w.length() && factor != 1) length += factor < 1 ? -1 : 1;  // a step at least, while it can
        length = Math.clamp(length, Math.min(MIN_STEPS, steps), steps);
        double place = w.length() == 1 ? 0.5 : (pivot - w.from) / (double) (w.length() - 1);
        int from = (int) Math.round(pivot - place * (length - 1));
        return shiftedInto(from, length, steps);
    }

    /** Shifted as little as needed to contain {@code t}, same length; within 0…steps-1. */
    public TimeWindow follow(int t, int steps) {
        TimeWindow w = fit(steps);
        if (w.contains(t)) return w;
        int from = t < w.from ? t : t - w.length() + 1;
        return shiftedInto(from, w.length(), steps);
    }

    /** This window within a sequence of {@code steps} (after a new pass): shortened or moved only if it must be. */
    public TimeWindow fit(int steps) {
        int n = Math.max(1, steps);
        int length = Math.min(length(), n);
        return shiftedInto(from, length, n);
    }

    private static TimeWindow shiftedInto(int from, int length, int steps) {
        int start = Math.clamp(from, 0, Math.max(0, steps - length));
        return new TimeWindow(start, start + length - 1);
    }
}
