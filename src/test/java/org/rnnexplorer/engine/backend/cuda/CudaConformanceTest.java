package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;
import org.rnnexplorer.engine.backend.BackendConformance;
import org.rnnexplorer.engine.backend.Conformance;
import org.rnnexplorer.engine.backend.ConformanceCases;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;
import org.rnnexplorer.engine.bench.BenchRunner;
import org.rnnexplorer.engine.bench.BenchShape;

import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend against the scalar reference on the whole grid plus the large cases and the LSTM/GRU grid, forward
 * and every gradient (gated: cell states, gates, c_0 and c_n too), first as chosen automatically, then with each
 * recurrence path forced. Needs an NVIDIA GPU: elsewhere every test
 * is reported skipped with the reason the backend gives (the one kind of skipped test this project accepts).
 */
@Tag("gpu")
class CudaConformanceTest {
    private static final CudaBackend CUDA = new CudaBackend();

    static List<ConformanceCases.Case> cases() {
        List<ConformanceCases.Case> cases = new ArrayList<>(ConformanceCases.all());
        cases.addAll(ConformanceCases.largeCases());
        cases.addAll(ConformanceCases.standardShapes());
        cases.addAll(ConformanceCases.gated());
        return cases;
    }

    static List<Arguments> forcedPaths() {
        List<Arguments> args = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                RecurrencePath.STEP}) {
            for (ConformanceCases.Case c : ConformanceCases.largeCases()) args.add(Arguments.of(p, c));
        }
        return args;
    }

    private static void requireGpu() {
        Availability a = CUDA.availability();
        Assumptions.assumeTrue(a.available(), () -> "CUDA unavailable: " + a.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScalarReference(ConformanceCases.Case c) {
        requireGpu();
        BackendConformance.assertConforms(CUDA, c);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forcedPaths")
    void everyRecurrencePathMatchesWhereTheDeviceRunsIt(RecurrencePath path, ConformanceCases.Case c) {
        requireGpu();
        CudaBackend forced = CUDA.withPath(path);
        Optional<String> why = forced.pathUnavailable(c.config(), c.batch());
        if (why.isPresent()) {
            // The path cannot run this layer here: the kernel must refuse with the planner's reason, not compute.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Conformance.check(forced, c));
            assertTrue(e.getMessage().contains(path.key() + " path unavailable"), e.getMessage());
            return;
        }
        BackendConformance.assertConforms(forced, c);
    }

    static List<Arguments> gatedForcedPaths() {
        List<Arguments> args = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                RecurrencePath.STEP}) {
            for (ConformanceCases.Case c : ConformanceCases.gated()) args.add(Arguments.of(p, c));
        }
        return args;
    }

    /** Each path of the LSTM/GRU recurrence (GatedPlan) forced on every gated case; a path that cannot run refuses. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gatedForcedPaths")
    void everyGatedPathMatchesWhereTheDeviceRunsIt(RecurrencePath path, ConformanceCases.Case c) {
        requireGpu();
        CudaBackend forced = CUDA.withGatedPath(path, 0);
        Optional<String> why = forced.pathUnavailable(c.config(), c.unbatched() ? 1 : c.batch());
        if (why.isPresent()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Conformance.check(forced, c));
            assertTrue(e.getMessage().contains("gated " + path.key() + " path unavailable"), e.getMessage());
            return;
        }
        BackendConformance.assertConforms(forced, c);
    }

    /**
     * Gated autotuning times every candidate plan (each run from the seeded state, since the kernels update the
     * running state in place) and the device remembers the choice for the next kernel of the shape; both compute
     * what the reference does.
     */
    @Test
    void gatedAutotunedPlansAreRememberedPerShape() {
        requireGpu();
        RnnConfig config = RnnConfig.of(CellMode.LSTM, 4, 64);
        Assumptions.assumeTrue(CUDA.gatedCandidatePlans(config, 2).size() > 1, "one candidate plan only");
        ConformanceCases.Case c = new ConformanceCases.Case("lstm-H64-I4-B2-T20-h0", config, 20, 2, false, true, null,
                false, Initializers.Scheme.PYTORCH_DEFAULT);
        Conformance.Result first = Conformance.check(CUDA, c);
        Conformance.Result second = Conformance.check(CUDA, c);
        assertTrue(first.passed(), first.toString());
        assertTrue(first.kernelDescription().contains("autotuned: fastest of"), first.kernelDescription());
        assertTrue(second.passed(), second.toString());
        assertTrue(second.kernelDescription().contains("autotuned earlier for this shape"), second.kernelDescription());
    }

    /** Every plan autotuning may pick for a large case, forced one at a time (the default plan included). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.rnnexplorer.engine.backend.ConformanceCases#largeCases")
    void everyAutotuningCandidateMatches(ConformanceCases.Case c) {
        requireGpu();
        List<RecurrencePlan> plans = CUDA.candidatePlans(c.config(), c.batch());
        for (RecurrencePlan plan : plans) {
            CudaBackend forced = CUDA.withPlan(plan);
            if (forced.pathUnavailable(c.config(), c.batch()).isPresent()) continue;  // backward cannot take it here
            BackendConformance.assertConforms(forced, c);
        }
    }

    /**
     * Autotuning times a prefix of a long sequence (T above CudaKernel.TUNE_STEPS) and the device remembers the choice
     * for the next kernel of the same layer shape; both compute what the reference does.
     */
    @Test
    void autotunedPlansAreRememberedPerShape() {
        requireGpu();
        Assumptions.assumeTrue(CUDA.candidatePlans(RnnConfig.of(4, 128), 2).size() > 1, "one candidate plan only");
        ConformanceCases.Case c = new ConformanceCases.Case("tanh-H128-I4-B2-T300-h0", RnnConfig.of(4, 128), 300, 2,
                false, true, null, false, Initializers.Scheme.PYTORCH_DEFAULT);
        Conformance.Result first = Conformance.check(CUDA, c);
        Conformance.Result second = Conformance.check(CUDA, c);
        assertTrue(first.passed(), first.toString());
        assertTrue(second.passed(), second.toString());
        assertTrue(second.kernelDescription().contains("autotuned earlier for this shape"), second.kernelDescription());
    }

    /** rnnx bench on CUDA says how the kernel ran (the recurrence plans), as the check script logs it. */
    @Test
    void benchReportsThePlans() {
        requireGpu();
        BenchRunner.Result r = BenchRunner.run(CUDA, BenchShape.TINY, new BenchRunner.Plan(0, 1));
        // Autotuning may pick any candidate (a GPU run picked s4_k8_r4 over the planner's s4_k8_e4): the line names
        // the path and variant of each direction, whichever they are.
        String plan = "(block|cluster|grid) s\\d+_k\\d+_[er]\\d+ \\d+x\\d+thr";
        assertTrue(r.how().matches("forward " + plan + ".*; backward " + plan + ".*"), r.how());
        assertTrue(r.fwdMs() > 0 && r.fwdBwdMs() > 0, r.toString());
    }

    /**
     * With unchanged inputs assumed, passing the same arrays again reuses their device copies and still gives the
     * reference's results (two layers, so the upstream gradient must survive the first backward), while a new array
     * object is uploaded.
     */
    @Test
    void unchangedInputsAreReusedAndNewArraysUploaded() {
        requireGpu();
        RnnConfig config = RnnConfig.of(3, 5).withNumLayers(2).withBidirectional(true);
        RnnParameters params = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        int t = 7, b = 2;
        float[] x1 = random(t * b * 3, 1), x2 = random(t * b * 3, 2);
        float[] h0 = random(config.stateCount() * b * 5, 3);
        float[] gy = random(t * b * 10, 4), ghn = random(config.stateCount() * b * 5, 5);
        try (RnnKernel gpu = CUDA.createKernel(config); RnnKernel ref = new ScalarBackend().createKernel(config)) {
            gpu.setParameters(params);
            ref.setParameters(params);
            gpu.assumeUnchangedInputs(true);
            SequenceBatch first = new SequenceBatch(t, b, x1, h0, new int[] {7, 4}, null);
            SequenceBatch second = new SequenceBatch(t, b, x2, h0, new int[] {7, 4}, null);
            for (SequenceBatch batch : List.of(first, first, second, second, first)) {
                for (int pass = 0; pass < 2; pass++) {
                    gpu.forward(batch, ForwardMode.TRAINING);
                    ref.forward(batch, ForwardMode.TRAINING);
                    gpu.backward(gy, ghn);
                    ref.backward(gy, ghn);
                    assertClose(read(ref, t * b * 10, true), read(gpu, t * b * 10, true));
                    assertClose(read(ref, t * b * 3, false), read(gpu, t * b * 3, false));
                }
            }
        }
    }

    private static float[] read(RnnKernel k, int n, boolean output) {
        float[] dst = new float[n];
        if (output) k.readOutput(dst);
        else k.readGradInput(dst);
        return dst;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertArrayEquals(expected, actual, 1e-5f);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }
}
