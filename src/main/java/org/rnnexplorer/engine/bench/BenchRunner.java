package org.rnnexplorer.engine.bench;

import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times a backend's kernel on a standard shape, as PyTorch is timed: forward in inference mode (nothing kept for
 * backward, like {@code torch.no_grad()}), and forward keeping what backward needs followed by backward with
 * upstream gradients of ones on output and h_n, reading the gradients of every parameter and of the input. h0 is
 * absent. Works on the kernel's time-major buffers directly; medians after warm-up.
 */
public final class BenchRunner {

    /** Warm-up and timed round counts; a negative count means "choose by time". */
    public record Plan(int warmup, int repeat) {
    }

    /**
     * One shape's timings.
     *
     * @param fwdMs    median inference forward time
     * @param fwdBwdMs median training forward plus backward time
     * @param gflops   forward FLOPs / fwdMs
     * @param how      how the backend ran it, when it says (the CUDA kernel's recurrence plans), else empty
     */
    public record Result(BenchShape shape, String backend, double fwdMs, double fwdBwdMs, double gflops, int repeats,
                         String how) {
    }

    /**
     * Automatic warm-up lasts at least 3 rounds and this long, and then until the JIT compiler has been quiet for
     * {@link #JIT_QUIET_NANOS} and has none of the kernel's code in its queue or at work (on a loaded machine the
     * compiler threads get little CPU: a C2 compilation of a gated kernel may take seconds, during which no
     * compilation finishes and the clock alone looks quiet, while the kernel runs ten times slower in C1 code), but
     * no longer than {@link #WARMUP_CAP_NANOS}. It also runs {@link #WARMUP_ROUNDS} rounds or
     * {@link #WARMUP_ROUNDS_NANOS}, whichever comes first: a method called once per pass reaches the C2 compiler
     * only after thousands of calls, and until then a small shape runs several times slower; and it ends only when
     * the best round of the last {@link #JIT_QUIET_NANOS} is within {@link #SETTLED} of the best round so far (code
     * that was thrown away for recompilation runs slower until it is compiled again).
     */
    private static final long WARMUP_NANOS = 1_500_000_000L;
    private static final long JIT_QUIET_NANOS = 500_000_000L;
    private static final int WARMUP_ROUNDS = 2000;
    private static final long WARMUP_ROUNDS_NANOS = 6_000_000_000L;
    private static final double SETTLED = 1.5;
    private static final long WARMUP_CAP_NANOS = 60_000_000_000L;
    /** Automatic repeats aim at this much measuring time, between 5 and 51 rounds. */
    private static final long MEASURE_NANOS = 6_000_000_000L;

    private BenchRunner() {
    }

    public static Result run(Backend backend, BenchShape shape, Plan plan) {
        return run(backend, shape, plan, CellMode.RNN_TANH);
    }

    /** Times a shape for a cell: {@code nn.RNN} (tanh), {@code nn.LSTM} or {@code nn.GRU}. */
    public static Result run(Backend backend, BenchShape shape, Plan plan, CellMode mode) {
        RnnConfig config = shape.config(mode);
        RnnParameters params = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 42);
        int t = shape.steps();
        int b = shape.batch();
        SplittableRandom random = new SplittableRandom(7);
        float[] input = new float[t * b * config.inputSize()];
        for (int i = 0; i < input.length; i++) input[i] = (float) (random.nextDouble() * 2 - 1);
        SequenceBatch batch = new SequenceBatch(t, b, input, null, null, null);
        float[] output = new float[t * b * config.outputSize()];
        float[] hn = new float[config.stateCount() * b * config.outputHiddenSize()];
        float[] onesOutput = new float[output.length];
        float[] onesHn = new float[hn.length];
        Arrays.fill(onesOutput, 1f);
        Arrays.fill(onesHn, 1f);

        try (RnnKernel kernel = backend.createKernel(config)) {
            kernel.setParameters(params);
            // The same input and gradient arrays every pass, as PyTorch's benchmark reuses tensors already on its
            // device: a GPU backend uploads them once.
            kernel.assumeUnchangedInputs(true);
            // Results stay in the backend's buffers, as PyTorch's stay on its device: the timed passes compute output,
            // h_n and every gradient but copy nothing back (a GPU backend would otherwise time its downloads).
            // Both calls return only when the backend has finished (a GPU backend synchronises its stream).
            Runnable fwd = () -> kernel.forward(batch, ForwardMode.INFERENCE);
            Runnable fwdBwd = () -> {
                kernel.forward(batch, ForwardMode.TRAINING);
                kernel.backward(onesOutput, onesHn);
            };
            long roundNanos = warmUp(fwd, fwdBwd, plan.warmup());
            int repeat = plan.repeat() >= 1 ? plan.repeat()
                    : (int) Math.max(5, Math.min(51, MEASURE_NANOS / Math.max(1, roundNanos)));
            long[] fwdTimes = new long[repeat];
            long[] fwdBwdTimes = new long[repeat];
            for (int r = 0; r < repeat; r++) {
                fwdTimes[r] = time(fwd);
                fwdBwdTimes[r] = time(fwdBwd);
            }
            double fwdMs = median(fwdTimes) / 1e6;
            double fwdBwdMs = median(fwdBwdTimes) / 1e6;
            String how = kernel.describe();
            return new Result(shape, backend.name(), fwdMs, fwdBwdMs, shape.forwardFlops(mode) / (fwdMs * 1e6), repeat, how);
        }
    }

    /** Runs both passes alternately; returns the last round's time (one forward plus one forward+backward). */
    private static long warmUp(Runnable fwd, Runnable fwdBwd, int rounds) {
        boolean watchJit = JitClock.compileMillis() >= 0;
        long start = System.nanoTime();
        long quietSince = start;
        long compileMs = watchJit ? JitClock.compileMillis() : 0;
        long last = 0;
        long best = Long.MAX_VALUE;
        long windowStart = start;
        long windowBest = Long.MAX_VALUE;
        long lastWindowBest = Long.MAX_VALUE;
        for (int r = 0; ; r++) {
            long now = System.nanoTime();
            if (now - windowStart >= JIT_QUIET_NANOS) {
                lastWindowBest = windowBest;
                windowBest = Long.MAX_VALUE;
                windowStart = now;
            }
            if (rounds >= 0) {
                if (r >= rounds) break;
            } else if (now - start >= WARMUP_CAP_NANOS) {
                break;
            } else if (r >= 3 && now - start >= WARMUP_NANOS && (r >= WARMUP_ROUNDS || now - start >= WARMUP_ROUNDS_NANOS)
                    && (now - quietSince >= JIT_QUIET_NANOS || !watchJit) && lastWindowBest <= SETTLED * best) {
                if (!JitClock.compilingKernelCode()) break;
                quietSince = now; // look again after another quiet interval
            }
            last = time(fwd) + time(fwdBwd);
            best = Math.min(best, last);
            windowBest = Math.min(windowBest, last);
            if (watchJit) {
                long c = JitClock.compileMillis();
                if (c != compileMs) {
                    compileMs = c;
                    quietSince = System.nanoTime();
                }
            }
        }
        return last > 0 ? last : time(fwd) + time(fwdBwd);
    }

    /**
     * Total JIT compilation time, or -1 where it cannot be read: a minimal runtime (a jlink image of java.base and
     * jdk.incubator.vector, as on GPU machines) has no java.management, and then warm-up runs for its fixed time.
     */
    static final class JitClock {
        static long compileMillis() {
            try {
                return Watch.millis();
            } catch (LinkageError noManagementModule) {
                return -1;
            }
        }

        /**
         * Whether the JIT compiler is compiling, or has queued, a method of this application or of the Vector API
         * (HotSpot's {@code Compiler.queue} diagnostic command); false where that cannot be asked.
         */
        static boolean compilingKernelCode() {
            try {
                String queue = Watch.compilerQueue();
                return queue.contains("org.rnnexplorer.") || queue.contains("jdk.incubator.vector.");
            } catch (LinkageError | ReflectiveOperationException | RuntimeException | javax.management.JMException noQueue) {
                return false;
            }
        }

        /** Touches java.management only when called, so that its absence is a catchable LinkageError. */
        private static final class Watch {
            static long millis() {
                CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
                return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
            }

            /** The compilations at work and queued, as {@code jcmd PID Compiler.queue} prints them. */
            static String compilerQueue() throws javax.management.JMException, ReflectiveOperationException {
                Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
                return String.valueOf(text);
            }
        }
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
}
