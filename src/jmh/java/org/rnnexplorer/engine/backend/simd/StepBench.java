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
 * One recurrent step's product h_{t-1}·W_hhᵀ accumulated into the pre-activations, at the batch and hidden sizes of
 * the standard shapes (B = 1 is the matrix-vector product of tiny and long). 2·B·H² FLOPs per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class StepBench {

    /** "B,H": tiny, long, mid, wide, bigbi. */
    @Param({"1,32", "1,128", "32,256", "16,512", "64,1024"})
    public String shape;

    private int batch;
    private int hidden;
    private int panels;
    private float[] state;
    private float[] packedW;
    private float[] pre;
    private int[] aRows;
    private int[] cRows;
    private float[] packState;

    @Setup
    public void setUp() {
        String[] p = shape.split(",");
        batch = Integer.parseInt(p[0]);
        hidden = Integer.parseInt(p[1]);
        int padded = Gemm.padToPanel(hidden);
        panels = padded / Gemm.PANEL;
        SplittableRandom rnd = new SplittableRandom(2);
        state = GemmBench.random(rnd, batch * padded);
        packedW = new float[padded * hidden];
        Gemm.packPanels(GemmBench.random(rnd, hidden * hidden), hidden, true, hidden, hidden, packedW);
        pre = new float[batch * padded];
        aRows = new int[batch];
        cRows = new int[batch];
        for (int b = 0; b < batch; b++) {
            aRows[b] = b * padded;
            cRows[b] = b * padded;
        }
        packState = new float[(batch + 3) / 4 * 4 * hidden];
    }

    @Benchmark
    public float[] recurrentProduct() {
        Gemm.rowListTimesPanels(batch, aRows, cRows, hidden, state, packedW, 0, panels, pre, packState);
        return pre;
    }
}
