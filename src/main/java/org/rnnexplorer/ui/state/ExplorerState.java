package org.rnnexplorer.ui.state;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.train.Linear;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the explorer's panes share, in one place (as JabRef's {@code StateManager}): the form's model and input, the
 * weights with the Weights pane's seed and selection, the imported input and PyTorch's output for it, the backend,
 * each run slot's spec and owner and which slots train now, the selected pane, and the {@linkplain #requests()
 * requests} that presets, workspaces and files make of the panes. Panes and {@code ui.rules}' rules read and change
 * it; no pane calls another. Observable with {@code javafx.beans} only, so
 * it and its rules are tested without JavaFX. FX thread only (in tests: any single thread).
 */
public final class ExplorerState {

    /**
     * The window's engine services: the live run the panes show, and the A/B view's runs: A and B, and C, the
     * third run of a three-way comparison (the article's remedy: tanh RNN, LSTM and GRU).
     */
    public enum RunSlot { MAIN, A, B, C }

    /** Who decides what a run slot runs. */
    public enum RunOwner {
        /** The main run shows the form's model on its input with the current weights, before any training. */
        EXPLORING,
        /** The Training pane trains on the main run; the live panes follow the training. */
        TRAINING,
        /** The A/B view trains on its slots A and B (and C in a three-way comparison). */
        AB
    }

    /** Who moved the weights last. */
    public enum WeightsChange {
        /** The user (a Weights pane edit, a file, a preset, a re-shape for the form): the model changed. */
        EDIT,
        /** A training step: the same model learning, not an edit. */
        TRAINING
    }

    private final ReadOnlyObjectWrapper<ModelState> form = new ReadOnlyObjectWrapper<>(this, "form");
    private final ReadOnlyObjectWrapper<RnnParameters> weights = new ReadOnlyObjectWrapper<>(this, "weights");
    private final ReadOnlyLongWrapper weightsVersion = new ReadOnlyLongWrapper(this, "weightsVersion", 0);
    private final ReadOnlyObjectWrapper<WeightsChange> weightsChange =
            new ReadOnlyObjectWrapper<>(this, "weightsChange", WeightsChange.EDIT);
    /** The readout head trained with {@link #headWeights}, or null (see {@link #headOf}). */
    private Linear head;
    private RnnParameters headWeights;
    private final ReadOnlyLongWrapper modelEdits = new ReadOnlyLongWrapper(this, "modelEdits", 0);
    private final ObjectProperty<Tensor> input = new SimpleObjectProperty<>(this, "input");
    private final StringProperty backend = new SimpleStringProperty(this, "backend", "auto");
    private final ObjectProperty<PaneId> selectedPane = new SimpleObjectProperty<>(this, "selectedPane");
    private final LongProperty weightsSeed = new SimpleLongProperty(this, "weightsSeed", 0);
    private final IntegerProperty weightsLayer = new SimpleIntegerProperty(this, "weightsLayer", 0);
    private final IntegerProperty weightsDirection = new SimpleIntegerProperty(this, "weightsDirection", 0);
    private final ObjectProperty<Tensor> reference = new SimpleObjectProperty<>(this, "reference");
    private final ReadOnlyObjectWrapper<Set<RunSlot>> trainingNow =
            new ReadOnlyObjectWrapper<>(this, "trainingNow", Set.of());
    private final PaneRequests requests = new PaneRequests();
    private ReplaceGuard replaceGuard = (action, replace) -> replace.run();
    private final ObjectProperty<ExploreLoss> exploreLoss =
            new SimpleObjectProperty<>(this, "exploreLoss", ExploreLoss.LAST_STEP);
    private final IntegerProperty followedSequence = new SimpleIntegerProperty(this, "followedSequence", 0);
    private final Map<RunSlot, ReadOnlyObjectWrapper<RunSpec>> specs = new EnumMap<>(RunSlot.class);
    private final Map<RunSlot, ReadOnlyObjectWrapper<RunOwner>> owners = new EnumMap<>(RunSlot.class);

    public ExplorerState() {
        for (RunSlot slot : RunSlot.values()) {
            specs.put(slot, new ReadOnlyObjectWrapper<>(this, "spec" + slot));
            owners.put(slot, new ReadOnlyObjectWrapper<>(this, "owner" + slot, slot == RunSlot.MAIN ? RunOwner.EXPLORING : null));
        }
    }

    // --- the model ---

    /** The stand-in loss the explore run differentiates (chosen in the Gradient flow pane). */
    public ObjectProperty<ExploreLoss> exploreLossProperty() {
        return exploreLoss;
    }

    /**
     * The sequence b of the batch whose h_t, ∂L/∂h_t and step Jacobians the explore run traces (chosen in Hidden
     * states or Gradient flow); the explore run clamps it to the form's batch.
     */
    public IntegerProperty followedSequenceProperty() {
        return followedSequence;
    }

    /** The Model &amp; shapes form's last valid setting, or null while it has none. */
    public ReadOnlyObjectProperty<ModelState> formProperty() {
        return form.getReadOnlyProperty();
    }

    /** The user changed the form to a valid setting: an edit of the model. */
    public void editForm(ModelState s) {
        if (s == null || s.equals(form.get())) return;
        form.set(s);
        modelEdits.set(modelEdits.get() + 1);
    }

    /** The weights every pane shows (never modified after publication), or null before the first ones. */
    public ReadOnlyObjectProperty<RnnParameters> weightsProperty() {
        return weights.getReadOnlyProperty();
    }

    /** Increments whenever the weights change, whoever moved them. */
    public ReadOnlyLongProperty weightsVersionProperty() {
        return weightsVersion.getReadOnlyProperty();
    }

    /** Who moved the weights last; set before {@link #weightsProperty()} changes. */
    public ReadOnlyObjectProperty<WeightsChange> weightsChangeProperty() {
        return weightsChange.getReadOnlyProperty();
    }

    /** The user's new weights: an edit of the model. The weights already shown (the same object) are no change. */
    public void editWeights(RnnParameters p) {
        setWeights(p, WeightsChange.EDIT);
    }

    /** Weights a training step moved: shown everywhere, but not an edit of the model. */
    public void trainingMovedWeights(RnnParameters p) {
        trainingMovedWeights(p, null);
    }

    /** The same, with the readout head that step moved ({@link #headOf}), or null. */
    public void trainingMovedWeights(RnnParameters p, Linear trainedHead) {
        setWeights(p, WeightsChange.TRAINING);
        if (p != null && trainedHead != null) offerHead(p, trainedHead);
    }

    /**
     * Pairs a trained readout head with these weights (a workspace read back offers its head with its weights before
     * they reach the Weights pane, which may show a copy of them).
     */
    public void offerHead(RnnParameters p, Linear trainedHead) {
        headWeights = p;
        head = trainedHead;
    }

    /**
     * The head trained with {@code p} (the same object, or equal values: the Weights pane's copy of a workspace's
     * weights), or null: weights edited, loaded from a weights file or made by an initialiser have none.
     */
    public Linear headOf(RnnParameters p) {
        if (p == null || head == null || headWeights == null) return null;
        if (p == headWeights) return head;
        if (!p.config().shape().sameParametersAs(headWeights.config().shape())) return null;
        Map<String, Tensor> a = p.asTensors(), b = headWeights.asTensors();
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            Tensor other = b.get(e.getKey());
            if (other == null || !Arrays.equals(e.getValue().data(), other.data())) return null;
        }
        headWeights = p; // the next question about these weights is answered at once
        return head;
    }

    private void setWeights(RnnParameters p, WeightsChange who) {
        if (p == null || p == weights.get()) return;
        weightsChange.set(who);
        weights.set(p);
        weightsVersion.set(weightsVersion.get() + 1);
        if (who == WeightsChange.EDIT) modelEdits.set(modelEdits.get() + 1);
    }

    /**
     * Increments on every edit of the model by the user — the form or the weights — and never for weights moved by
     * training: what the panes computed from "the model" (pitfall studies, the PyTorch comparison) recompute on.
     */
    public ReadOnlyLongProperty modelEditsProperty() {
        return modelEdits.getReadOnlyProperty();
    }

    // --- the input, the backend, the pane ---

    /** The imported input x (the Data pane's), or null for the explore run's seeded random input. */
    public ObjectProperty<Tensor> inputProperty() {
        return input;
    }

    /** The backend the runs use: a name such as "simd", or "auto". */
    public StringProperty backendProperty() {
        return backend;
    }

    /** The pane shown; null before the window shows one. */
    public ObjectProperty<PaneId> selectedPaneProperty() {
        return selectedPane;
    }

    /** PyTorch's output for the imported input (the Data pane's), or null. */
    public ObjectProperty<Tensor> referenceProperty() {
        return reference;
    }

    // --- the Weights pane's settings that a workspace keeps ---

    /** Seed of the Weights pane's initialisations. */
    public LongProperty weightsSeedProperty() {
        return weightsSeed;
    }

    /** The layer the Weights pane shows, 0-based. */
    public IntegerProperty weightsLayerProperty() {
        return weightsLayer;
    }

    /** The direction the Weights pane shows: 0 forward, 1 reverse. */
    public IntegerProperty weightsDirectionProperty() {
        return weightsDirection;
    }

    /** What presets, workspaces and opened files ask of the panes. */
    public PaneRequests requests() {
        return requests;
    }

    /**
     * What an action that replaces the weights shown asks first: the window's unsaved-work question while trained or
     * edited weights are in no file (a preset or a workspace opened over an hour of training took it without a word).
     */
    @FunctionalInterface
    public interface ReplaceGuard {
        /**
         * Runs {@code replace} now, later (once a save the user asked for is written) or never (the user cancelled).
         *
         * @param action what replaces the weights, to finish "Save the trained weights before …?", e.g. "loading the
         *               preset “Vanishing gradients”"
         */
        void replacing(String action, Runnable replace);
    }

    /** Installs the window's question; until then (and in tests without a window) replacing asks nothing. */
    public void setReplaceGuard(ReplaceGuard guard) {
        replaceGuard = Objects.requireNonNull(guard);
    }

    /**
     * Runs {@code replace}, which replaces the weights shown (a preset, a workspace, a weights file, recovered work),
     * once the guard lets it; see {@link ReplaceGuard#replacing}.
     */
    public void replaceWeights(String action, Runnable replace) {
        replaceGuard.replacing(action, replace);
    }

    // --- the runs ---

    /** The spec a slot runs now, or null while it runs none. */
    public ReadOnlyObjectProperty<RunSpec> specProperty(RunSlot slot) {
        return specs.get(slot).getReadOnlyProperty();
    }

    /** Who decides what a slot runs: the main slot is always owned (exploring unless training); A, B, C by AB or null. */
    public ReadOnlyObjectProperty<RunOwner> ownerProperty(RunSlot slot) {
        return owners.get(slot).getReadOnlyProperty();
    }

    /** {@code owner} takes {@code slot}; the slot's spec stays until the owner sets one. */
    public void own(RunSlot slot, RunOwner owner) {
        if (slot == RunSlot.MAIN && owner == null) throw new IllegalArgumentException("the main run always has an owner");
        owners.get(slot).set(owner);
    }

    /** The spec {@code slot} runs now, set by its owner. */
    public void run(RunSlot slot, RunSpec spec) {
        specs.get(slot).set(spec);
    }

    /** The slots that train now: MAIN while the Training pane's run runs, A, B, C while the A/B view's do. */
    public ReadOnlyObjectProperty<Set<RunSlot>> trainingNowProperty() {
        return trainingNow.getReadOnlyProperty();
    }

    /** Sets {@link #trainingNowProperty()} (the rule that watches the runs). */
    public void trainingNow(Set<RunSlot> slots) {
        trainingNow.set(Set.copyOf(slots));
    }
}
