package org.rnnexplorer.ui.fx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Durations of the explorer's own work on the FX thread (snapshot handlers, the per-frame redraws), kept per name in
 * a bounded ring so that the FX-thread probe can report the maximum and the 99th percentile while a run streams.
 * Wall time and the FX thread's CPU time are both kept: on a loaded machine the thread can be descheduled in the
 * middle of a handler, which inflates wall time but not the work done. Costs two clock readings of each kind per
 * handler. Meant for the FX thread; synchronized so that view-model tests, which run hand-offs on other threads,
 * cannot corrupt it.
 */
public final class FxTimings {

    /** Durations kept per name: the most recent ones. */
    static final int CAPACITY = 1 << 15;
    private static final Map<String, Ring> RINGS = new LinkedHashMap<>();
    private static final Map<String, Ring> CPU_RINGS = new LinkedHashMap<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private FxTimings() {
    }

    /** Runs {@code work} and records how long it took under {@code name}. */
    public static void time(String name, Runnable work) {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            record(name, System.nanoTime() - t0, cpuNanos() - c0);
        }
    }

    /** The FX thread's CPU time so far (0 where the JVM cannot tell). */
    public static long cpuNanos() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Records one call: its wall time and the CPU time the thread spent in it. */
    public static synchronized void record(String name, long wallNanos, long cpuNanos) {
        RINGS.computeIfAbsent(name, k -> new Ring()).add(wallNanos);
        CPU_RINGS.computeIfAbsent(name, k -> new Ring()).add(cpuNanos);
    }

    /** Wall-time statistics per name since the last {@link #reset()}, in insertion order. */
    public static synchronized Map<String, Stats> stats() {
        Map<String, Stats> out = new LinkedHashMap<>();
        for (var e : RINGS.entrySet()) out.put(e.getKey(), e.getValue().stats());
        return out;
    }

    /** CPU-time statistics per name, as {@link #stats()}. */
    public static synchronized Map<String, Stats> cpuStats() {
        Map<String, Stats> out = new LinkedHashMap<>();
        for (var e : CPU_RINGS.entrySet()) out.put(e.getKey(), e.getValue().stats());
        return out;
    }

    public static synchronized void reset() {
        RINGS.clear();
        CPU_RINGS.clear();
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
