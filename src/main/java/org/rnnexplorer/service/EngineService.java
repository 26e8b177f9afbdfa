package org.rnnexplorer.service;

import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.NonFinite;
import org.rnnexplorer.train.RecurrentSpectrum;
import org.rnnexplorer.train.StepMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the engine and the training loop on its own thread and publishes immutable {@link ServiceSnapshot}s that
 * consumers (the window, the CLI) read at their own rate, so that neither side ever waits on the other.
 *
 * <p>Threading: every command is a task on the single engine thread, so the run's state has one writer and needs
 * no locks. The training loop is a task too; after each iteration it yields to queued commands by re-queueing
 * itself behind them, so pause, cancel or a timestep step take effect within one iteration. A loop generation
 * number retires superseded loop tasks.
 *
 * <p>Publication: {@link #snapshot()} never blocks. While running, a snapshot is published at most every
 * {@value #PUBLISH_INTERVAL_MS} ms, the latest pass is read out of the kernel for it, the costly per-timestep
 * probes run only while they stay under the spec's budget fraction of engine time, and the weights are copied at
 * most every {@value #MODEL_COPY_INTERVAL_MS} ms. Histories are bounded ({@link MetricHistory}).
 */
public final class EngineService implements AutoCloseable {
    static final long PUBLISH_INTERVAL_MS = 40;
    /** ρ and σ_max between probes take at most this fraction of engine time. */
    static final double SPECTRA_BUDGET = 0.05;
    static final long MODEL_COPY_INTERVAL_MS = 250;
    static final int HISTORY_CAPACITY = 2048;
    static final long RATE_WINDOW_MS = 2000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor engine;
    private final List<Consumer<ServiceSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<StepMetrics>> stepListeners = new CopyOnWriteArrayList<>();
    private volatile ServiceSnapshot latest = ServiceSnapshot.initial();

    // Engine-thread state.
    private Session session;
    private RunState state = RunState.IDLE;
    private String message = "not configured";
    private long remaining;
    private int loopGeneration;
    private CompletableFuture<ServiceSnapshot> runFuture;
    private TraceSnapshot trace;
    private TimeCursor cursor;
    private Model modelCopy;
    private long modelVersion;
    private long lastPublishNanos;
    private long lastModelCopyNanos;
    private long engineNanos;
    private long probeNanos;
    private long lastProbeNanos;
    /** Time spent on ρ and σ_max between probes, and what the last such measurement cost. */
    private long spectraNanos;
    private long lastSpectraNanos;
    private double iterationsPerSecond;
    private long lastIterationEnd;
    private double rateIterations;
    private double rateNanos;
    private NonFinite nonFinite;
    private Histories histories = new Histories(Double.NaN);

    public EngineService() {
        engine = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rnnx-engine-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The latest published snapshot; never blocks. */
    public ServiceSnapshot snapshot() {
        return latest;
    }

    /** Called on the engine thread after each publication; must return quickly (hand over, don't work). */
    public void addListener(Consumer<ServiceSnapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ServiceSnapshot> listener) {
        listeners.remove(listener);
    }

    /** Called on the engine thread with every step's metrics (for logs that need every step). */
    public void addStepListener(Consumer<StepMetrics> listener) {
        stepListeners.add(listener);
    }

    /** Builds a run from a spec (replacing any current run) and shows its first batch before training. */
    public CompletableFuture<ServiceSnapshot> configure(RunSpec spec) {
        return command(() -> rebuild(spec));
    }

    /** Rebuilds the current run from its spec: the same seed and backend give the same run again. */
    public CompletableFuture<ServiceSnapshot> reset() {
        return command(() -> {
            if (session != null) rebuild(session.spec());
        });
    }

    /** Trains until paused or cancelled. The future completes when the loop ends (not when paused). */
    public CompletableFuture<ServiceSnapshot> start() {
        return runIterations(Long.MAX_VALUE);
    }

    /** Trains n more iterations. The future completes when the loop ends: done, cancelled, stopped or failed. */
    public CompletableFuture<ServiceSnapshot> runIterations(long n) {
        CompletableFuture<ServiceSnapshot> done = new CompletableFuture<>();
        CompletableFuture<ServiceSnapshot> queued = command(() -> {
            if (session == null || state == RunState.STOPPED || state == RunState.FAILED || n <= 0) {
                done.complete(publish());
                return;
            }
            finishRun(); // a new run supersedes the previous one's future
            runFuture = done;
            remaining = n;
            state = RunState.RUNNING;
            message = "running";
            startLoop();
        });
        queued.whenComplete((s, ex) -> {
            if (ex != null) done.completeExceptionally(ex);
        });
        return done;
    }

    /** Suspends the loop after the current iteration. */
    public CompletableFuture<ServiceSnapshot> pause() {
        return command(() -> {
            if (state == RunState.RUNNING) {
                state = RunState.PAUSED;
                message = "paused";
                copyModel();
                loopGeneration++;
            }
        });
    }

    /** Continues a paused loop. */
    public CompletableFuture<ServiceSnapshot> resume() {
        return command(() -> {
            if (state == RunState.PAUSED) {
                state = RunState.RUNNING;
                message = "running";
                startLoop();
            }
        });
    }

    /** Stops the loop and drops the iterations left; the model keeps what it learned. */
    public CompletableFuture<ServiceSnapshot> cancel() {
        return command(() -> {
            if (state == RunState.RUNNING || state == RunState.PAUSED) {
                state = RunState.IDLE;
                message = "cancelled at iteration " + session.iteration();
                copyModel();
                remaining = 0;
                loopGeneration++;
                finishRun();
            }
        });
    }

    /** One training iteration, when no loop is running. */
    public CompletableFuture<ServiceSnapshot> stepIteration() {
        return command(() -> {
            if (session != null && (state == RunState.IDLE || state == RunState.PAUSED)) {
                iterateOnce(true);
                if (state == RunState.STOPPED) finishRun();
            }
        });
    }

    /** Moves step-through one timestep forward in the latest pass. */
    public CompletableFuture<ServiceSnapshot> stepTimestepForward() {
        return command(() -> {
            if (trace != null) cursor = cursor.forward(trace.steps());
        });
    }

    /** Moves step-through one timestep back through BPTT in the latest pass. */
    public CompletableFuture<ServiceSnapshot> stepTimestepBackward() {
        return command(() -> {
            if (trace != null) {
                cursor = cursor.backward(trace.steps());
                if (!trace.directions().getFirst().probed() && session != null && state != RunState.RUNNING) {
                    trace = session.capture(true); // step-through shows Jacobian factors: probe this pass now
                }
            }
        });
    }

    /**
     * Samples text from a model trained on the text task (a unidirectional RNN), on the engine thread.
     *
     * @param seedText    characters fed first
     * @param temperature softmax temperature; 0 takes the most likely character
     */
    public CompletableFuture<String> sampleText(String seedText, int length, double temperature, long seed) {
        CompletableFuture<String> f = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                try {
                    if (session == null || !(session.task() instanceof org.rnnexplorer.train.task.CharText text)) {
                        throw new IllegalStateException("sampling needs a run on the text task");
                    }
                    f.complete(org.rnnexplorer.train.task.TextSampler.sample(session.network(), text, seedText, length,
                            temperature, new java.util.SplittableRandom(seed)));
                } catch (RuntimeException ex) {
                    f.completeExceptionally(ex);
                }
            });
        } catch (RejectedExecutionException closed) {
            f.completeExceptionally(new IllegalStateException("the service is closed"));
        }
        return f;
    }

    /** Stops everything and releases the engine thread and the backend's buffers. */
    @Override
    public void close() {
        try {
            engine.execute(() -> {
                loopGeneration++;
                if (session != null) session.close();
                session = null;
                state = RunState.CLOSED;
                message = "closed";
                finishRun();
                publish();
            });
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        engine.shutdown();
        try {
            if (!engine.awaitTermination(30, TimeUnit.SECONDS)) engine.shutdownNow();
        } catch (InterruptedException ex) {
            engine.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- engine thread ----

    private CompletableFuture<ServiceSnapshot> command(Runnable action) {
        CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException ex) {
                    fail(ex);
                }
                f.complete(publish());
            });
        } catch (RejectedExecutionException closed) {
            f.complete(latest);
        }
        return f;
    }

    private void rebuild(RunSpec spec) {
        loopGeneration++;
        finishRun();
        if (session != null) session.close();
        session = null;
        trace = null;
        cursor = null;
        modelCopy = null;
        nonFinite = null;
        engineNanos = 0;
        probeNanos = 0;
        lastProbeNanos = 0;
        spectraNanos = 0;
        lastSpectraNanos = 0;
        iterationsPerSecond = 0;
        rateIterations = 0;
        rateNanos = 0;
        remaining = 0;
        Session s = new Session(spec); // throws with a one-line message for a spec that cannot run
        session = s;
        histories = new Histories(s.task().chanceBaseline());
        state = RunState.IDLE;
        s.explore();
        // Probe the first pass when that is quick (about a second at 1 GFLOP/s); a large model's first probe waits
        // for the budget (or for a BPTT step, which probes on demand).
        lastProbeNanos = (long) s.probeFlopsEstimate(); // ns at 1 GFLOP/s, until a probe has been timed
        boolean probeNow = s.spec().probes().jacobians() && s.probeFlopsEstimate() <= 1e9;
        long p0 = System.nanoTime();
        trace = s.capture(probeNow);
        if (probeNow) lastProbeNanos = System.nanoTime() - p0;
        cursor = TimeCursor.endOfForward(trace.steps());
        copyModel();
        message = "ready: " + s.task().description();
    }

    private void startLoop() {
        lastIterationEnd = System.nanoTime(); // a pause is not time the loop took
        int generation = ++loopGeneration;
        engine.execute(() -> loop(generation));
    }

    private void loop(int generation) {
        while (generation == loopGeneration && state == RunState.RUNNING) {
            iterateOnce(false);
            if (state != RunState.RUNNING) break;
            if (--remaining <= 0) {
                copyModel();
                state = RunState.IDLE;
                message = "finished at iteration " + session.iteration();
                break;
            }
            if (!engine.getQueue().isEmpty()) {
                try {
                    engine.execute(() -> loop(generation)); // let queued commands run first
                } catch (RejectedExecutionException closing) {
                    // close() has shut the executor down; its queued task ends the run.
                }
                return;
            }
        }
        if (generation == loopGeneration && state != RunState.RUNNING && state != RunState.PAUSED) {
            finishRun();
            publish();
        }
    }

    private void iterateOnce(boolean single) {
        long t0 = System.nanoTime();
        StepMetrics m;
        try {
            m = session.iterate();
        } catch (RuntimeException ex) {
            fail(ex);
            return;
        }
        long dt = System.nanoTime() - t0;
        engineNanos += dt;
        histories.record(m);
        for (Consumer<StepMetrics> l : stepListeners) l.accept(m);
        if (m.nonFinite() != null) {
            nonFinite = m.nonFinite();
            copyModel();
            state = RunState.STOPPED;
            message = "stopped: " + m.nonFinite().describe();
        }
        long now = System.nanoTime();
        boolean due = single || state != RunState.RUNNING || now - lastPublishNanos >= PUBLISH_INTERVAL_MS * 1_000_000;
        if (due && m.nonFinite() == null) {
            // A probe runs when it fits the budget with what the last one cost: probes never take more than the
            // budget fraction of engine time, however slow one probe is.
            boolean probe = single && session.probeFlopsEstimate() <= 1e9
                    || probeNanos + lastProbeNanos <= session.spec().probes().budgetFraction() * engineNanos;
            probe &= session.spec().probes().jacobians();
            long p0 = System.nanoTime();
            trace = session.capture(probe);
            if (probe) {
                lastProbeNanos = System.nanoTime() - p0;
                probeNanos += lastProbeNanos;
                recordSpectra(trace);
            } else if (spectraNanos + lastSpectraNanos <= SPECTRA_BUDGET * engineNanos) {
                // ρ and σ_max alone are cheap next to the Jacobian probes (one eigen- and one singular-value
                // decomposition per W_hh): measured at most every publish, within their own budget, so the ρ chart
                // follows the whole run rather than only the iterations a probe happened to fit.
                long s0 = System.nanoTime();
                histories.spectra(session.iteration(), RecurrentSpectrum.of(session.model().rnn()));
                lastSpectraNanos = System.nanoTime() - s0;
                spectraNanos += lastSpectraNanos;
            }
            cursor = TimeCursor.endOfForward(trace.steps());
        }
        if (!single) countTowardsRate();
        if (single || now - lastModelCopyNanos >= MODEL_COPY_INTERVAL_MS * 1_000_000) copyModel();
        if (due) publish();
    }

    /**
     * Throughput as iterations over the wall time the loop took for them (probes, captures, publication and time
     * off the CPU included), over roughly the last {@value #RATE_WINDOW_MS} ms. A mean of per-iteration rates
     * 1/dt reads several times too high when a few iterations are slow (a loaded machine, a probe).
     */
    private void countTowardsRate() {
        long end = System.nanoTime();
        rateNanos += end - lastIterationEnd;
        rateIterations++;
        lastIterationEnd = end;
        if (rateNanos > RATE_WINDOW_MS * 2_000_000L) { // halve: older iterations fade out
            rateNanos /= 2;
            rateIterations /= 2;
        }
        iterationsPerSecond = rateIterations * 1e9 / Math.max(1, rateNanos);
    }

    private void recordSpectra(TraceSnapshot t) {
        for (DirectionTrace d : t.directions()) {
            histories.spectrum(d.label(), t.iteration(), d.spectralRadius(), d.sigmaMax());
        }
    }

    private void copyModel() {
        if (session == null) return;
        modelCopy = session.model().copy();
        modelVersion++;
        lastModelCopyNanos = System.nanoTime();
    }

    private void fail(RuntimeException ex) {
        loopGeneration++;
        state = RunState.FAILED;
        String m = ex.getMessage();
        message = m == null || m.isBlank() ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
        finishRun();
    }

    private void finishRun() {
        if (runFuture != null) {
            CompletableFuture<ServiceSnapshot> f = runFuture;
            runFuture = null;
            f.complete(publish());
        }
    }

    private ServiceSnapshot publish() {
        ServiceSnapshot s = new ServiceSnapshot(latest.version() + 1, state, message,
                session == null ? null : session.spec(), session == null ? 0 : session.iteration(), modelCopy,
                modelVersion, trace, cursor, histories.snapshot(), nonFinite, iterationsPerSecond,
                session == null ? "" : session.backendName());
        latest = s;
        lastPublishNanos = System.nanoTime();
        for (Consumer<ServiceSnapshot> l : listeners) l.accept(s);
        return s;
    }

    /** Engine-thread histories of one run. */
    private static final class Histories {
        final double baseline;
        final MetricHistory loss = new MetricHistory(HISTORY_CAPACITY);
        final MetricHistory gradNorm = new MetricHistory(HISTORY_CAPACITY);
        final MetricHistory gradNormClipped = new MetricHistory(HISTORY_CAPACITY);
        final MetricHistory clipped = new MetricHistory(HISTORY_CAPACITY);
        final Map<String, MetricHistory> ratios = new LinkedHashMap<>();
        final Map<String, MetricHistory> rho = new LinkedHashMap<>();
        final Map<String, MetricHistory> sigma = new LinkedHashMap<>();

        Histories(double baseline) {
            this.baseline = baseline;
        }

        void record(StepMetrics m) {
            loss.add(m.step(), m.loss());
            gradNorm.add(m.step(), m.gradNorm());
            gradNormClipped.add(m.step(), m.gradNormClipped());
            clipped.add(m.step(), m.clipped() ? 1 : 0);
            for (var e : m.updateRatios().entrySet()) {
                ratios.computeIfAbsent(e.getKey(), k -> new MetricHistory(HISTORY_CAPACITY)).add(m.step(), e.getValue());
            }
            spectra(m.step(), m.spectra());
        }

        void spectra(long step, List<RecurrentSpectrum> spectra) {
            for (RecurrentSpectrum s : spectra) {
                String label = "l" + s.layer() + (s.direction() == 1 ? "_reverse" : "");
                spectrum(label, step, s.spectralRadius(), s.largestSingularValue());
            }
        }

        void spectrum(String label, long step, double r, double s) {
            rho.computeIfAbsent(label, k -> new MetricHistory(HISTORY_CAPACITY)).add(step, r);
            sigma.computeIfAbsent(label, k -> new MetricHistory(HISTORY_CAPACITY)).add(step, s);
        }

        TrainingHistory snapshot() {
            return new TrainingHistory(loss.snapshot(), gradNorm.snapshot(), gradNormClipped.snapshot(),
                    clipped.snapshot(), copy(ratios), copy(rho), copy(sigma), baseline);
        }

        private static Map<String, MetricHistory.Series> copy(Map<String, MetricHistory> m) {
            Map<String, MetricHistory.Series> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(e.getKey(), e.getValue().snapshot());
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /** For tests: runs an action on the engine thread and returns its value. */
    <T> CompletableFuture<T> onEngine(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.execute(() -> f.complete(action.get()));
        return f;
    }
}
