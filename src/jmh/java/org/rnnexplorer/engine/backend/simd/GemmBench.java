package org.rnnexplorer.engine.backend.simd;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The large products of the simd kernels on one thread, at the sizes of the standard shapes: the input projection
 * X·W_ihᵀ (M = T·B rows) and the weight gradient δᵀ·H_prev (K = T·B). FLOPs per call are 2·M·N·K, so
 * GFLOP/s = 2·M·N·K / (µs per call · 1000).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmBench {

    /** "M,K,N": bigbi layer 0 and 1, mid layer 0, wide. */
    @Param({"6400,512,1024", "6400,2048,1024", "6400,64,256", "16000,128,512"})
    public String mkn;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] packedB;
    private float[] c;
    private float[] bias;
    private float[] packA;
    private float[] y;
    private float[] packY;
    private float[] grad;
    private float[] zeros;

    @Setup
    public void setUp() {
        String[] p = mkn.split(",");
        m = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        n = Integer.parseInt(p[2]);
        SplittableRandom rnd = new SplittableRandom(1);
        a = random(rnd, m * k);
        float[] w = random(rnd, n * k);
        packedB = new float[Gemm.padToPanel(n) * k];
        Gemm.packPanels(w, k, true, k, n, packedB);
        c = new float[m * n];
        bias = random(rnd, n);
        packA = new float[Gemm.MC * Gemm.KC];
        // Weight gradient: X is (K' = m rows, n) = δ, Y is (m rows, n) = H_prev; C is (n, n).
        y = random(rnd, m * n);
        packY = new float[Gemm.KC * n];
        grad = new float[n * n];
        zeros = new float[n];
    }

    /** pre = X·W_ihᵀ + bias over all rows. */
    @Benchmark
    public float[] inputProjection() {
        Gemm.rowMajorTimesPanels(0, m, k, a, 0, k, packedB, 0, 0, n / Gemm.PANEL, c, 0, n, bias, packA);
        return c;
    }

    /** dW = δᵀ·H_prev summed over all m rows (here with N = M' = n). */
    @Benchmark
    public float[] weightGradient() {
        Gemm.transposedTimesRowMajor(0, n, m, c, 0, n, y, 0, n, n / Gemm.PANEL, grad, n, true, packA, packY, zeros);
        return grad;
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (rnd.nextDouble() - 0.5);
        return v;
    }
}
