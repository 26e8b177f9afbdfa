package org.rnnexplorer.ui.fx;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the newest of a stream of jobs on a background executor and hands each result to the FX thread: a job
 * submitted while another waits replaces it, so a burst of snapshots costs one computation for the last of them.
 * This is where work too heavy for a frame (transposing and colouring a 512 × 1000 trace) leaves the FX thread.
 *
 * @param <T> the result, immutable once handed over
 */
public final class LatestWork<T> {

    private final Executor background;
    private final Executor fx;
    private final Consumer<? super T> onResult;
    private final Consumer<? super RuntimeException> onFailure;
    private final AtomicReference<Supplier<? extends T>> pending = new AtomicReference<>();

    /**
     * @param background runs the jobs, one at a time (a single daemon thread in the app; direct in tests)
     * @param fx         {@code Platform::runLater} in the app; direct in tests
     * @param onResult   receives each result on the FX executor
     * @param onFailure  receives a job's exception on the FX executor
     */
    public LatestWork(Executor background, Executor fx, Consumer<? super T> onResult,
                      Consumer<? super RuntimeException> onFailure) {
        this.background = Objects.requireNonNull(background);
        this.fx = Objects.requireNonNull(fx);
        this.onResult = Objects.requireNonNull(onResult);
        this.onFailure = Objects.requireNonNull(onFailure);
    }

    /** Queues a job; if one is already waiting it is dropped in favour of this one. */
    public void submit(Supplier<? extends T> job) {
        if (pending.getAndSet(Objects.requireNonNull(job)) == null) background.execute(this::runPending);
    }

    private void runPending() {
        Supplier<? extends T> job = pending.getAndSet(null);
        if (job == null) return;
        T result;
        try {
            result = job.get();
        } catch (RuntimeException e) {
            fx.execute(() -> onFailure.accept(e));
            return;
        }
        fx.execute(() -> FxTimings.time("background result hand-off", () -> onResult.accept(result)));
    }
}
