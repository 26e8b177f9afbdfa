package org.rnnexplorer.engine.backend.simd;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;
import org.rnnexplorer.engine.bench.BenchShape;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** The whole simd kernel on the small and medium standard shapes: forward (inference) and forward+backward. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class KernelBench {

    @Param({"tiny", "long", "mid"})
    public String shape;

    private RnnKernel kernel;
    private SequenceBatch batch;
    private float[] onesOutput;
    private float[] onesHn;

    @Setup(Level.Trial)
    public void setUp() {
        BenchShape s = BenchShape.parse(shape);
        RnnConfig config = s.config();
        kernel = new SimdBackend().createKernel(config);
        kernel.setParameters(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 42));
        float[] x = GemmBench.random(new SplittableRandom(3), s.steps() * s.batch() * s.inputSize());
        batch = new SequenceBatch(s.steps(), s.batch(), x, null, null, null);
        onesOutput = new float[s.steps() * s.batch() * config.outputSize()];
        onesHn = new float[config.stateCount() * s.batch() * config.hiddenSize()];
        Arrays.fill(onesOutput, 1f);
        Arrays.fill(onesHn, 1f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
    }

    @Benchmark
    public RnnKernel forward() {
        kernel.forward(batch, ForwardMode.INFERENCE);
        return kernel;
    }

    @Benchmark
    public RnnKernel forwardBackward() {
        kernel.forward(batch, ForwardMode.TRAINING);
        kernel.backward(onesOutput, onesHn);
        return kernel;
    }
}
