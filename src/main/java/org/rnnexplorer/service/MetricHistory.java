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
    // Grown by doubling up to capacity: a run of a few steps on a model of many layers keeps one short series per
    // parameter tensor and layer, not thousands of capacity-long ones.
    private double[] iteration;
    private double[] mean;
    private double[] min;
    private double[] max;
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
        int initial = Math.min(capacity, INITIAL_POINTS);
        iteration = new double[initial];
        mean = new double[initial];
        min = new double[initial];
        max = new double[initial];
    }

    /** Points allocated at first; the arrays double as points arrive, up to the capacity. */
    private static final int INITIAL_POINTS = 16;

    /** The most heap one history of {@code capacity} points takes: four arrays of doubles and their headers. */
    public static long maxBytes(int capacity) {
        return 4L * (8L * capacity + 16) + 96;
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
        if (size == iteration.length) {
            int grown = Math.min(capacity, 2 * size);
            iteration = Arrays.copyOf(iteration, grown);
            mean = Arrays.copyOf(mean, grown);
            min = Arrays.copyOf(min, grown);
            max = Arrays.copyOf(max, grown);
        }
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
