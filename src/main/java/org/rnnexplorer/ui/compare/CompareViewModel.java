package org.rnnexplorer.ui.compare;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.training.TrainingSettingsException;
import org.rnnexplorer.ui.training.TrainingViewModel;

import java.util.List;

/**
 * The A/B view: two training runs side by side on two engine services of their own, with the Training pane's
 * task, optimiser, clipping, batch size and seed, so that they see the same batches in the same order and differ
 * only in what their {@link Variant}s set: nonlinearity and initialisation. One set of run / pause / step / reset
 * commands drives both. No scene types; FX thread only.
 */
public final class CompareViewModel {

    /**
     * What one side changes.
     *
     * @param rho spectral radius to rescale every W_hh to after initialisation, or NaN
     */
    public record Variant(String label, Nonlinearity nonlinearity, Initializers.Scheme init, double rho) {
        @Override
        public String toString() {
            return label;
        }
    }

    public static final Variant TANH = new Variant("tanh, PyTorch default init", Nonlinearity.TANH,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    public static final Variant RELU = new Variant("ReLU, PyTorch default init", Nonlinearity.RELU,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    public static final Variant IRNN = new Variant("IRNN: ReLU, W_hh = I", Nonlinearity.RELU,
            Initializers.Scheme.IDENTITY, Double.NaN);
    public static final Variant TANH_ORTHOGONAL = new Variant("tanh, orthogonal W_hh", Nonlinearity.TANH,
            Initializers.Scheme.ORTHOGONAL, Double.NaN);
    public static final Variant TANH_RHO_1 = new Variant("tanh, default init rescaled to ρ = 1", Nonlinearity.TANH,
            Initializers.Scheme.PYTORCH_DEFAULT, 1.0);
    public static final List<Variant> VARIANTS = List.of(TANH, RELU, IRNN, TANH_ORTHOGONAL, TANH_RHO_1);

    private final ServiceBridge bridgeA;
    private final ServiceBridge bridgeB;
    private final TrainingViewModel base;
    private final ObjectProperty<Variant> variantA = new SimpleObjectProperty<>(this, "variantA", TANH);
    private final ObjectProperty<Variant> variantB = new SimpleObjectProperty<>(this, "variantB", RELU);
    private final ReadOnlyObjectWrapper<ServiceSnapshot> trainingA = new ReadOnlyObjectWrapper<>(this, "trainingA");
    private final ReadOnlyObjectWrapper<ServiceSnapshot> trainingB = new ReadOnlyObjectWrapper<>(this, "trainingB");
    private final ReadOnlyStringWrapper statusA = new ReadOnlyStringWrapper(this, "statusA", "");
    private final ReadOnlyStringWrapper statusB = new ReadOnlyStringWrapper(this, "statusB", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private RunSpec specA;
    private RunSpec specB;
    private boolean dirty = true;

    /**
     * @param base the Training pane, whose settings both sides share
     */
    public CompareViewModel(ServiceBridge a, ServiceBridge b, TrainingViewModel base) {
        this.bridgeA = a;
        this.bridgeB = b;
        this.base = base;
        variantA.addListener(x -> dirty = true);
        variantB.addListener(x -> dirty = true);
        base.settingsVersionProperty().addListener(x -> dirty = true);
        base.addRunListener(this::pause); // Run in the Training pane: one run trains at a time, not three
        a.snapshotProperty().addListener((o, x, s) -> arrived(s, true));
        b.snapshotProperty().addListener((o, x, s) -> arrived(s, false));
    }

    /** The run one side trains: the Training pane's spec with this side's nonlinearity and initialisation. */
    public RunSpec specFor(Variant v) {
        RunSpec s = base.buildSpec();
        RunSpec.Builder b = s.toBuilder().initialModel(null).config(s.config().withNonlinearity(v.nonlinearity()));
        return (Double.isNaN(v.rho()) ? b.init(v.init()) : b.init(v.init(), v.rho())).build();
    }

    /** Trains both: fresh runs when anything changed, else both continue. */
    public void run() {
        if (!dirty && specA != null && resumable(trainingA.get()) && resumable(trainingB.get())) {
            for (ServiceBridge bridge : List.of(bridgeA, bridgeB)) {
                ServiceSnapshot s = bridge == bridgeA ? trainingA.get() : trainingB.get();
                if (s.state() == RunState.PAUSED) bridge.resume();
                else if (s.state() == RunState.IDLE) bridge.runIterations(TrainingViewModel.RUN_LENGTH);
            }
            return;
        }
        if (configureBoth()) {
            bridgeA.runIterations(TrainingViewModel.RUN_LENGTH);
            bridgeB.runIterations(TrainingViewModel.RUN_LENGTH);
        }
    }

    /** Fresh runs on both sides that train {@code iterations} and stop there (a preset's budget). */
    public void runFor(long iterations) {
        if (configureBoth()) {
            bridgeA.runIterations(iterations);
            bridgeB.runIterations(iterations);
        }
    }

    private static boolean resumable(ServiceSnapshot s) {
        return s != null && (s.state() == RunState.PAUSED || s.state() == RunState.IDLE || s.state() == RunState.RUNNING);
    }

    public void pause() {
        bridgeA.pause();
        bridgeB.pause();
    }

    /** One update on each side. */
    public void step() {
        boolean fresh = dirty || specA == null || !resumable(trainingA.get()) || !resumable(trainingB.get());
        if (fresh && !configureBoth()) return;
        for (ServiceBridge bridge : List.of(bridgeA, bridgeB)) {
            ServiceSnapshot s = bridge == bridgeA ? trainingA.get() : trainingB.get();
            if (!fresh && s.state() == RunState.RUNNING) bridge.pause();
            bridge.stepIteration();
        }
    }

    /** Fresh runs on both sides at iteration 0. */
    public void reset() {
        configureBoth();
    }

    /** Stops both runs (the window's closing, or leaving the comparison). */
    public void cancel() {
        bridgeA.cancel();
        bridgeB.cancel();
    }

    private boolean configureBoth() {
        try {
            specA = specFor(variantA.get());
            specB = specFor(variantB.get());
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
        return true;
    }

    private void arrived(ServiceSnapshot s, boolean a) {
        if (s == null) return;
        RunSpec mine = a ? specA : specB;
        if (mine == null || s.spec() != mine) return;
        (a ? trainingA : trainingB).set(s);
        (a ? statusA : statusB).set(describe(s));
    }

    private static String describe(ServiceSnapshot s) {
        String state = switch (s.state()) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case IDLE -> s.iteration() == 0 ? "ready" : "idle";
            case STOPPED -> s.message();
            case FAILED -> "failed: " + s.message();
            case CLOSED -> "closed";
        };
        double loss = s.history().loss().last();
        return state + " · iteration " + s.iteration()
                + (Double.isNaN(loss) ? "" : String.format(java.util.Locale.ROOT, " · loss %.4g", loss));
    }

    public ObjectProperty<Variant> variantAProperty() {
        return variantA;
    }

    public ObjectProperty<Variant> variantBProperty() {
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
}
