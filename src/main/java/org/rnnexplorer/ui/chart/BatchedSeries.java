package org.rnnexplorer.ui.chart;

import org.jfree.data.xy.XYSeries;
import org.rnnexplorer.ui.fx.FrameScheduler;

import java.util.Arrays;

/**
 * An XY series that reaches JFreeChart in batches: points given between two frames are added with notification
 * off and announced with one change event on the next frame, because JFreeChart redraws the whole chart on every
 * change event. FX thread.
 */
public final class BatchedSeries {

    private final XYSeries series;
    private final Runnable flush = this::flush;
    private double[] pendingX = new double[16];
    private double[] pendingY = new double[16];
    private int pendingCount;
    private boolean replace;

    public BatchedSeries(String key) {
        // Unsorted (x order as given: the eigenvalue cloud has no order), duplicate x allowed.
        this.series = new XYSeries(key, false, true);
    }

    public XYSeries series() {
        return series;
    }

    /** Replaces every point on the next frame. {@code x} and {@code y} have equal length. */
    public void replaceAll(double[] x, double[] y) {
        pendingCount = 0;
        replace = true;
        for (int i = 0; i < x.length; i++) push(x[i], y[i]);
        FrameScheduler.requestFrame(flush);
    }

    /** Appends a point on the next frame. */
    public void append(double x, double y) {
        push(x, y);
        FrameScheduler.requestFrame(flush);
    }

    private void push(double x, double y) {
        if (pendingCount == pendingX.length) {
            pendingX = Arrays.copyOf(pendingX, pendingCount * 2);
            pendingY = Arrays.copyOf(pendingY, pendingCount * 2);
        }
        pendingX[pendingCount] = x;
        pendingY[pendingCount] = y;
        pendingCount++;
    }

    private void flush() {
        series.setNotify(false);
        if (replace) series.clear();
        for (int i = 0; i < pendingCount; i++) series.add(pendingX[i], pendingY[i], false);
        pendingCount = 0;
        replace = false;
        series.setNotify(true); // fires the single change event
    }
}
