package org.rnnexplorer.ui.fx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Durations of the explorer's own work on the FX thread (snapshot handlers, the per-frame redraws), kept per name in
 * a bounded ring so that the FX-thread probe can report the maximum and the 99th percentile while a run streams.
 * Costs two {@code nanoTime} calls per handler. FX thread only (read it there too).
 */
public final class FxTimings {

    /** Durations kept per name: the most recent ones. */
    static final int CAPACITY = 1 << 15;
    private static final Map<String, Ring> RINGS = new LinkedHashMap<>();

    private FxTimings() {
    }

    /** Runs {@code work} and records how long it took under {@code name}. */
    public static void time(String name, Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            record(name, System.nanoTime() - t0);
        }
    }

    public static void record(String name, long nanos) {
        RINGS.computeIfAbsent(name, k -> new Ring()).add(nanos);
    }

    /** Statistics per name since the last {@link #reset()}, in insertion order. */
    public static Map<String, Stats> stats() {
        Map<String, Stats> out = new LinkedHashMap<>();
        for (var e : RINGS.entrySet()) out.put(e.getKey(), e.getValue().stats());
        return out;
    }

    public static void reset() {
        RINGS.clear();
    }

    /**
     * @param count     calls recorded (including those that fell out of the ring)
     * @param maxMs     the longest call
     * @param p99Ms     the 99th percentile of the kept calls
     * @param medianMs  the median of the kept calls
     */
    public record Stats(long count, double maxMs, double p99Ms, double medianMs) {
        /** Percentiles of durations in nanoseconds. */
        public static Stats of(long[] nanos, long count, long max) {
            if (nanos.length == 0) return new Stats(count, 0, 0, 0);
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int p99 = Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1);
            return new Stats(count, max / 1e6, sorted[Math.max(0, p99)] / 1e6, sorted[sorted.length / 2] / 1e6);
        }
    }

    private static final class Ring {
        final long[] values = new long[CAPACITY];
        long count;
        long max;

        void add(long nanos) {
            values[(int) (count++ % CAPACITY)] = nanos;
            max = Math.max(max, nanos);
        }

        Stats stats() {
            return Stats.of(Arrays.copyOf(values, (int) Math.min(count, CAPACITY)), count, max);
        }
    }
}
