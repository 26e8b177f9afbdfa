package org.rnnexplorer.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.StepMetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineServiceTest {
    private final List<EngineService> services = new ArrayList<>();

    static RunSpec tinySpec() {
        RnnConfig c = new RnnConfig(2, 8, 1, Nonlinearity.TANH, true, false, 0, false);
        return RunSpec.builder(c, TaskSpec.of("adding", 12)).batchSize(4)
                .optimizer(OptimizerKind.SGD, Map.of("lr", 0.05)).clipping(GradientClipping.norm(1.0, 2)).seed(42)
                .backend(BackendChoice.SCALAR).probes(RunSpec.ProbeSettings.defaults()).build();
    }

    private EngineService service() {
        EngineService s = new EngineService();
        services.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        services.forEach(EngineService::close);
    }


    @Test
    void configureShowsTheFirstBatchBeforeAnyUpdate() throws Exception {
        EngineService s = service();
        ServiceSnapshot snap = s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        assertEquals(RunState.IDLE, snap.state());
        assertEquals(0, snap.iteration());
        assertNotNull(snap.trace());
        assertEquals(12, snap.trace().steps());
        DirectionTrace d = snap.trace().direction(0, 0);
        assertEquals(12 * 8, d.hidden().length);
        assertNotNull(d.jacobianNorm(), "the initial pass is probed");
        assertEquals(new TimeCursor(TimeCursor.Phase.FORWARD, 11), snap.cursor());
        assertEquals(1.0 / 6, snap.history().baseline(), 1e-12);
        assertNotNull(snap.model());
    }

    /**
     * A single step publishes one snapshot, the one its future completes with: it published a copy of it as well, and
     * a pane holding the first saw "the run on the charts" replaced by a second of the same iteration.
     */
    @Test
    void aStepPublishesItsSnapshotOnce() throws Exception {
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        List<ServiceSnapshot> published = Collections.synchronizedList(new ArrayList<>());
        s.addListener(published::add);
        ServiceSnapshot stepped = s.stepIteration().get(30, TimeUnit.SECONDS);
        assertEquals(1, stepped.iteration());
        assertEquals(List.of(stepped), published);
        assertEquals(1, stepped.trace().iteration(), "the pass shown is the step's");
    }

    @Test
    void resetWithTheSameSeedAndBackendReplaysTheSameRun() throws Exception {
        EngineService s = service();
        List<Double> first = Collections.synchronizedList(new ArrayList<>());
        List<Double> second = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<List<Double>> sink = new AtomicReference<>(first);
        s.addStepListener(m -> sink.get().add(m.loss()));
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        ServiceSnapshot end = s.runIterations(25).get(60, TimeUnit.SECONDS);
        assertEquals(25, end.iteration());
        assertEquals(RunState.IDLE, end.state());
        sink.set(second);
        s.reset().get(30, TimeUnit.SECONDS);
        s.runIterations(25).get(60, TimeUnit.SECONDS);
        assertEquals(first, second);
        assertTrue(first.get(24) < first.get(0), "SGD lowers the adding-problem loss: " + first);
    }

    @Test
    void pauseHoldsTheIterationAndResumeGoesOn() throws Exception {
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        s.start();
        waitFor(() -> s.snapshot().iteration() >= 3);
        ServiceSnapshot paused = s.pause().get(30, TimeUnit.SECONDS);
        assertEquals(RunState.PAUSED, paused.state());
        // Paused to look: the pass shown, and its predictions, are the last one trained.
        assertEquals(paused.iteration(), paused.trace().iteration());
        assertEquals(paused.iteration(), paused.predictions().iteration());
        long held = s.onEngine(() -> s.snapshot().iteration()).get(30, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertEquals(held, s.snapshot().iteration());
        ServiceSnapshot stepped = s.stepIteration().get(30, TimeUnit.SECONDS);
        assertEquals(held + 1, stepped.iteration());
        assertEquals(RunState.PAUSED, stepped.state());
        s.resume().get(30, TimeUnit.SECONDS);
        waitFor(() -> s.snapshot().iteration() >= held + 4);
        ServiceSnapshot cancelled = s.cancel().get(30, TimeUnit.SECONDS);
        assertEquals(RunState.IDLE, cancelled.state());
    }

    @Test
    void stepThroughWalksForwardThenBackThroughBptt() throws Exception {
        EngineService s = service();
        s.configure(tinySpec().withProbes(RunSpec.ProbeSettings.none())).get(30, TimeUnit.SECONDS);
        ServiceSnapshot b1 = s.stepTimestepBackward().get(30, TimeUnit.SECONDS);
        assertEquals(new TimeCursor(TimeCursor.Phase.BACKWARD, 10), b1.cursor(), "the first press takes BPTT's first step");
        assertNotNull(b1.trace().direction(0, 0).jacobianNorm(), "BPTT step-through probes the pass it walks");
        ServiceSnapshot b2 = s.stepTimestepBackward().get(30, TimeUnit.SECONDS);
        assertEquals(new TimeCursor(TimeCursor.Phase.BACKWARD, 9), b2.cursor());
        ServiceSnapshot f = s.stepTimestepForward().get(30, TimeUnit.SECONDS);
        assertEquals(new TimeCursor(TimeCursor.Phase.FORWARD, 0), f.cursor());
        assertEquals(new TimeCursor(TimeCursor.Phase.FORWARD, 1), s.stepTimestepForward().get(30, TimeUnit.SECONDS).cursor());
    }

    @Test
    void commandsFromSeveralThreadsAtOnceLeaveAWorkingService() throws Exception {
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        AtomicLong lastVersion = new AtomicLong();
        AtomicReference<String> violation = new AtomicReference<>();
        s.addListener(snap -> {
            if (snap.version() <= lastVersion.getAndSet(snap.version())) violation.set("versions went back");
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int seed = w;
            futures.add(pool.submit(() -> {
                Random r = new Random(seed);
                for (int i = 0; i < 150; i++) {
                    switch (r.nextInt(8)) {
                        case 0 -> s.start();
                        case 1 -> s.pause();
                        case 2 -> s.resume();
                        case 3 -> s.cancel();
                        case 4 -> s.stepIteration();
                        case 5 -> s.stepTimestepForward();
                        case 6 -> s.stepTimestepBackward();
                        default -> s.runIterations(2);
                    }
                    ServiceSnapshot snap = s.snapshot();
                    if (snap.state() == RunState.FAILED) violation.set("failed: " + snap.message());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        pool.shutdown();
        ServiceSnapshot after = s.cancel().get(60, TimeUnit.SECONDS);
        assertEquals(RunState.IDLE, after.state());
        ServiceSnapshot ran = s.runIterations(3).get(60, TimeUnit.SECONDS);
        assertEquals(after.iteration() + 3, ran.iteration());
        assertNull(violation.get(), violation.get());
    }

    @Test
    void aThousandStartCancelCyclesLeakNoThread() throws Exception {
        java.util.Set<Thread> before = engineThreadSet();
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        Thread engineThread = s.onEngine(Thread::currentThread).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            s.start();
            s.cancel();
        }
        assertEquals(RunState.IDLE, s.cancel().get(60, TimeUnit.SECONDS).state());
        java.util.Set<Thread> added = engineThreadSet();
        added.removeAll(before);
        assertEquals(java.util.Set.of(engineThread), added, "one engine thread for the service, whatever it did");
        s.close();
        engineThread.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!engineThread.isAlive(), "closing the service ends its thread");
        assertEquals(RunState.CLOSED, s.snapshot().state());
    }

    private static java.util.Set<Thread> engineThreadSet() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("rnnx-engine-") && t.isAlive()) out.add(t);
        }
        return out;
    }

    /** A run asked for N iterations ends showing the pass of iteration N, however soon after a publication it ends. */
    @Test
    void aFinishedRunShowsItsLastPass() throws Exception {
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        for (long n : new long[] {1, 2, 7, 30}) {
            long before = s.snapshot().iteration();
            ServiceSnapshot end = s.runIterations(n).get(60, TimeUnit.SECONDS);
            assertEquals(before + n, end.iteration());
            assertEquals(end.iteration(), end.trace().iteration(), "after " + n);
            assertEquals(end.iteration(), end.predictions().iteration(), "after " + n);
        }
    }

    @Test
    void aRunThatOverflowsStopsAtTheFirstNonFiniteValue() throws Exception {
        EngineService s = service();
        RunSpec exploding = tinySpec().toBuilder().config(tinySpec().config().withNonlinearity(Nonlinearity.RELU))
                .init(Initializers.Scheme.IDENTITY, 50.0).task(TaskSpec.of("adding", 60))
                .clipping(GradientClipping.none()).build();
        s.configure(exploding).get(30, TimeUnit.SECONDS);
        ServiceSnapshot end = s.runIterations(50).get(60, TimeUnit.SECONDS);
        assertEquals(RunState.STOPPED, end.state());
        assertNotNull(end.nonFinite());
        assertTrue(end.message().startsWith("stopped: step "), end.message());
    }

    @Test
    void aSpecThatCannotRunFailsWithAOneLineMessage() throws Exception {
        EngineService s = service();
        ServiceSnapshot snap = s.configure(tinySpec().withTask(TaskSpec.of("juggling", 5))).get(30, TimeUnit.SECONDS);
        assertEquals(RunState.FAILED, snap.state());
        assertTrue(snap.message().startsWith("unknown task 'juggling'"), snap.message());
        assertEquals(RunState.IDLE, s.configure(tinySpec()).get(30, TimeUnit.SECONDS).state());
    }

    @Test
    void longRunsKeepBoundedHistories() throws Exception {
        EngineService s = service();
        s.configure(tinySpec().withTask(TaskSpec.of("adding", 3)).withBatchSize(1)
                .withProbes(RunSpec.ProbeSettings.none())).get(30, TimeUnit.SECONDS);
        ServiceSnapshot end = s.runIterations(5000).get(120, TimeUnit.SECONDS);
        assertEquals(5000, end.iteration());
        assertTrue(end.history().loss().size() < EngineService.HISTORY_CAPACITY);
        assertTrue(end.history().loss().stride() >= 2);
    }

    /** A reconfigured service publishes what a fresh service publishes for the same spec: nothing of the old run. */
    @Test
    void aReconfigureLeavesNothingOfThePreviousRun() throws Exception {
        RunSpec second = tinySpec().toBuilder().task(TaskSpec.of("adding", 7)).seed(9).build();
        EngineService used = service();
        used.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        ServiceSnapshot trained = used.runIterations(40).get(60, TimeUnit.SECONDS);
        assertEquals(40, trained.history().loss().size());
        used.stepTimestepBackward().get(30, TimeUnit.SECONDS);
        ServiceSnapshot again = used.configure(second).get(30, TimeUnit.SECONDS);

        EngineService fresh = service();
        ServiceSnapshot first = fresh.configure(second).get(30, TimeUnit.SECONDS);
        assertEquals(0, again.iteration());
        assertEquals(0, again.history().loss().size(), "no loss history of the 40 iterations before");
        assertEquals(first.history().spectralRadius().keySet(), again.history().spectralRadius().keySet());
        // A training run charts ρ from its initial weights: one point at iteration 0, as a fresh service's.
        assertEquals(1, first.history().spectralRadius().values().stream().mapToInt(MetricHistory.Series::size).sum());
        assertArrayEquals(first.history().spectralRadius().get("l0").x(), again.history().spectralRadius().get("l0").x());
        assertArrayEquals(first.history().spectralRadius().get("l0").y(), again.history().spectralRadius().get("l0").y());
        assertEquals(7, again.trace().steps(), "the trace has the new task's length");
        assertEquals(first.cursor(), again.cursor(), "the cursor starts at the new pass's end, not where it was");
        assertEquals(0, again.iterationsPerSecond());
        assertNull(again.nonFinite());
        assertArrayEquals(first.trace().direction(0, 0).hidden(),
                again.trace().direction(0, 0).hidden(), "the same first pass as a fresh service's");
        assertEquals(0L, (long) used.onEngine(() -> used.currentRun().engineNanos()).get(30, TimeUnit.SECONDS));
        assertEquals(0L, (long) used.onEngine(() -> used.currentRun().budgetSpentNanos()).get(30, TimeUnit.SECONDS));
        assertEquals(0L, (long) used.onEngine(() -> used.currentRun().remaining()).get(30, TimeUnit.SECONDS));
        assertTrue(again.modelVersion() > trained.modelVersion(), "the weights' version goes on across runs");
    }

    /** A spec that cannot run replaces the previous run: its histories and trace are not shown as the new one's. */
    @Test
    void aSpecThatCannotRunKeepsNoHistoryOfThePreviousRun() throws Exception {
        EngineService s = service();
        s.configure(tinySpec()).get(30, TimeUnit.SECONDS);
        s.runIterations(10).get(60, TimeUnit.SECONDS);
        ServiceSnapshot failed = s.configure(tinySpec().withTask(TaskSpec.of("juggling", 5))).get(30, TimeUnit.SECONDS);
        assertEquals(RunState.FAILED, failed.state());
        assertEquals(0, failed.history().loss().size());
        assertNull(failed.trace());
        assertNull(failed.model());
    }

    /** ρ and σ_max follow the whole run even with the (costly) Jacobian probes off. */
    @Test
    void spectraOfEveryWhhAreRecordedThroughoutARunWithoutProbes() throws Exception {
        EngineService s = service();
        s.configure(tinySpec().withProbes(RunSpec.ProbeSettings.none())).get(30, TimeUnit.SECONDS);
        ServiceSnapshot one = s.stepIteration().get(30, TimeUnit.SECONDS);
        MetricHistory.Series rho = one.history().spectralRadius().get("l0");
        assertNotNull(rho, "ρ recorded at the first step");
        assertEquals(1.0, rho.x()[rho.size() - 1]);
        float[] w = one.model().rnn().weightHh(0, 0);
        assertEquals(org.rnnexplorer.engine.Spectra.spectralRadius(w, 8), rho.last(), 1e-12, "ρ of the stepped W_hh");
        assertEquals(org.rnnexplorer.engine.Spectra.largestSingularValue(w, 8, 8),
                one.history().sigmaMax().get("l0").last(), 1e-12, "σ_max of the stepped W_hh");

        s.start();
        Thread.sleep(1500);
        ServiceSnapshot paused = s.pause().get(30, TimeUnit.SECONDS);
        MetricHistory.Series later = paused.history().spectralRadius().get("l0");
        assertTrue(later.size() >= 5, later.size() + " points of ρ in 1.5 s of training");
        assertTrue(later.x()[later.size() - 1] >= paused.iteration() / 2.0,
                "ρ still measured late in the run: last at " + later.x()[later.size() - 1] + " of " + paused.iteration());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 60 s");
            Thread.sleep(5);
        }
    }
}
