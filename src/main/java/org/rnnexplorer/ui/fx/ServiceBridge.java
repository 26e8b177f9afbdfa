package org.rnnexplorer.ui.fx;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The window's handle on one {@link EngineService}: commands go to the engine thread (never waited on from the FX
 * thread), and the service's snapshots arrive as a property on the FX thread, at most one per pulse (coalesced).
 * Two bridges make an A/B view of two runs side by side.
 */
public final class ServiceBridge implements AutoCloseable {
    private final EngineService service;
    private final ReadOnlyObjectWrapper<ServiceSnapshot> snapshot;
    private final PulseCoalescer<ServiceSnapshot> coalescer;
    /** Guards {@link #pendingSpec} and {@link #latestInFlight}. */
    private final Object latestLock = new Object();
    /** The newest spec of a burst not yet handed to the service; null when none waits. */
    private RunSpec pendingSpec;
    /** Whether a spec of {@link #configureLatest} is being built (the next waits for it). */
    private boolean latestInFlight;
    private final Executor fxExecutor;

    /** @param fxExecutor {@code Platform::runLater} in the app, a direct executor in view-model tests */
    public ServiceBridge(Executor fxExecutor) {
        this(new EngineService(), fxExecutor);
    }

    public ServiceBridge(EngineService service, Executor fxExecutor) {
        this.service = service;
        this.fxExecutor = fxExecutor;
        this.snapshot = new ReadOnlyObjectWrapper<>(service.snapshot());
        this.coalescer = new PulseCoalescer<>(fxExecutor, snapshot::set);
        service.addListener(coalescer::offer);
    }

    /** The latest snapshot, updated on the FX thread. */
    public ReadOnlyObjectProperty<ServiceSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ServiceSnapshot snapshot() {
        return snapshot.get();
    }

    /** The service itself, for commands not wrapped here. */
    public EngineService service() {
        return service;
    }

    /**
     * Configures {@code spec}. It supersedes a spec of {@link #configureLatest} still waiting: that one, built after
     * it, replaced a training run just configured and stepped (the explore spec of the form before the run changed
     * its input_size), and the Training pane waited for good.
     */
    public CompletableFuture<ServiceSnapshot> configure(RunSpec spec) {
        dropPendingLatest();
        return service.configure(spec);
    }

    /**
     * Configures, and hands {@code done} the snapshot published right after the configuration (a spec the service
     * refused leaves it without a run of that spec, FAILED with why) or the failure, on the FX thread. The coalesced
     * snapshots may skip that one, so a caller that must hear a refusal listens here. Supersedes a waiting spec of
     * {@link #configureLatest}, as {@link #configure(RunSpec)} does.
     */
    public void configure(RunSpec spec, BiConsumer<ServiceSnapshot, Throwable> done) {
        dropPendingLatest();
        service.configure(spec).whenCompleteAsync(done, fxExecutor);
    }

    /**
     * Configures with the newest of a burst of specs (a slider being dragged): while one configuration is being
     * built, later specs replace each other and only the last is built next.
     */
    public void configureLatest(RunSpec spec) {
        synchronized (latestLock) {
            pendingSpec = spec;
            if (latestInFlight) return;
            latestInFlight = true;
        }
        submitPending();
    }

    private void submitPending() {
        RunSpec next;
        synchronized (latestLock) {
            next = pendingSpec;
            pendingSpec = null;
            if (next == null) {
                latestInFlight = false;
                return;
            }
        }
        service.configure(next).whenComplete((s, ex) -> submitPending());
    }

    private void dropPendingLatest() {
        synchronized (latestLock) {
            pendingSpec = null;
        }
    }

    public CompletableFuture<ServiceSnapshot> start() {
        return service.start();
    }

    public CompletableFuture<ServiceSnapshot> runIterations(long n) {
        return service.runIterations(n);
    }

    public CompletableFuture<ServiceSnapshot> pause() {
        return service.pause();
    }

    public CompletableFuture<ServiceSnapshot> resume() {
        return service.resume();
    }

    public CompletableFuture<ServiceSnapshot> cancel() {
        return service.cancel();
    }

    public CompletableFuture<ServiceSnapshot> reset() {
        return service.reset();
    }

    public CompletableFuture<ServiceSnapshot> stepIteration() {
        return service.stepIteration();
    }

    public CompletableFuture<ServiceSnapshot> stepTimestepForward() {
        return service.stepTimestepForward();
    }

    public CompletableFuture<ServiceSnapshot> stepTimestepBackward() {
        return service.stepTimestepBackward();
    }

    /**
     * Samples text from the run's weights on the engine thread; {@code done} gets the sample or the failure on the FX
     * thread.
     */
    public void sampleText(String seedText, int length, double temperature, long seed,
                           BiConsumer<EngineService.TextSample, Throwable> done) {
        service.sample(seedText, length, temperature, seed).whenCompleteAsync(done, fxExecutor);
    }

    @Override
    public void close() {
        service.close();
    }
}
