package org.rnnexplorer.ui.compare;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Numbers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.RunVariant;
import org.rnnexplorer.ui.state.TrainingSettings;
import org.rnnexplorer.ui.state.TrainingSettingsException;

import java.util.List;

/**
 * The A/B view: two training runs side by side on two engine services of their own, with the Training pane's
 * task, optimiser, clipping, batch size and seed, so that they see the same batches in the same order and differ
 * only in what their {@link RunVariant}s set: the cell (RNN tanh or ReLU, LSTM, GRU) and its initialisation. A third
 * run, {@link #third()}, joins them for a three-way comparison. One set of run / pause / step / reset commands
 * drives all of them. No scene types; FX thread only.
 */
public final class CompareViewModel {

    private final ServiceBridge bridgeA;
    private final ServiceBridge bridgeB;
    private final TrainingSettings base;
    private final ObjectProperty<RunVariant> variantA = new SimpleObjectProperty<>(this, "variantA", RunVariant.TANH);
    private final ObjectProperty<RunVariant> variantB = new SimpleObjectProperty<>(this, "variantB", RunVariant.RELU);
    private final ReadOnlyObjectWrapper<ServiceSnapshot> trainingA = new ReadOnlyObjectWrapper<>(this, "trainingA");
    private final ReadOnlyObjectWrapper<ServiceSnapshot> trainingB = new ReadOnlyObjectWrapper<>(this, "trainingB");
    private final ReadOnlyStringWrapper statusA = new ReadOnlyStringWrapper(this, "statusA", "");
    private final ReadOnlyStringWrapper statusB = new ReadOnlyStringWrapper(this, "statusB", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ThirdRun third;
    private RunSpec specA;
    private RunSpec specB;
    private boolean dirty = true;

    /**
     * @param c    the third run's service (run slot C)
     * @param base the Training pane's settings, which every side shares
     */
    public CompareViewModel(ServiceBridge a, ServiceBridge b, ServiceBridge c, TrainingSettings base) {
        this.bridgeA = a;
        this.bridgeB = b;
        this.third = new ThirdRun(c);
        this.base = base;
        variantA.addListener(x -> dirty = true);
        variantB.addListener(x -> dirty = true);
        third.variantProperty().addListener(x -> dirty = true);
        third.onProperty().addListener(x -> dirty = true);
        base.settingsVersionProperty().addListener(x -> dirty = true);
        a.snapshotProperty().addListener((o, x, s) -> arrived(s, true));
        b.snapshotProperty().addListener((o, x, s) -> arrived(s, false));
    }

    /** The run one side trains: the Training pane's spec with this side's cell and initialisation. */
    public RunSpec specFor(RunVariant v) {
        RunSpec s = base.buildSpec();
        RnnConfig config = s.config();
        if (v.mode() != CellMode.LSTM) config = config.withProjSize(0); // proj_size is an LSTM's only
        RunSpec.Builder b = s.toBuilder().initialModel(null).config(config.withMode(v.mode()));
        return (Double.isNaN(v.rho()) ? b.init(v.init()) : b.init(v.init(), v.rho())).build();
    }

    /** Trains both (all three with C): fresh runs when anything changed, else they continue. */
    public void run() {
        if (!dirty && specA != null && resumable(trainingA.get()) && resumable(trainingB.get())
                && (!third.onProperty().get() || third.resumable())) {
            for (ServiceBridge bridge : List.of(bridgeA, bridgeB)) {
                ServiceSnapshot s = bridge == bridgeA ? trainingA.get() : trainingB.get();
                if (s.state() == RunState.PAUSED) bridge.resume();
                else if (s.state() == RunState.IDLE) bridge.runIterations(TrainingSettings.RUN_LENGTH);
            }
            if (third.onProperty().get()) third.continueRun(TrainingSettings.RUN_LENGTH);
            return;
        }
        runFor(TrainingSettings.RUN_LENGTH);
    }

    /** Fresh runs on both sides (and C) that train {@code iterations} and stop there (a preset's budget). */
    public void runFor(long iterations) {
        if (configureBoth()) {
            bridgeA.runIterations(iterations);
            bridgeB.runIterations(iterations);
            if (third.onProperty().get()) third.runIterations(iterations);
        }
    }

    private static boolean resumable(ServiceSnapshot s) {
        return s != null && (s.state() == RunState.PAUSED || s.state() == RunState.IDLE || s.state() == RunState.RUNNING);
    }

    /** Pauses every side, C included (another preset, Pause all, Run in the Training pane). */
    public void pause() {
        bridgeA.pause();
        bridgeB.pause();
        third.pause();
    }

    /** One update on each side. */
    public void step() {
        boolean fresh = dirty || specA == null || !resumable(trainingA.get()) || !resumable(trainingB.get())
                || (third.onProperty().get() && !third.resumable());
        if (fresh && !configureBoth()) return;
        for (ServiceBridge bridge : List.of(bridgeA, bridgeB)) {
            ServiceSnapshot s = bridge == bridgeA ? trainingA.get() : trainingB.get();
            if (!fresh && s.state() == RunState.RUNNING) bridge.pause();
            bridge.stepIteration();
        }
        if (third.onProperty().get()) third.step(fresh);
    }

    /** Fresh runs on both sides at iteration 0. */
    public void reset() {
        configureBoth();
    }

    /** Stops both runs (the window's closing, or leaving the comparison). */
    public void cancel() {
        bridgeA.cancel();
        bridgeB.cancel();
        third.cancel();
    }

    private boolean configureBoth() {
        RunSpec specC = null;
        try {
            specA = specFor(variantA.get());
            specB = specFor(variantB.get());
            if (third.onProperty().get()) specC = specFor(third.variantProperty().get());
        } catch (TrainingSettingsException e) {
            problem.set("Training pane's " + e.getMessage());
            return false;
        }
        problem.set("");
        dirty = false;
        trainingA.set(null);
        trainingB.set(null);
        bridgeA.configure(specA);
        bridgeB.configure(specB);
        if (specC != null) third.configure(specC);
        return true;
    }

    private void arrived(ServiceSnapshot s, boolean a) {
        if (s == null) return;
        RunSpec mine = a ? specA : specB;
        if (mine == null || s.spec() != mine) return;
        (a ? trainingA : trainingB).set(s);
        (a ? statusA : statusB).set(describe(s));
    }

    /** e.g. "running · iteration 250 · loss 0.1702". */
    static String describe(ServiceSnapshot s) {
        double loss = s.lossAtIteration();
        return s.stateInWords() + " · iteration " + s.iteration() + (Double.isNaN(loss) ? "" : " · loss " + Numbers.g(loss, 4));
    }

    public ObjectProperty<RunVariant> variantAProperty() {
        return variantA;
    }

    public ObjectProperty<RunVariant> variantBProperty() {
        return variantB;
    }

    /** Side A's latest snapshot, or null before its first run. */
    public ReadOnlyObjectProperty<ServiceSnapshot> trainingAProperty() {
        return trainingA.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ServiceSnapshot> trainingBProperty() {
        return trainingB.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusAProperty() {
        return statusA.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusBProperty() {
        return statusB.getReadOnlyProperty();
    }

    /** A Training pane setting that cannot run, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public RunSpec specA() {
        return specA;
    }

    public RunSpec specB() {
        return specB;
    }

    /** Run C: off unless a three-way comparison turns it on. */
    public ThirdRun third() {
        return third;
    }
}
