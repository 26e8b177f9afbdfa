package org.rnnexplorer.ui.gradient;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.MetricHistory;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TimeCursor.Phase;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.service.TrainingHistory;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.fx.LatestWork;
import org.rnnexplorer.ui.fx.LayerDirectionChoice;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.live.TimeZoom;
import org.rnnexplorer.ui.state.ExploreLoss;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Gradient flow pane: ‖∂L/∂h_t‖ against t for every layer and direction, Pascanu's bound and the measured
 * running product for the chosen one, its ∂L/∂h_t as a units × time heatmap, step-through BPTT at the shared
 * cursor, and the gradient norm per training iteration with clipping events.
 *
 * <p>Snapshots come in on the FX thread; the O(T·H) preparation runs on the background executor, newest pass only,
 * while the pane is shown. No scene types: tested without JavaFX, with direct executors.
 */
public final class GradientFlowViewModel {

    private final TimeCursorViewModel cursor;
    private final TimeZoom timeZoom;
    private final LatestWork<GradientFrame> work;
    private final LayerDirectionChoice choice = new LayerDirectionChoice(this);
    private final ObservableList<Integer> layers = choice.layers();
    /** layers as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> layersReadOnly = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<Integer> directions = choice.directions();
    /** directions as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> directionsReadOnly = FXCollections.unmodifiableObservableList(directions);
    private final IntegerProperty layer = choice.layerProperty();
    private final IntegerProperty direction = choice.directionProperty();
    private final BooleanProperty logMagnitude = new SimpleBooleanProperty(this, "logMagnitude", false);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ReadOnlyObjectWrapper<GradientFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyObjectWrapper<ClipHistory> clipping = new ReadOnlyObjectWrapper<>(this, "clipping", ClipHistory.EMPTY);
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper(this, "header", "No pass yet: the model runs once the form is valid.");
    private final ReadOnlyStringWrapper lossText = new ReadOnlyStringWrapper(this, "lossText", "");
    /** The stand-in loss chosen for the explore run (the window binds it to the run's state). */
    private final ObjectProperty<ExploreLoss> exploreLoss =
            new SimpleObjectProperty<>(this, "exploreLoss",
                    ExploreLoss.LAST_STEP);
    private final ReadOnlyBooleanWrapper exploring = new ReadOnlyBooleanWrapper(this, "exploring", true);
    private final ReadOnlyStringWrapper boundText = new ReadOnlyStringWrapper(this, "boundText", "");
    private final ReadOnlyBooleanWrapper stepping = new ReadOnlyBooleanWrapper(this, "stepping", false);
    private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper(this, "stepText", "");
    private final ReadOnlyDoubleWrapper jacobianFactor = new ReadOnlyDoubleWrapper(this, "jacobianFactor", Double.NaN);
    private final ReadOnlyDoubleWrapper runningProduct = new ReadOnlyDoubleWrapper(this, "runningProduct", Double.NaN);
    private final ReadOnlyDoubleWrapper boundFactor = new ReadOnlyDoubleWrapper(this, "boundFactor", Double.NaN);
    private final ReadOnlyIntegerWrapper walkedFrom = new ReadOnlyIntegerWrapper(this, "walkedFrom", -1);
    private final ReadOnlyIntegerWrapper walkedTo = new ReadOnlyIntegerWrapper(this, "walkedTo", -1);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<BpttStepArithmetic> arithmetic = new ReadOnlyObjectWrapper<>(this, "arithmetic");
    private final ReadOnlyStringWrapper arithmeticText = new ReadOnlyStringWrapper(this, "arithmeticText", "");
    /** The latest finite σ_max per direction label: passes measured while training without probes carry NaN. */
    private final Map<String, Double> knownSigma = new HashMap<>();
    /** ρ as σ_max: the last measured, so the bound's line keeps its ρ between probed passes (it came and went). */
    private final Map<String, Double> knownRho = new HashMap<>();
    private TraceSnapshot latest;
    private TrainingHistory latestHistory;
    /** Whether the run of {@link #latestHistory} clips its gradients. */
    private boolean latestClips = true;
    /** The run whose σ_max and ρ {@link #knownSigma} and {@link #knownRho} hold. */
    private RunSpec knownFor;
    /** The step at which the watchdog stopped the run shown, or -1. */
    private long divergedAt = -1;
    /** The watchdog's finding, e.g. "step 21: loss is inf"; "" while the run has not diverged. */
    private String divergence = "";
    private boolean stale;

    /**
     * @param background runs the O(T·H) preparation (a daemon thread in the app, direct in tests)
     * @param fx         hands results back to the FX thread ({@code Platform::runLater}; direct in tests)
     */
    public GradientFlowViewModel(TimeCursorViewModel cursor, Executor background, Executor fx) {
        this.cursor = cursor;
        this.timeZoom = new TimeZoom(cursor);
        this.work = new LatestWork<>(background, fx, this::accept, e -> problem.set("Gradient flow: " + e.getMessage()));
        layer.addListener(o -> prepare());
        direction.addListener(o -> prepare());
        logMagnitude.addListener(o -> prepare());
        active.addListener((o, a, b) -> {
            if (b && latestHistory != null) clipping.set(ClipHistory.of(latestHistory, latestClips));
            if (b && stale) prepare();
        });
        cursor.tProperty().addListener(o -> updateStep());
        cursor.phaseProperty().addListener(o -> updateStep());
    }

    /** Takes a new snapshot: a new pass is prepared for drawing, a new history updates the clipping strip. */
    public void show(ServiceSnapshot s) {
        if (s == null) return;
        if (s.spec() != null && s.spec() != knownFor) {
            // Another run (other weights, another model): the last run's σ_max and ρ say nothing about this one.
            knownFor = s.spec();
            knownSigma.clear();
            knownRho.clear();
        }
        boolean clips = s.spec() == null || s.spec().clipping().kind() != GradientClipping.Kind.NONE;
        if (s.history() != null && (s.history() != latestHistory || clips != latestClips)) {
            latestHistory = s.history();
            latestClips = clips;
            if (active.get()) clipping.set(ClipHistory.of(latestHistory, clips)); // a hidden pane's chart need not redraw
        }
        lossText.set(describeLoss(s.spec()));
        if (s.spec() != null) exploring.set(ExploreLoss.of(s.spec()) != null);
        long diverged = s.nonFinite() == null || s.spec() == null ? -1 : s.nonFinite().step();
        if (diverged != divergedAt) {
            divergedAt = diverged;
            divergence = diverged < 0 ? "" : s.nonFinite().describe();
            // The header describes the latest pass (the frame may still be an older one being replaced).
            if (latest != null) header.set(describe(latest, latest.direction(
                    Math.min(layer.get(), latest.config().numLayers() - 1),
                    Math.min(direction.get(), latest.config().numDirections() - 1))));
        }
        if (s.trace() == null || s.trace() == latest) return;
        // A pass with ∞ or NaN in ∂L/∂h draws no curve: the last finite pass stays, marked as before the divergence.
        if (latest != null && !finite(s.trace()) && latest.config().equals(s.trace().config())) return;
        latest = s.trace();
        for (DirectionTrace d : latest.directions()) {
            double sigma = d.sigmaMax();
            if (!Double.isFinite(sigma) && s.history() != null) {
                MetricHistory.Series h = s.history().sigmaMax().get(d.label());
                if (h != null) sigma = h.last();
            }
            if (Double.isFinite(sigma)) knownSigma.put(d.label(), sigma);
            double rho = d.spectralRadius();
            if (!Double.isFinite(rho) && s.history() != null) {
                MetricHistory.Series h = s.history().spectralRadius().get(d.label());
                if (h != null) rho = h.last();
            }
            if (Double.isFinite(rho)) knownRho.put(d.label(), rho);
        }
        updateChoices(latest.config());
        prepare();
    }

    private void updateChoices(RnnConfig c) {
        choice.update(c);
    }

    private void prepare() {
        if (latest == null) return;
        if (!active.get()) {
            stale = true;
            return;
        }
        stale = false;
        TraceSnapshot trace = latest;
        int l = Math.min(layer.get(), trace.config().numLayers() - 1);
        int d = Math.min(direction.get(), trace.config().numDirections() - 1);
        double sigma = knownSigma.getOrDefault(trace.direction(l, d).label(), Double.NaN);
        boolean log = logMagnitude.get();
        // The header describes this pass at once, not the previous shape until the frame is prepared.
        header.set(describe(trace, trace.direction(l, d)));
        work.submit(() -> GradientFrame.prepare(trace, l, d, sigma, log));
    }

    /**
     * e.g. "∂L/∂h.l0   (L, N, H) = (40, 2, 16), sequence b = 0; ‖∂L/∂h_t‖ over the whole batch", and, after the
     * watchdog stopped the run, what it found and that this is the latest finite pass drawn before it.
     */
    private String describe(TraceSnapshot t, DirectionTrace d) {
        RnnConfig c = t.config();
        String shown = String.format(Locale.ROOT, "∂L/∂h.%s   (L, N, %s) = (%d, %d, %d), sequence b = %d; "
                        + "‖∂L/∂h_t‖%s over the whole batch%s", d.label(), c.projSize() > 0 ? "H_out" : "H", t.steps(),
                t.batch(), c.outputHiddenSize(), t.batchIndex(), c.mode() == CellMode.LSTM
                        ? " and ‖∂L/∂c_t‖" : "", t.iteration() > 0 ? ", iteration " + t.iteration() : "");
        if (divergedAt < 0) return shown;
        // Not "the last finite pass": passes are drawn as published (at most every 40 ms), so the one shown may be a
        // few iterations older than the divergence (iteration 19 in one run, 20 in the next, of one preset).
        return shown + "; the run stopped at " + divergence + " (this is the latest finite pass drawn before that)";
    }

    private void accept(GradientFrame f) {
        timeZoom.stepsChanged(f.gradients().columns());
        frame.set(f);
        problem.set("");
        TraceSnapshot t = f.trace();
        DirectionTrace d = f.direction();
        if (f.gated()) {
            boundText.set(GatedFlowText.whyNoBound(t.config()));
        } else if (!Double.isFinite(f.sigmaMax())) {
            boundText.set("σ_max of W_hh is not known for this pass yet: the bound appears with the next probed pass.");
        } else {
            double gs = f.gamma() * f.sigmaMax();
            double knownRadius = Double.isFinite(d.spectralRadius()) ? d.spectralRadius()
                    : knownRho.getOrDefault(d.label(), Double.NaN);
            String rho = Double.isFinite(knownRadius) ? ", ρ = " + spectral(knownRadius) : "";
            boundText.set(String.format(Locale.ROOT, "σ_max = %s%s, γ = 1 (%s): γ·σ_max %s 1, so %s", spectral(f.sigmaMax()),
                    rho, t.config().nonlinearity().torchName(), gs < 1 ? "<" : "≥",
                    gs >= 1 ? "the bound allows growth: vanishing is not guaranteed, though it may still happen."
                            : f.entry() == GradientFrame.Entry.LAST_STEP_ONLY
                            ? "gradients reaching back k steps must vanish like (γσ_max)^k (Pascanu et al. 2013)."
                            : "what reaches back k steps through W_hh vanishes like (γσ_max)^k (Pascanu et al. 2013), "
                            + entryNote(f.entry())));
        }
        String hint = GreyHeatmapHint.of(f.gradients(), f.logMagnitude(), t.length(), t.batchIndex());
        if (!hint.isEmpty()) boundText.set(boundText.get() + "\n" + hint);
        updateStep();
    }

    /**
     * Why ‖∂L/∂h_t‖ need not fall under the bound where gradient also enters at other steps (the bound is not drawn
     * there): a stacked RNN's lower layer sat 11 decades above it while the pane said the gradient "must vanish".
     */
    static String entryNote(GradientFrame.Entry entry) {
        return switch (entry) {
            case LAST_STEP_ONLY -> "";
            case FROM_THE_LAYER_ABOVE -> "but the layer above feeds this layer at every step: ‖∂L/∂h_t‖ need not fall.";
            case FROM_THE_LOSS_AT_OTHER_STEPS -> "but the loss feeds this layer at other steps too: ‖∂L/∂h_t‖ need not "
                    + "fall.";
        };
    }

    /**
     * The band the running product covers while stepping back: from t to where the shown direction's BPTT starts, the
     * last step for the forward direction, t = 0 for the reverse one (it marked t…L−1 there, the steps the reverse
     * direction's product does not multiply).
     */
    private void walk(GradientFrame f, int t, int steps, boolean back) {
        boolean forward = f.direction().direction() == 0;
        // The end first: a view listening to walkedFrom reads both, so it must not see a stale end.
        walkedTo.set(!back ? -1 : forward ? steps - 1 : t);
        walkedFrom.set(!back ? -1 : forward ? t : f.last());
    }

    /**
     * The step-through's first line for what the cursor's walk means to the shown direction. The walk steps back from
     * the last step, as the forward direction's BPTT does; a reverse direction's BPTT runs the other way, from its last
     * step t = 0 (the readout said "1 step back from t = 4" beside a product over three of its steps).
     */
    static String stepHeader(int t, int steps, int direction, int last, boolean back) {
        String walk = "Step back through BPTT, Shift+Left, walks back from t = " + (steps - 1);
        if (direction == 0) return "t = " + t + "   (" + walk + ")";
        String reverse = "the reverse direction's BPTT runs the other way, from t = " + last;
        if (!back) return "t = " + t + "   (" + walk + "; " + reverse + ")";
        int k = Math.abs(t - last);
        return "BPTT at t = " + t + ": " + reverse + ", so t = " + t + " is " + (k == 1 ? "1 step" : k + " steps")
                + " back from it";
    }

    /**
     * The step-through's first line for the shown frame: in the forward direction's BPTT, how far back from the
     * followed sequence's last step t is (a shorter sequence's BPTT starts before the padding, not at T − 1).
     */
    static String stepHeader(GradientFrame f, int t, boolean back) {
        DirectionTrace d = f.direction();
        if (d.direction() != 0 || !back) return stepHeader(t, f.trace().steps(), d.direction(), f.last(), back);
        int k = Math.abs(f.last() - t);
        return "BPTT at t = " + t + " (" + (k == 0 ? "where sequence " + f.trace().batchIndex() + "'s BPTT starts"
                : stepsBack(k) + " from t = " + f.last()) + ")";
    }

    /**
     * What the step-through says at a step past the followed sequence's length, or null within it: padding has no
     * BPTT step (its factors read "n/a" with no reason given, three steps before a short sequence's own BPTT began).
     */
    static String pastLength(GradientFrame f, int t) {
        int length = Math.min(f.trace().length(), f.trace().steps());
        if (t < length) return null;
        int b = f.trace().batchIndex();
        return "t = " + t + " is past sequence " + b + "'s length " + length + ": padding, which the RNN never runs, "
                + "so no BPTT step is taken there; " + (f.direction().direction() == 0
                ? "sequence " + b + "'s BPTT starts at its last step t = " + f.last()
                : "its reverse direction's BPTT runs from t = 0 to t = " + (length - 1)) + ".";
    }

    /** The step's Jacobian: the reverse direction's h_t is computed from h_t+1. */
    static String stepFactor(int direction) {
        return direction == 0 ? "‖∂h_t/∂h_t−1‖₂" : "‖∂h_t/∂h_t+1‖₂";
    }

    /** "1 step back", "2 steps back". */
    static String stepsBack(int k) {
        return k == 1 ? "1 step back" : k + " steps back";
    }

    /** Which loss the gradients are of: the explorer's stand-in while exploring, else the task's. */
    static String describeLoss(RunSpec spec) {
        if (spec == null) return "";
        ExploreLoss explore = ExploreLoss.of(spec);
        if (explore != null) {
            // A unidirectional model has no reverse direction to speak of; a bidirectional one's reverse direction
            // starts at the last step, so the loss reaches it there, at its own first step.
            boolean bi = spec.config().bidirectional();
            return "Exploring: " + explore.description() + (explore == ExploreLoss.LAST_STEP
                    ? ", so ∂L/∂h_t enters at the last step only" + (bi ? " (the reverse direction's too: there it starts)" : "")
                    : ", so ∂L/∂h_t enters at every step" + (bi ? " (both directions')" : ""))
                    + "; training replaces it by the task's loss.";
        }
        return "Training: the loss of the " + spec.task().name() + " task.";
    }

    private static boolean finite(TraceSnapshot t) {
        for (DirectionTrace d : t.directions()) {
            for (double g : d.gradNorm()) if (!Double.isFinite(g)) return false;
        }
        return true;
    }

    /** Step-through BPTT: one timestep further back (Shift+Left). */
    public void stepBack() {
        cursor.stepBackThroughBptt();
    }

    /** Ends step-through: the forward pass is shown whole and the next step starts at the end again. */
    public void restart() {
        cursor.restartBptt();
    }

    private void updateStep() {
        GradientFrame f = frame.get();
        boolean back = cursor.phaseProperty().get() == Phase.BACKWARD;
        stepping.set(back);
        if (f == null) {
            stepText.set("");
            arithmetic.set(null);
            arithmeticText.set("");
            return;
        }
        int steps = f.trace().steps();
        int t = Math.min(cursor.tProperty().get(), steps - 1);
        DirectionTrace d = f.direction();
        updateArithmetic(f, t);
        if (f.gated()) {
            double factor = d.jacobianNorm() == null ? Double.NaN : d.jacobianNorm()[t];
            double product = d.productLogNorm() == null ? Double.NaN : Math.exp(d.productLogNorm()[t]);
            jacobianFactor.set(factor);
            runningProduct.set(product);
            boundFactor.set(Double.NaN);
            walk(f, t, steps, back);
            stepText.set(GatedFlowText.step(f, t, back));
            return;
        }
        double factor = d.jacobianNorm() == null ? Double.NaN : d.jacobianNorm()[t];
        double product = d.productLogNorm() == null ? Double.NaN : Math.exp(d.productLogNorm()[t]);
        int k = d.direction() == 0 ? f.last() - t : t - f.last();
        double bound = Double.isFinite(f.sigmaMax()) && k >= 0 ? Math.pow(f.gamma() * f.sigmaMax(), k) : Double.NaN;
        jacobianFactor.set(factor);
        runningProduct.set(product);
        boundFactor.set(bound);
        walk(f, t, steps, back);
        StringBuilder sb = new StringBuilder();
        sb.append(stepHeader(f, t, back)).append('\n');
        String padding = pastLength(f, t);
        if (padding != null) {
            stepText.set(sb.append(padding).toString());
            return;
        }
        if (d.jacobianNorm() == null) {
            sb.append("Jacobian factors were not measured for this pass");
            sb.append(back ? ": measuring…" : " (measured when you step back through BPTT)");
        } else {
            sb.append("factor ").append(stepFactor(d.direction())).append(" = ‖diag(f′(a_t))·W_hh‖₂ = ")
                    .append(number(factor)).append('\n');
            sb.append("running product ‖∂h_").append(f.last()).append("/∂h_t‖₂ = ").append(number(product));
        }
        if (Double.isFinite(bound)) {
            sb.append('\n').append("Pascanu's bound (γ·σ_max)^k = ").append(number(f.gamma() * f.sigmaMax()))
                    .append('^').append(k).append(" = ").append(number(bound));
        }
        stepText.set(sb.toString());
    }

    /** The step at t as matrices (O(H²) on a published snapshot: no engine work), or why it is not shown. */
    private void updateArithmetic(GradientFrame f, int t) {
        DirectionTrace d = f.direction();
        String why = BpttStepArithmetic.whyNotShown(f.trace(), d.layer(), d.direction(), t);
        BpttStepArithmetic step = why == null ? BpttStepArithmetic.of(f.trace(), d.layer(), d.direction(), t) : null;
        arithmetic.set(step);
        arithmeticText.set(step == null ? why : step.summary(f.trace().batchIndex()));
    }

    /**
     * ρ or σ_max as the bound's line states it: "1.209", or with an exponent far from 1 ("2.256e23"), as the Weights
     * pane writes them; an exploding run's σ_max was written out as 225649249807331040000000.000.
     */
    /**
     * σ_max and ρ to four significant digits either way, so that the two read alike side by side: "σ_max = 3.988e4,
     * ρ = 6056" (it was "6056.497", three decimals beside an exponent).
     */
    static String spectral(double v) {
        double a = Math.abs(v);
        String s = a == 0 || a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
        return s.replace("e+", "e").replaceAll("e(-?)0+(\\d)", "e$1$2");
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        String s = a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
        return s.replace('-', '−');
    }

    /** The hover readout for a heatmap cell, with the gradient's own value even on the log-magnitude map. */
    public String describeCell(int unit, int t) {
        GradientFrame f = frame.get();
        if (f == null) return "";
        int hidden = f.gradients().rows(), steps = f.trace().steps();
        if (unit < 0 || t < 0 || unit >= hidden || t >= steps) return "";
        float g = f.direction().gradHidden()[t * hidden + unit];
        return "t = " + t + ", unit " + unit + ": ∂L/∂h = " + number(g);
    }

    public TimeCursorViewModel cursor() {
        return cursor;
    }

    public ObservableList<Integer> layers() {
        return layersReadOnly;
    }

    public ObservableList<Integer> directions() {
        return directionsReadOnly;
    }

    public IntegerProperty layerProperty() {
        return layer;
    }

    public IntegerProperty directionProperty() {
        return direction;
    }

    /** Heatmap of log10 |∂L/∂h_t| instead of signed values: gradients span decades. */
    public BooleanProperty logMagnitudeProperty() {
        return logMagnitude;
    }

    /** Whether the pane is shown: passes are prepared for drawing only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ReadOnlyObjectProperty<GradientFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClipHistory> clippingProperty() {
        return clipping.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    /** The loss ∂L/∂h_t is taken of, in words (the explorer's stand-in or the task's). */
    /** Which stand-in loss the explore run differentiates: the last step's or every step's. */
    public ObjectProperty<ExploreLoss> exploreLossProperty() {
        return exploreLoss;
    }

    /** Whether the pass shown is the explore run's (its loss can be chosen), not training's. */
    public ReadOnlyBooleanProperty exploringProperty() {
        return exploring.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lossTextProperty() {
        return lossText.getReadOnlyProperty();
    }

    /** σ_max, ρ and what γ·σ_max says about vanishing. */
    public ReadOnlyStringProperty boundTextProperty() {
        return boundText.getReadOnlyProperty();
    }

    /** Whether BPTT is being stepped through (the cursor is in its backward phase). */
    public ReadOnlyBooleanProperty steppingProperty() {
        return stepping.getReadOnlyProperty();
    }

    /** The step's readout: where BPTT stands, its Jacobian factor, the running product and the bound. */
    public ReadOnlyStringProperty stepTextProperty() {
        return stepText.getReadOnlyProperty();
    }

    /** ‖diag(f′(a_t))·W_hh‖₂ at the cursor's t, NaN when not measured. */
    public ReadOnlyDoubleProperty jacobianFactorProperty() {
        return jacobianFactor.getReadOnlyProperty();
    }

    /** ‖∂h_last/∂h_t‖₂ at the cursor's t, NaN when not measured. */
    public ReadOnlyDoubleProperty runningProductProperty() {
        return runningProduct.getReadOnlyProperty();
    }

    /** (γ·σ_max)^k at the cursor's t, k steps from where BPTT starts. */
    public ReadOnlyDoubleProperty boundFactorProperty() {
        return boundFactor.getReadOnlyProperty();
    }

    /** First timestep BPTT step-through has reached, or -1 when not stepping. */
    public ReadOnlyIntegerProperty walkedFromProperty() {
        return walkedFrom.getReadOnlyProperty();
    }

    /** The timestep BPTT step-through started from (T − 1), or -1 when not stepping. */
    public ReadOnlyIntegerProperty walkedToProperty() {
        return walkedTo.getReadOnlyProperty();
    }

    /** The BPTT step at the cursor's t as labelled matrices, or null when {@link #arithmeticTextProperty} says why not. */
    public ReadOnlyObjectProperty<BpttStepArithmetic> arithmeticProperty() {
        return arithmetic.getReadOnlyProperty();
    }

    /** What the step's arithmetic adds up to, or why it is not shown. */
    public ReadOnlyStringProperty arithmeticTextProperty() {
        return arithmeticText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Which timesteps the heatmap and the norm chart draw. */
    public TimeZoom timeZoom() {
        return timeZoom;
    }
}
