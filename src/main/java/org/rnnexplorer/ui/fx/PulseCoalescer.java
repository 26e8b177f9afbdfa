package org.rnnexplorer.ui.fx;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the latest of a stream of values from any thread to a consumer on the FX thread, dropping the values that
 * were superseded before the consumer ran. At most one hand-off is queued at a time, so a producer publishing
 * thousands of snapshots a second costs the FX thread one call per frame, never a flood of {@code runLater}s.
 *
 * <p>This is the seam through which the engine service's stream (hidden states, gradients, training progress)
 * reaches the panes: the service offers immutable snapshots, a pane's view-model consumes them.
 *
 * @param <T> an immutable snapshot type
 */
public final class PulseCoalescer<T> {

    private final AtomicReference<T> latest = new AtomicReference<>();
    private final Executor fxExecutor;
    private final Consumer<? super T> consumer;

    /**
     * @param fxExecutor {@code Platform::runLater} in the app, a direct executor in tests
     * @param consumer   runs on the FX executor with the newest value
     */
    public PulseCoalescer(Executor fxExecutor, Consumer<? super T> consumer) {
        this.fxExecutor = Objects.requireNonNull(fxExecutor);
        this.consumer = Objects.requireNonNull(consumer);
    }

    /** Publishes a value from any thread; only the newest one pending is delivered. */
    public void offer(T value) {
        Objects.requireNonNull(value);
        if (latest.getAndSet(value) == null) {
            fxExecutor.execute(this::deliver);
        }
    }

    private void deliver() {
        T value = latest.getAndSet(null);
        if (value != null) consumer.accept(value);
    }
}
