package org.rnnexplorer.service;

import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.StepMetrics;

import java.util.List;
import java.util.SplittableRandom;
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
 * number retires superseded loop tasks. The service itself keeps only command dispatch, the state machine and
 * publication; what belongs to one run (its session, histories, budgets, latest pass, cursor, throughput) lives in
 * a {@link Run} built per configuration, so a new configuration starts clean by construction.
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
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor engine;
    private final List<Consumer<ServiceSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<StepMetrics>> stepListeners = new CopyOnWriteArrayList<>();
    private final List<CheckpointListener> checkpoints = new CopyOnWriteArrayList<>();
    private volatile ServiceSnapshot latest = ServiceSnapshot.initial();

    // Engine-thread state: the service's own (state machine, loop generation, publication) and the current run's.
    private Run run; // null before the first configuration, after a spec that cannot run, and once closed
    /**
     * A run an OutOfMemoryError dropped: its spec, last iteration and curves, which the FAILED snapshots keep carrying
     * so that whoever started it (the Training pane matches snapshots by spec) hears that it failed and why, and its
     * charts keep what it learned. Null otherwise; cleared by the next configuration.
     */
    private RunSpec droppedSpec;
    private long droppedIteration;
    private TrainingHistory droppedHistory = TrainingHistory.EMPTY;
    private RunState state = RunState.IDLE;
    private String message = "not configured";
    private int loopGeneration;
    private CompletableFuture<ServiceSnapshot> runFuture;
    // Increases with every new copy of the weights, across runs: consumers compare it with the last one they saw.
    private long modelVersion;
    private Model lastPublishedModel;
    private long lastPublishNanos;

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

    /**
     * The weights after an optimiser step, for a checkpoint written while the run goes on.
     *
     * @param step  the optimiser steps the weights have had (1 after the first)
     * @param model a copy of the run's model, the caller's own
     */
    public record Checkpoint(long step, Model model) {
    }

    /**
     * After every {@code everySteps}-th optimiser step with finite results (steps everySteps, 2·everySteps, …), hands
     * {@code listener} a copy of the model, on the engine thread: it must pass the copy on (to a writer thread), not
     * write it there, or the run waits for the disk.
     */
    public void addCheckpointListener(long everySteps, Consumer<Checkpoint> listener) {
        if (everySteps <= 0) throw new IllegalArgumentException("checkpoint interval must be positive, got " + everySteps);
        checkpoints.add(new CheckpointListener(everySteps, listener));
    }

    private record CheckpointListener(long everySteps, Consumer<Checkpoint> listener) {
    }

    /** Builds a run from a spec (replacing any current run) and shows its first batch before training. */
    public CompletableFuture<ServiceSnapshot> configure(RunSpec spec) {
        return command(() -> rebuild(spec));
    }

    /** Rebuilds the current run from its spec: the same seed and backend give the same run again. */
    public CompletableFuture<ServiceSnapshot> reset() {
        return command(() -> {
            if (run != null) rebuild(run.spec());
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
            if (run == null || state == RunState.STOPPED || state == RunState.FAILED || n <= 0) {
                done.complete(publish());
                return;
            }
            finishRun(); // a new run supersedes the previous one's future
            runFuture = done;
            run.remaining(n);
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
                run.copyModel();
                // Paused to look: the pass shown is the last one trained, as after a single step.
                if (run.trace() == null || run.trace().iteration() != run.iteration()) run.capture(true);
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
                message = "cancelled at iteration " + run.iteration();
                run.copyModel();
                run.remaining(0);
                loopGeneration++;
                finishRun();
            }
        });
    }

    /** One training iteration, when no loop is running. */
    public CompletableFuture<ServiceSnapshot> stepIteration() {
        return command(() -> {
            if (run != null && (state == RunState.IDLE || state == RunState.PAUSED)) {
                iterateOnce(true);
                if (state == RunState.STOPPED) finishRun();
            }
        });
    }

    /** Moves step-through one timestep forward in the latest pass. */
    public CompletableFuture<ServiceSnapshot> stepTimestepForward() {
        return command(() -> {
            if (run != null) run.stepForward();
        });
    }

    /** Moves step-through one timestep back through BPTT in the latest pass. */
    public CompletableFuture<ServiceSnapshot> stepTimestepBackward() {
        return command(() -> {
            if (run != null) run.stepBackward(state == RunState.RUNNING);
        });
    }

    /**
     * Samples text from a model trained on the text task (a unidirectional RNN), on the engine thread.
     *
     * @param seedText    characters fed first
     * @param temperature softmax temperature; 0 takes the most likely character
     */
    public CompletableFuture<String> sampleText(String seedText, int length, double temperature, long seed) {
        return sample(seedText, length, temperature, seed).thenApply(TextSample::text);
    }

    /**
     * Text drawn from the run's weights as they stand between two iterations, with the iteration they are of.
     *
     * @param text      the characters drawn after the seed text
     * @param iteration the updates the weights had when they were sampled
     */
    public record TextSample(String text, long iteration) {
    }

    /** {@link #sampleText}, with the iteration whose weights were sampled; fails with a one-line message. */
    public CompletableFuture<TextSample> sample(String seedText, int length, double temperature, long seed) {
        CompletableFuture<TextSample> f = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                try {
                    if (run == null) throw new IllegalStateException("sampling needs a run on the text task");
                    String text = run.session().sampleText(seedText, length, temperature, new SplittableRandom(seed));
                    f.complete(new TextSample(text, run.session().iteration()));
                } catch (RuntimeException ex) {
                    f.completeExceptionally(ex);
                } catch (Error err) { // the caller always gets an answer (OutOfMemoryError, StackOverflowError)
                    f.completeExceptionally(new IllegalStateException(describe(err), err));
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
                closeRun();
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
                } catch (Error err) { // an Error would kill the thread and leave every caller waiting
                    failOnError(err);
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
        closeRun();
        run = new Run(spec, HISTORY_CAPACITY, SPECTRA_BUDGET); // throws with a one-line message for a bad spec
        state = RunState.IDLE;
        message = "ready: " + run.session().task().description();
    }

    private void closeRun() {
        if (run != null) run.close();
        run = null;
        droppedSpec = null;
        droppedHistory = TrainingHistory.EMPTY;
    }

    private void startLoop() {
        run.loopStarted(); // a pause is not time the loop took
        int generation = ++loopGeneration;
        engine.execute(() -> guardedLoop(generation));
    }

    /** The loop, with an Error (out of memory, stack overflow) ending the run as FAILED so its future completes. */
    private void guardedLoop(int generation) {
        try {
            loop(generation);
        } catch (Error err) {
            failOnError(err);
            publish();
        }
    }

    private void loop(int generation) {
        while (generation == loopGeneration && state == RunState.RUNNING) {
            iterateOnce(false);
            if (state != RunState.RUNNING) break;
            if (run.countDown()) {
                run.copyModel();
                state = RunState.IDLE;
                message = "finished at iteration " + run.iteration();
                break;
            }
            if (!engine.getQueue().isEmpty()) {
                try {
                    engine.execute(() -> guardedLoop(generation)); // let queued commands run first
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
        StepMetrics m;
        try {
            m = run.iterate();
        } catch (RuntimeException ex) {
            fail(ex);
            return;
        }
        for (Consumer<StepMetrics> l : stepListeners) l.accept(m);
        if (m.nonFinite() == null) {
            for (CheckpointListener c : checkpoints) {
                if (m.step() % c.everySteps() == 0) c.listener().accept(new Checkpoint(m.step(), run.session().model().copy()));
            }
        }
        if (m.nonFinite() != null) {
            state = RunState.STOPPED;
            message = "stopped: " + m.nonFinite().describe();
        }
        // The run's last iteration is read out whatever the time, as a single step's is (probed when that is quick):
        // the charts, the predictions and Gradient flow then end where the run did, where the user looks.
        boolean last = run.remaining() == 1;
        boolean due = single || last || state != RunState.RUNNING
                || System.nanoTime() - lastPublishNanos >= PUBLISH_INTERVAL_MS * 1_000_000;
        if (due && m.nonFinite() == null) run.capture(single || last);
        if (!single) run.countTowardsRate();
        if (single || run.modelCopyOlderThan(MODEL_COPY_INTERVAL_MS * 1_000_000)) run.copyModel();
        // A single step's snapshot is the one its command publishes when it returns: publishing here as well sent the
        // same iteration twice, and whoever held the first saw it replaced by a copy.
        if (due && !single) publish();
    }

    private void fail(RuntimeException ex) {
        loopGeneration++;
        state = RunState.FAILED;
        String m = ex.getMessage();
        message = m == null || m.isBlank() ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
        finishRun();
    }

    /**
     * Ends the run after an Error. An OutOfMemoryError also drops the session, so that its buffers are garbage and
     * the thread can still publish and answer the next command.
     */
    private void failOnError(Error err) {
        if (err instanceof OutOfMemoryError && run != null) {
            Run dropped = run;
            run = null;
            dropped.close();
            droppedSpec = dropped.spec();
            droppedIteration = dropped.iteration();
            try {
                droppedHistory = dropped.history(); // a few hundred KB of curves, beside the buffers just released
            } catch (OutOfMemoryError stillNoRoom) {
                droppedHistory = TrainingHistory.EMPTY;
            }
        }
        fail(new IllegalStateException(describe(err), err));
    }

    /** One line for an Error: what ran out, and what to change. */
    static String describe(Error err) {
        if (err instanceof OutOfMemoryError) {
            return "out of memory (" + (err.getMessage() == null ? "heap" : err.getMessage()) + ") with a heap of at most "
                    + org.rnnexplorer.engine.MemoryBudget.format(Runtime.getRuntime().maxMemory())
                    + "; make the run smaller or give java a larger -Xmx";
        }
        if (err instanceof StackOverflowError) return "stack overflow (recursion too deep for the thread's stack)";
        return "internal error: " + err;
    }

    private void finishRun() {
        if (runFuture != null) {
            CompletableFuture<ServiceSnapshot> f = runFuture;
            runFuture = null;
            f.complete(publish());
        }
    }

    private ServiceSnapshot publish() {
        Model model = run == null ? null : run.modelCopy();
        if (model != null && model != lastPublishedModel) modelVersion++;
        lastPublishedModel = model;
        ServiceSnapshot s = run == null
                ? new ServiceSnapshot(latest.version() + 1, state, message, droppedSpec, droppedIteration, null,
                        modelVersion, null, null, droppedHistory, null, 0, "", null)
                : new ServiceSnapshot(latest.version() + 1, state, message, run.spec(), run.iteration(), model,
                        modelVersion, run.trace(), run.cursor(), run.history(), run.nonFinite(),
                        run.iterationsPerSecond(), run.session().backendName(), run.predictions());
        latest = s;
        lastPublishNanos = System.nanoTime();
        for (Consumer<ServiceSnapshot> l : listeners) l.accept(s);
        return s;
    }

    /** For tests: the current run, read on the engine thread, or null. */
    Run currentRun() {
        return run;
    }

    /** For tests: runs an action on the engine thread and returns its value. */
    <T> CompletableFuture<T> onEngine(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.execute(() -> f.complete(action.get()));
        return f;
    }
}
