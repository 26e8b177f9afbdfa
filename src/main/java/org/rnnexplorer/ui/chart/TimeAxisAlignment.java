package org.rnnexplorer.ui.chart;

import org.rnnexplorer.ui.fx.FrameScheduler;

import java.util.List;

/**
 * Lines a units × time heatmap's columns up with the time axes of charts drawn above or below it: column t's centre
 * and x = t on every chart fall on the same screen column, so one time cursor runs straight through all of them.
 * The cells and the charts' data areas get the same left and right edges on screen (the widest margin any of them
 * needs on each side), and the charts' x range becomes the heatmap's cell edges: [-0.5, T - 0.5], or
 * [from - 0.5, to + 0.5] for a heatmap showing steps from..to ({@link Heatmap#setColumnWindow}).
 *
 * <p>Realigns on the next frame after the heatmap's layout or any chart's drawing changes; settles after one round,
 * since each side's own margins do not depend on the alignment. FX thread.
 */
public final class TimeAxisAlignment {

    /** Below this width in common the panes keep their own layouts (a very narrow window). */
    private static final double MIN_COMMON_WIDTH = 40;

    private final Heatmap heatmap;
    private final List<TimeSeriesChart> charts;
    private final Runnable realign = this::realign;

    private TimeAxisAlignment(Heatmap heatmap, List<TimeSeriesChart> charts) {
        this.heatmap = heatmap;
        this.charts = List.copyOf(charts);
    }

    /** Keeps {@code charts}' time axes lined up with {@code heatmap}'s columns from now on. */
    public static TimeAxisAlignment install(Heatmap heatmap, List<TimeSeriesChart> charts) {
        TimeAxisAlignment a = new TimeAxisAlignment(heatmap, charts);
        heatmap.setOnLayout(a::request);
        for (TimeSeriesChart c : a.charts) c.setOnDrawingShown(a::request);
        a.request();
        return a;
    }

    private void request() {
        FrameScheduler.requestFrame(realign);
    }

    /** Applies the common edges now (also what the next frame does). */
    void realign() {
        int columns = heatmap.shownColumns();
        if (columns == 0 || Double.isNaN(heatmap.naturalLeft()) || heatmap.getScene() == null) {
            release();
            return;
        }
        double hx = heatmap.localToScene(0, 0).getX();
        double left = hx + heatmap.naturalLeft(), right = hx + heatmap.getWidth() - heatmap.naturalRight();
        for (TimeSeriesChart c : charts) {
            if (Double.isNaN(c.naturalLeft()) || c.getScene() == null) continue;  // joins after its first drawing
            double cx = c.localToScene(0, 0).getX();
            left = Math.max(left, cx + c.naturalLeft());
            right = Math.min(right, cx + c.getWidth() - c.naturalRight());
        }
        left = Math.ceil(left);
        right = Math.floor(right);
        if (right - left < MIN_COMMON_WIDTH) {
            release();
            return;
        }
        heatmap.setMinimumMargins(left - hx, hx + heatmap.getWidth() - right);
        for (TimeSeriesChart c : charts) {
            double cx = c.localToScene(0, 0).getX();
            int first = heatmap.columnOffset();
            c.alignX(new TimeSeriesChart.XFrame(left - cx, cx + c.getWidth() - right, first - 0.5, first + columns - 0.5));
        }
    }

    private void release() {
        heatmap.setMinimumMargins(0, 0);
        for (TimeSeriesChart c : charts) c.alignX(null);
    }
}
