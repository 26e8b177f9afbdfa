package org.rnnexplorer.service;

import java.util.Arrays;

/**
 * A bounded series of per-iteration values for the training charts. Memory policy: fewer than {@code capacity}
 * points are kept, spanning the whole run. When the buffer is full, neighbouring points are merged in pairs and
 * the stride (iterations per point) doubles; a merged point keeps the mean of its values, and the min and max are
 * kept beside it so that spikes survive decimation. So a run of any length costs O(capacity) memory, recent and
 * old iterations at the same resolution. Not thread-safe: the engine thread writes, snapshots copy.
 */
public final class MetricHistory {
    private final int capacity;
    private final double[] iteration;
    private final double[] mean;
    private final double[] min;
    private final double[] max;
    private int size;
    private long stride = 1;
    // The point being filled: values of the last `pending` iterations.
    private int pending;
    private double pendingSum;
    private double pendingMin = Double.POSITIVE_INFINITY;
    private double pendingMax = Double.NEGATIVE_INFINITY;
    private long pendingFirstIteration;

    /** @param capacity an even number of points, at least 4 */
    public MetricHistory(int capacity) {
        if (capacity < 4 || capacity % 2 != 0) throw new IllegalArgumentException("capacity must be even and >= 4");
        this.capacity = capacity;
        iteration = new double[capacity];
        mean = new double[capacity];
        min = new double[capacity];
        max = new double[capacity];
    }

    /** Appends the value of iteration {@code it} (iterations must increase). NaN values are kept as NaN. */
    public void add(long it, double value) {
        if (pending == 0) pendingFirstIteration = it;
        pending++;
        pendingSum += value;
        pendingMin = Math.min(pendingMin, value);
        pendingMax = Math.max(pendingMax, value);
        if (Double.isNaN(value)) {
            pendingMin = Double.NaN;
            pendingMax = Double.NaN;
        }
        if (pending == stride) flush();
    }

    private void flush() {
        iteration[size] = pendingFirstIteration;
        mean[size] = pendingSum / pending;
        min[size] = pendingMin;
        max[size] = pendingMax;
        size++;
        if (size == capacity) halve(); // merge now, so the next point already covers the doubled stride
        pending = 0;
        pendingSum = 0;
        pendingMin = Double.POSITIVE_INFINITY;
        pendingMax = Double.NEGATIVE_INFINITY;
    }

    private void halve() {
        for (int i = 0; i < size / 2; i++) {
            int a = 2 * i, b = a + 1;
            iteration[i] = iteration[a];
            mean[i] = (mean[a] + mean[b]) / 2;
            min[i] = nanMin(min[a], min[b]);
            max[i] = nanMax(max[a], max[b]);
        }
        size /= 2;
        stride *= 2;
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    /** Iterations per stored point. */
    public long stride() {
        return stride;
    }

    /** An immutable copy of the stored points (the partly filled last point is not included). */
    public Series snapshot() {
        return new Series(Arrays.copyOf(iteration, size), Arrays.copyOf(mean, size), Arrays.copyOf(min, size),
                Arrays.copyOf(max, size), stride);
    }

    /**
     * Stored points: x is the first iteration of each point, y its mean, yMin/yMax its extremes.
     * Arrays are never modified after creation.
     */
    public record Series(double[] x, double[] y, double[] yMin, double[] yMax, long stride) {
        public static final Series EMPTY = new Series(new double[0], new double[0], new double[0], new double[0], 1);

        public int size() {
            return x.length;
        }

        /** The last stored mean, or NaN when empty. */
        public double last() {
            return y.length == 0 ? Double.NaN : y[y.length - 1];
        }
    }
}
