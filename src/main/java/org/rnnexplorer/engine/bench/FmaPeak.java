package org.rnnexplorer.engine.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.stream.IntStream;

/**
 * This machine's single-precision FMA peak as the JVM reaches it: twelve independent FMA chains on the preferred
 * vector species (more than latency × FMA ports, so the ports never wait), timed on one thread or on several at
 * once. The threads are those of a parallel stream (the common fork-join pool): none is started here.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    private static final long BLOCK = 1_000_000;
    /** Iterations per timed window: about 5 ms per thread at 16 lanes and 160 GFLOP/s. */
    private static final long WINDOW_ITERATIONS = 2_000_000;

    /**
     * @param threads threads that ran the chains at once
     * @param gflops  FLOPs (2 per lane per FMA) per nanosecond over all threads
     * @param lanes   float lanes per vector
     */
    public record Result(int threads, double gflops, int lanes) {
    }

    private FmaPeak() {
    }

    /**
     * Runs the FMA chains on {@code threads} threads at once in short windows for about {@code millis} ms, after a
     * warm-up, and reports the best window: on a machine shared with other processes the best window is the one
     * closest to the hardware's peak.
     */
    public static Result measure(int threads, long millis) {
        for (int i = 0; i < 3; i++) chains(BLOCK, i); // let the JIT compile the loop before timing
        long flopsPerWindow = (long) threads * WINDOW_ITERATIONS * CHAINS * SPECIES.length() * 2L;
        double best = 0;
        long start = System.nanoTime();
        float[] sink = new float[threads];
        do {
            long t0 = System.nanoTime();
            IntStream.range(0, threads).parallel().forEach(i -> sink[i] += chains(WINDOW_ITERATIONS, i + sink[i] * 1e-30f));
            long elapsed = System.nanoTime() - t0;
            best = Math.max(best, flopsPerWindow / (double) elapsed);
        } while (System.nanoTime() - start < millis * 1_000_000L);
        return new Result(threads, best, SPECIES.length());
    }

    /** {@code iterations} rounds of one FMA on each of twelve independent vector accumulators. */
    static float chains(long iterations, float seed) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        // x·m + c with m slightly below 1 converges to a fixed point: no overflow, no denormals.
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999_999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 1e-6f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
