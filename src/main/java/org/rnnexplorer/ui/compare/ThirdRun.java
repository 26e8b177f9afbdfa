package org.rnnexplorer.ui.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.RunVariant;

/**
 * Run C of the A/B view: a third run beside A and B for a three-way comparison (the article's remedy: tanh RNN,
 * LSTM and GRU from the same seed and batches). Off unless {@link #onProperty()}; when on, the A/B view's commands
 * drive it with A and B, from the same Training pane settings, so that the three see the same batches in the same
 * order. No scene types; FX thread only.
 */
public final class ThirdRun {

    private final ServiceBridge bridge;
    private final BooleanProperty on = new SimpleBooleanProperty(this, "on", false);
    private final ObjectProperty<RunVariant> variant =
            new SimpleObjectProperty<>(this, "variant", RunVariant.GRU);
    private final ReadOnlyObjectWrapper<ServiceSnapshot> training = new ReadOnlyObjectWrapper<>(this, "training");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private RunSpec spec;

    ThirdRun(ServiceBridge bridge) {
        this.bridge = bridge;
        bridge.snapshotProperty().addListener((o, x, s) -> arrived(s));
        // Turned off: it stops, and nothing of it stays on the charts or in the live-run indicator.
        on.addListener((o, was, now) -> {
            if (!now) {
                bridge.cancel();
                spec = null;
                training.set(null);
                status.set("");
            }
        });
    }

    /** Starts this run on {@code s} at iteration 0 (A and B are configured at the same time). */
    void configure(RunSpec s) {
        spec = s;
        training.set(null);
        bridge.configure(s);
    }

    /** Whether it has a run that Run and Step can continue rather than configure afresh. */
    boolean resumable() {
        ServiceSnapshot s = training.get();
        return spec != null && s != null
                && (s.state() == RunState.PAUSED || s.state() == RunState.IDLE || s.state() == RunState.RUNNING);
    }

    /** Run on a resumable run: a paused one resumes, an idle one trains {@code iterations} more. */
    void continueRun(long iterations) {
        ServiceSnapshot s = training.get();
        if (s == null) return;
        if (s.state() == RunState.PAUSED) bridge.resume();
        else if (s.state() == RunState.IDLE) bridge.runIterations(iterations);
    }

    void runIterations(long n) {
        bridge.runIterations(n);
    }

    /** One update, pausing a running loop first unless the run is fresh. */
    void step(boolean fresh) {
        ServiceSnapshot s = training.get();
        if (!fresh && s != null && s.state() == RunState.RUNNING) bridge.pause();
        bridge.stepIteration();
    }

    void pause() {
        bridge.pause();
    }

    void cancel() {
        bridge.cancel();
    }

    private void arrived(ServiceSnapshot s) {
        if (s == null || spec == null || s.spec() != spec) return;
        training.set(s);
        status.set(CompareViewModel.describe(s));
    }

    /** Whether the A/B view runs C too. */
    public BooleanProperty onProperty() {
        return on;
    }

    /** What C runs: a cell and its initialisation, as A's and B's variants. */
    public ObjectProperty<RunVariant> variantProperty() {
        return variant;
    }

    /** C's latest snapshot, or null before its first run (and while off). */
    public ReadOnlyObjectProperty<ServiceSnapshot> trainingProperty() {
        return training.getReadOnlyProperty();
    }

    /** e.g. "running · iteration 250 · loss 0.1702"; "" while off. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The spec C runs now, or null. */
    public RunSpec spec() {
        return spec;
    }
}
