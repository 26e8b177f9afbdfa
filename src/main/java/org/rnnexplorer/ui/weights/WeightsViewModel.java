package org.rnnexplorer.ui.weights;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Spectra;
import org.rnnexplorer.ui.fx.LayerDirectionChoice;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The weights the whole window works on, and the Weights tab's state: the selected (layer, direction) and, for LSTM
 * and GRU, gate block ({@link GateBlock}: i, f, g, o or r, z, n, PyTorch's row order), the spectrum of its square
 * recurrent matrix (W_hh; a gate's H × H block; with proj_size the block times W_hr), and the edits (rescale to ρ, orthogonal, identity, PyTorch default) with undo back to the weights as
 * loaded.
 *
 * <p>Published parameters are immutable snapshots: an edit copies, changes the copy on the background executor and
 * publishes it, so a reader on another thread (the engine service) never sees a half-edited tensor.
 * {@link #versionProperty()} counts publications. Heavy work (initialisation, QR, eigen- and singular value
 * decompositions, which take seconds at H = 1024) runs on the background executor; results come back through the
 * FX executor. All public methods are called on the FX thread (in tests: any single thread).
 */
public final class WeightsViewModel {

    /** Undo depth: each entry is a full copy of the parameters. */
    static final int UNDO_LIMIT = 32;

    private final Executor background;
    private final Executor fx;
    private final WeightsFileHandler files;

    private final ReadOnlyObjectWrapper<RnnParameters> parameters = new ReadOnlyObjectWrapper<>(this, "parameters");
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version", 0);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper origin = new ReadOnlyStringWrapper(this, "origin", "");
    /** The layer and direction shown; the lists change only when their number does, so a combo keeps its value. */
    private final LayerDirectionChoice choice = new LayerDirectionChoice(this);
    private final IntegerProperty layer = choice.layerProperty();
    private final IntegerProperty direction = choice.directionProperty();
    private final ObservableList<Integer> layers = choice.layers();
    /** layers as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> layersReadOnly = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<Integer> directions = choice.directions();
    /** directions as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> directionsReadOnly = FXCollections.unmodifiableObservableList(directions);
    private final IntegerProperty gate = new SimpleIntegerProperty(this, "gate", 0);
    private final ObservableList<GateBlock> gates = FXCollections.observableArrayList();
    /** gates as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<GateBlock> gatesReadOnly = FXCollections.unmodifiableObservableList(gates);
    private final ReadOnlyStringWrapper elmanOnlyReason = new ReadOnlyStringWrapper(this, "elmanOnlyReason", "");
    private final ReadOnlyObjectWrapper<SelectedWeights> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<Spectrum> spectrum = new ReadOnlyObjectWrapper<>(this, "spectrum");
    private final ReadOnlyStringWrapper spectrumText = new ReadOnlyStringWrapper(this, "spectrumText", "");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    /** Counts weights published other than by training's moves ({@link #showLive}): an edit computed meanwhile is stale. */
    private long replacements;
    private final DoubleProperty targetRho = new SimpleDoubleProperty(this, "targetRho", 1.0);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo", false);
    private final ReadOnlyBooleanWrapper canRevert = new ReadOnlyBooleanWrapper(this, "canRevert", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<RnnConfig> loadedFromFile = new ReadOnlyObjectWrapper<>(this, "loadedFromFile");
    private final ReadOnlyObjectWrapper<Unsaved> unsaved = new ReadOnlyObjectWrapper<>(this, "unsaved", Unsaved.NONE);
    private final ReadOnlyStringWrapper displacedOffer = new ReadOnlyStringWrapper(this, "displacedOffer", "");
    /**
     * Unsaved weights that were replaced without a question, as they stood, newest first: by a re-shaping form change,
     * or set aside to bring back older ones. The first is offered; the others follow it in turn.
     */
    private final Deque<Displaced> displaced = new ArrayDeque<>();

    private final Deque<RnnParameters> undo = new ArrayDeque<>();
    private RnnParameters loaded;
    /** The weights last written to a weights file or a workspace (null: none since they were loaded). */
    private RnnParameters saved;
    /** Whether weights shown since they were loaded or saved were moved by training, or by an edit here. */
    private boolean trainedSince, editedSince;
    /** Where the training since loading started when not from the loaded weights ({@link #showLive}), or null. */
    private String trainedFromFreshInit;
    /** Whether the run moving the weights now is a preset's own run ({@link #setTrainingReproducible}). */
    private BooleanSupplier trainingReproducible = () -> false;
    /**
     * Whether every training move since the weights were loaded or saved came from a preset's own run: sticky, so
     * that weights trained by hand are not taken for a later preset run's.
     */
    private boolean onlyPresetRuns = true;
    /** The same since they were loaded (a save does not reset these): what the origin line says of them. */
    private boolean trainedSinceLoaded, editedSinceLoaded;
    /** The weights restored from an ended session's work, while they are the loaded ones; else null. */
    private RnnParameters recovered;
    // Written on the FX thread, read by background jobs to skip work that was superseded before it started.
    private volatile RnnConfig pendingConfig;
    private volatile long spectrumRequest;

    /**
     * @param background runs initialisations and decompositions (a daemon single thread in the app)
     * @param fx         runs result hand-backs on the FX thread ({@code Platform::runLater} in the app)
     * @param files      reads and writes weights files, or null when this build has none
     */
    public WeightsViewModel(Executor background, Executor fx, WeightsFileHandler files) {
        this.background = background;
        this.fx = fx;
        this.files = files;
        layer.addListener((o, a, b) -> selectionChanged());
        direction.addListener((o, a, b) -> selectionChanged());
        gate.addListener((o, a, b) -> selectionChanged());
    }

    // --- what the rest of the window reads ---

    /** The current weights snapshot (never modified after publication), or null before the first configuration. */
    public ReadOnlyObjectProperty<RnnParameters> parametersProperty() {
        return parameters.getReadOnlyProperty();
    }

    /** Increments on every change of the weights: what charts and the service watch. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Where the weights came from, e.g. "PyTorch default, seed 0" or "rnn.safetensors". */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /**
     * The line above the matrices: where the weights came from, and whether they are still those: "from rnn.safetensors",
     * "trained, from preset, PyTorch default, seed 0". "from preset, …" alone stood over a trained W_ih whose entries
     * had left PyTorch's default bound.
     */
    public ReadOnlyStringProperty originProperty() {
        return origin.getReadOnlyProperty();
    }

    /**
     * A file's configuration after File ▸ Open weights, or the model of weights brought back after a form change
     * ({@link #bringBackDisplaced()}); the window puts it into the Model &amp; shapes form.
     */
    public ReadOnlyObjectProperty<RnnConfig> loadedFromFileProperty() {
        return loadedFromFile.getReadOnlyProperty();
    }

    // --- selection and spectrum ---

    public IntegerProperty layerProperty() {
        return layer;
    }

    public IntegerProperty directionProperty() {
        return direction;
    }

    /** 0 … num_layers − 1. */
    public ObservableList<Integer> layers() {
        return layersReadOnly;
    }

    /** [0] or [0, 1] (forward, reverse). */
    public ObservableList<Integer> directions() {
        return directionsReadOnly;
    }

    /** The selected gate block's index in {@link #gates()}; 0 for an RNN. */
    public IntegerProperty gateProperty() {
        return gate;
    }

    /** The gate blocks of the current cell in PyTorch's row order; one unnamed block for an RNN. */
    public ObservableList<GateBlock> gates() {
        return gatesReadOnly;
    }

    /**
     * Why "Rescale to ρ" and "Identity (IRNN)" do not apply ("" for an RNN): they are defined on an Elman RNN's W_hh,
     * and a gated cell's W_hh stacks gate blocks.
     */
    public ReadOnlyStringProperty elmanOnlyReasonProperty() {
        return elmanOnlyReason.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SelectedWeights> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The spectrum of the selected square recurrent matrix ({@link Spectrum#matrix()}); null until computed. */
    public ReadOnlyObjectProperty<Spectrum> spectrumProperty() {
        return spectrum.getReadOnlyProperty();
    }

    /** e.g. "ρ = 0.58   σ_max = 1.12", or "computing…". */
    public ReadOnlyStringProperty spectrumTextProperty() {
        return spectrumText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    // --- edits ---

    /** ρ for "Rescale to ρ", 0.1–2.0. */
    public DoubleProperty targetRhoProperty() {
        return targetRho;
    }

    /** Seed for PyTorch default, orthogonal and identity: the same seed gives the same weights. */
    public LongProperty seedProperty() {
        return seed;
    }

    /** True while an edit or a file operation runs; edits are refused meanwhile. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRevertProperty() {
        return canRevert.getReadOnlyProperty();
    }

    /** A one-line problem for the window's banner (a file that does not fit), or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the last edit did, for the status line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * What would be lost if the window closed now: whether the weights shown are neither the weights as loaded
     * (a file, a preset, a workspace, the form's initialisation) nor the ones last written to a file, and whether
     * training or edits made them so. A form change that re-shapes the model re-initialises from the seed, and those
     * weights are as loaded (unsaved ones it replaced are offered back: {@link #displacedOfferProperty()}). Weights a
     * preset's own run trained are not unsaved ({@link #setTrainingReproducible}).
     */
    public ReadOnlyObjectProperty<Unsaved> unsavedProperty() {
        return unsaved.getReadOnlyProperty();
    }

    /** {@link #unsavedProperty()}'s value: how the weights shown came to differ from any file's. */
    public enum Unsaved {
        /** The weights shown are the ones loaded or last saved. */
        NONE,
        /** Moved by training since they were loaded or saved. */
        TRAINED,
        /** Changed by edits here (rescale, orthogonal, …) since they were loaded or saved. */
        EDITED,
        /** Both. */
        TRAINED_AND_EDITED,
        /** Restored from the work a window that ended without closing kept; in no file of the user's. */
        RECOVERED;

        /** What happened to the weights, as in "the trained weights": trained, edited, edited and trained, recovered. */
        public String adjective() {
            return switch (this) {
                case TRAINED -> "trained";
                case EDITED -> "edited";
                case TRAINED_AND_EDITED -> "edited and trained";
                case RECOVERED -> "recovered";
                case NONE -> throw new IllegalStateException("nothing is unsaved");
            };
        }
    }

    /**
     * Tells whether the run moving the weights is a preset's own run, which the preset reproduces (the Training pane
     * knows): weights only such runs moved since they were loaded or saved, and nothing edited, are not unsaved. Asked
     * each time weights arrive.
     */
    public void setTrainingReproducible(BooleanSupplier reproducible) {
        trainingReproducible = Objects.requireNonNull(reproducible);
    }

    /**
     * Marks the weights shown, just restored from an ended session's work, as unsaved: they are the weights "as
     * loaded" (Revert returns to them) but no file of the user's holds them.
     */
    public void markRecovered() {
        recovered = parameters.get();
        refreshUnsaved();
    }

    /**
     * Records that these weights were written elsewhere (a workspace): they are no longer unsaved while shown.
     *
     * @param written the snapshot that was written, as read from {@link #parametersProperty()} (identity counts)
     */
    public void markSaved(RnnParameters written) {
        saved = written;
        if (parameters.get() == written) {
            trainedSince = false;
            editedSince = false;
            onlyPresetRuns = true;
        }
        refreshUnsaved();
    }

    public boolean canOpenFiles() {
        return files != null;
    }

    public void clearMessage() {
        message.set("");
    }

    /**
     * Adopts a model configuration from the form. With the same tensor shapes the weights stay (only the settings a
     * state_dict does not record changed); otherwise new weights are drawn from PyTorch's default initialisation
     * with the current seed and become the "loaded" weights that Revert returns to.
     */
    public void configure(RnnConfig config) {
        RnnParameters current = parameters.get();
        if (current != null && current.config().shape().sameParametersAs(config.shape())) {
            pendingConfig = null;
            if (current.config().equals(config)) return;
            RnnParameters moved = current.withConfig(config);
            // The same numbers under another nonlinearity or layout: still the weights as loaded (or as saved).
            if (saved == current) saved = moved;
            loaded = current == loaded ? moved : loaded.withConfig(config);
            publish(moved, false);
            return;
        }
        pendingConfig = config;
        long s = seed.get();
        background.execute(() -> {
            if (pendingConfig != config) return;
            RnnParameters fresh = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, s);
            fx.execute(() -> {
                if (pendingConfig != config) return;
                pendingConfig = null;
                keepDisplaced();
                adoptAsLoaded(fresh, "PyTorch default, seed " + s);
            });
        });
    }

    /**
     * The weights a form change that re-shaped the model replaced while they were unsaved, offered back: e.g. "A
     * change in the form re-shaped the model and replaced the trained weights of RNN(10, 20, num_layers=2), which no
     * file holds." "" while none are offered. Typing into the form applies each keystroke, so it cannot ask first as a
     * preset does; it keeps them instead, until {@link #bringBackDisplaced()} or {@link #letDisplacedGo()}. A later
     * such change keeps its own replaced set too: the newest is offered, and the text counts the earlier ones, each
     * offered once the one before is answered.
     */
    public ReadOnlyStringProperty displacedOfferProperty() {
        return displacedOffer.getReadOnlyProperty();
    }

    /** The offered weights' module, e.g. "RNN(10, 20, num_layers=2)" (for the question before they replace others). */
    public String displacedModule() {
        return displaced.isEmpty() ? "" : displaced.peekFirst().parameters().config().torchRepr();
    }

    /** The offered weights (never modified), or null while none are offered. */
    public RnnParameters displacedParameters() {
        return displaced.isEmpty() ? null : displaced.peekFirst().parameters();
    }

    /** Every kept set, the offered one first, then the earlier ones in the order they will be offered. */
    public List<RnnParameters> displacedSets() {
        return displaced.stream().map(Displaced::parameters).toList();
    }

    /** What made the offered weights unsaved (trained, edited, …), or null while none are offered. */
    public Unsaved displacedUnsaved() {
        return displaced.isEmpty() ? null : displaced.peekFirst().unsaved();
    }

    /**
     * Shows the offered weights again, as they stood (still unsaved, Revert still returning to the weights they were
     * loaded as), and announces their model on {@link #loadedFromFileProperty()} so that the form takes it back.
     * Unsaved weights shown until then are not lost: they are set aside and offered in turn.
     */
    public void bringBackDisplaced() {
        bringBackDisplaced(true);
    }

    /**
     * As {@link #bringBackDisplaced()}; with {@code keepShown} false the weights shown are not set aside (closing:
     * the user has already answered for them).
     */
    public void bringBackDisplaced(boolean keepShown) {
        Displaced d = displaced.peekFirst();
        if (d == null || busy.get()) return;
        displaced.removeFirst();
        pendingConfig = null;
        if (keepShown) keepDisplaced("Bringing back the weights of " + d.parameters().config().torchRepr() + " set aside");
        else showOffer();
        loaded = d.loaded();
        saved = d.saved();
        recovered = d.recovered();
        trainedSince = d.trainedSince();
        editedSince = d.editedSince();
        onlyPresetRuns = d.onlyPresetRuns();
        trainedSinceLoaded = d.trainedSinceLoaded();
        trainedFromFreshInit = d.trainedFromFreshInit();
        editedSinceLoaded = d.editedSinceLoaded();
        undo.clear();
        source.set(d.source());
        publish(d.parameters(), false);
        status.set("Brought back the " + d.unsaved().adjective() + " weights of " + d.parameters().config().torchRepr());
        loadedFromFile.set(null);
        loadedFromFile.set(d.parameters().config());
    }

    /** Withdraws the offer: the weights it kept are gone, and the next kept set, if any, is offered. */
    public void letDisplacedGo() {
        displaced.pollFirst();
        showOffer();
    }

    /** Keeps the weights shown for {@link #bringBackDisplaced()} when they are unsaved (before a re-shaping). */
    /**
     * Sets the unsaved weights shown aside, offered back as the ones a form change replaced are
     * ({@link #displacedOfferProperty()}); nothing when they are saved.
     *
     * @param why the offer's opening words, e.g. "Restoring the unsaved work kept at 23:10 on 7 Dec 2026 set aside"
     */
    public void setAside(String why) {
        keepDisplaced(why);
    }

    private void keepDisplaced() {
        keepDisplaced("A change in the form re-shaped the model and replaced");
    }

    /** @param why the offer's opening words, e.g. "A change in the form re-shaped the model and replaced" */
    private void keepDisplaced(String why) {
        RnnParameters p = parameters.get();
        Unsaved u = unsaved.get();
        // The same snapshot is kept once: restoring recovered work sets it aside, then the workspace's model
        // re-shapes the form, which would keep it again.
        boolean kept = !displaced.isEmpty() && displaced.peekFirst().parameters() == p;
        if (p != null && u != Unsaved.NONE && !kept) {
            displaced.addFirst(new Displaced(p, u, why, source.get(), loaded, saved, recovered, trainedSince,
                    editedSince, onlyPresetRuns, trainedSinceLoaded, editedSinceLoaded, trainedFromFreshInit));
        }
        showOffer();
    }

    private void showOffer() {
        Displaced d = displaced.peekFirst();
        if (d == null) {
            displacedOffer.set("");
            return;
        }
        int earlier = displaced.size() - 1;
        displacedOffer.set(d.why() + " the " + d.unsaved().adjective() + " weights of " + d.parameters().config().torchRepr()
                + ", which no file holds." + (earlier == 0 ? "" : " " + earlier + (earlier == 1 ? " earlier set is" : " earlier sets are")
                + " kept too, offered after these."));
    }

    /** The weights shown and what made them unsaved, as they were when something replaced them. */
    private record Displaced(RnnParameters parameters, Unsaved unsaved, String why, String source, RnnParameters loaded,
                             RnnParameters saved, RnnParameters recovered, boolean trainedSince, boolean editedSince,
                             boolean onlyPresetRuns, boolean trainedSinceLoaded, boolean editedSinceLoaded,
                             String trainedFromFreshInit) {
    }

    /** Every W_hh scaled so that its spectral radius is the target ρ. */
    public void rescaleToTargetRho() {
        double rho = targetRho.get();
        edit(p -> {
            Initializers.rescaleSpectralRadius(p, rho);
            return p;
        }, String.format(Locale.ROOT, "Rescaled every W_hh to ρ = %.2f", rho));
    }

    /**
     * Every W_hh replaced by a random orthogonal matrix (ρ = σ_max = 1), an LSTM's or GRU's gate by gate (each block
     * its own; with a projection, orthonormal columns); W_ih and biases unchanged.
     */
    public void orthogonal() {
        long s = seed.get();
        RnnParameters shown = parameters.get();
        boolean gated = shown != null && shown.config().isGated();
        edit(p -> {
            Initializers.orthogonalRecurrent(p, s, 1.0);
            return p;
        }, (gated ? "Every W_hh gate block replaced by a random orthogonal matrix of its own, seed "
                : "Every W_hh replaced by a random orthogonal matrix, seed ") + s);
    }

    /** IRNN (Le, Jaitly &amp; Hinton 2015): W_hh = I, biases 0, W_ih ~ N(0, 0.001²). */
    public void identity() {
        long s = seed.get();
        edit(p -> {
            Initializers.identity(p, s, 1.0, 0.001);
            return p;
        }, "IRNN: every W_hh = I, biases 0, W_ih ~ N(0, 0.001²), seed " + s);
    }

    /** Every parameter redrawn from PyTorch's default U(−1/√H, 1/√H). */
    public void pytorchDefault() {
        long s = seed.get();
        edit(p -> {
            Initializers.pytorchDefault(p, s);
            return p;
        }, "PyTorch default U(−1/√H, 1/√H), seed " + s);
    }

    /** Back to the weights before the last edit, bit for bit. */
    public void undo() {
        if (undo.isEmpty() || busy.get()) return;
        editedSince = true;
        editedSinceLoaded = true;
        publish(undo.pop(), false);
        status.set("Undone");
    }

    /** Back to the weights as loaded (or as initialised for this shape); itself undoable. */
    public void revertToLoaded() {
        if (loaded == null || busy.get() || parameters.get() == loaded) return;
        editedSince = true;
        editedSinceLoaded = true;
        publish(loaded, true);
        status.set("Reverted to the weights as loaded");
    }

    /**
     * Shows weights changed elsewhere, e.g. by a training step streamed from the engine service through a
     * {@link org.rnnexplorer.ui.fx.PulseCoalescer}: no undo entry (training is not an edit), and while updates
     * arrive faster than spectra can be computed only the newest one's spectrum is computed.
     *
     * @param snapshot parameters of the current configuration's shapes, never modified afterwards
     */
    public void showLive(RnnParameters snapshot) {
        showLive(snapshot, null);
    }

    /**
     * As {@link #showLive(RnnParameters)}, from a run that started from its own initialisation, e.g. "orthogonal W_hh,
     * seed 3 (the run's own init)", not from the weights this pane names (null: from them).
     */
    public void showLive(RnnParameters snapshot, String freshInit) {
        RnnParameters current = parameters.get();
        if (current == null || !current.config().shape().sameParametersAs(snapshot.config().shape())) {
            throw new IllegalArgumentException("live weights must have the current shapes");
        }
        if (!trainingReproducible.getAsBoolean()) onlyPresetRuns = false;
        trainedSince = true;
        trainedSinceLoaded = true;
        if (freshInit != null) trainedFromFreshInit = freshInit;
        show(snapshot, false);
    }

    /**
     * Takes weights from elsewhere (a workspace, a preset) as the weights "as loaded": no undo entry, and a
     * re-initialisation still pending from the form is dropped.
     *
     * @param p      never modified afterwards
     * @param origin shown as where the weights came from
     */
    public void adopt(RnnParameters p, String origin) {
        pendingConfig = null;
        adoptAsLoaded(p, origin);
    }

    /** Reads a weights file on the background executor; a file that does not fit sets {@link #messageProperty()}. */
    public void open(Path file) {
        if (files == null) {
            message.set("Opening weights files is not available in this build");
            return;
        }
        if (busy.get()) return;
        String name = file.getFileName().toString();
        if (!isWeightsFileName(name)) {
            message.set(name + ": not a weights file; PyTorch weights are opened from .safetensors "
                    + "(save_file(rnn.state_dict(), ...)) or .pt/.pth (torch.save(rnn.state_dict(), ...))");
            return;
        }
        RnnConfig current = parameters.get() == null ? null : parameters.get().config();
        busy.set(true);
        background.execute(() -> {
            try {
                RnnParameters read = files.open(file, current);
                fx.execute(() -> {
                    busy.set(false);
                    message.set("");
                    adoptAsLoaded(read, name);
                    // Announced every time: a file of the same model as the last one opened must still put that
                    // model back into the form (an equal value set again fired no change).
                    loadedFromFile.set(null);
                    loadedFromFile.set(read.config());
                });
            } catch (IOException | RuntimeException e) {
                String text = oneLine(e, name);
                fx.execute(() -> {
                    busy.set(false);
                    message.set(text);
                });
            }
        });
    }

    /** Whether a file of this name holds weights: {@code .safetensors}, or torch.save's {@code .pt}/{@code .pth}. */
    public static boolean isWeightsFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".safetensors") || lower.endsWith(".pt") || lower.endsWith(".pth");
    }

    /** Writes the current weights; failures set {@link #messageProperty()}. */
    public void save(Path file) {
        RnnParameters p = parameters.get();
        if (files == null || p == null || busy.get()) return;
        busy.set(true);
        message.set("");
        // Until this write is answered nothing was written: an earlier "Weights written to …" must not stand for a
        // write that then fails (a read-only file kept that line beside the banner refusing it).
        status.set("Writing " + file.getFileName() + " …");
        background.execute(() -> {
            try {
                files.save(file, p);
                fx.execute(() -> {
                    busy.set(false);
                    markSaved(p);
                    status.set("Weights written to " + file.getFileName());
                });
            } catch (IOException | RuntimeException e) {
                String text = oneLine(e, file.getFileName().toString());
                fx.execute(() -> {
                    busy.set(false);
                    status.set("Weights not written (" + file.getFileName() + ")");
                    message.set(text);
                });
            }
        });
    }

    private void adoptAsLoaded(RnnParameters p, String from) {
        loaded = p;
        saved = null;
        recovered = null;
        trainedSince = false;
        editedSince = false;
        onlyPresetRuns = true;
        trainedSinceLoaded = false;
        editedSinceLoaded = false;
        trainedFromFreshInit = null;
        undo.clear();
        source.set(from);
        publish(p, false);
        status.set("Weights: " + from);
    }

    private void edit(UnaryOperator<RnnParameters> change, String description) {
        RnnParameters base = parameters.get();
        if (base == null || busy.get()) return;
        busy.set(true);
        long replacementsAtClick = replacements;
        background.execute(() -> {
            RnnParameters changed;
            try {
                changed = change.apply(base.copy());
            } catch (RuntimeException e) {
                String text = oneLine(e, "edit");
                fx.execute(() -> {
                    busy.set(false);
                    message.set(text);
                });
                return;
            }
            fx.execute(() -> {
                busy.set(false);
                // The form, a preset or a workspace replaced the weights meanwhile: this edit was for weights that are
                // gone. Weights a running training moved meanwhile are the same model learning: the edit of what was
                // shown at the click still applies (it was dropped, and during a run nearly every edit was).
                if (replacements != replacementsAtClick) return;
                editedSince = true;
                editedSinceLoaded = true;
                publish(changed, true);
                status.set(description);
            });
        });
    }

    private void publish(RnnParameters p, boolean pushUndo) {
        replacements++;
        show(p, pushUndo);
    }

    /** Shows {@code p}: publishes it without counting it as a replacement ({@link #showLive} moves, training's). */
    private void show(RnnParameters p, boolean pushUndo) {
        if (p == loaded) trainedFromFreshInit = null; // the weights it names again (reverted, undone)
        // The status line describes the weights now shown: a training step or a model change after "Reverted to the
        // weights as loaded" must not leave that claim standing. Callers that describe this publication set it after.
        status.set("");
        RnnParameters previous = parameters.get();
        if (pushUndo && previous != null) {
            undo.push(previous);
            while (undo.size() > UNDO_LIMIT) undo.removeLast();
        }
        if (previous == null || !previous.config().equals(p.config())) {
            if (previous != null && !previous.config().shape().sameParametersAs(p.config().shape())) undo.clear();
            refreshChoices(p.config());
        }
        parameters.set(p);
        version.set(version.get() + 1);
        canUndo.set(!undo.isEmpty());
        canRevert.set(loaded != null && p != loaded);
        refreshUnsaved();
        selectionChanged();
    }

    private void refreshOrigin() {
        String from = source.get();
        if (from.isEmpty()) {
            origin.set("");
            return;
        }
        boolean asLoaded = parameters.get() == loaded;
        boolean trained = !asLoaded && trainedSinceLoaded, edited = !asLoaded && editedSinceLoaded;
        String how = trained && edited ? "edited and trained, " : trained ? "trained, " : edited ? "edited, " : "";
        origin.set(how + "from " + (trained && trainedFromFreshInit != null ? trainedFromFreshInit : from));
    }

    private void refreshUnsaved() {
        refreshOrigin();
        RnnParameters p = parameters.get();
        if (p != null && p != saved && recovered != null && (p == recovered || !trainedSince && !editedSince)) {
            unsaved.set(Unsaved.RECOVERED);
        } else if (p == null || p == loaded || p == saved) {
            unsaved.set(Unsaved.NONE);
        } else if (trainedSince && !editedSince && recovered == null && onlyPresetRuns) {
            // A preset's own run: loading the preset again reproduces these weights, so nothing is lost with them
            // (a lecturer going from preset to preset was asked to save each one's run).
            unsaved.set(Unsaved.NONE);
        } else if (trainedSince) {
            unsaved.set(editedSince ? Unsaved.TRAINED_AND_EDITED : Unsaved.TRAINED);
        } else {
            unsaved.set(Unsaved.EDITED);
        }
    }

    private void refreshChoices(RnnConfig c) {
        choice.update(c);
        List<GateBlock> blocks = GateBlock.of(c.mode(), c.hiddenSize());
        if (!blocks.equals(gates)) gates.setAll(blocks);
        if (gate.get() >= blocks.size()) gate.set(0);
        elmanOnlyReason.set(!c.isGated() ? "" : "Rescale to ρ and Identity (IRNN) are defined for nn.RNN: "
                + c.mode().moduleName() + "'s W_hh stacks " + c.mode().gateCount() + " gate blocks");
    }

    private void selectionChanged() {
        RnnParameters p = parameters.get();
        if (p == null) return;
        RnnConfig c = p.config();
        int k = Math.min(layer.get(), c.numLayers() - 1);
        int d = Math.min(direction.get(), c.numDirections() - 1);
        List<GateBlock> blocks = GateBlock.of(c.mode(), c.hiddenSize());
        GateBlock block = blocks.get(Math.min(Math.max(gate.get(), 0), blocks.size() - 1));
        int in = c.layerInputSize(k), out = c.outputHiddenSize();
        boolean whole = !c.isGated();
        float[] bIh = p.biasIh(k, d), bHh = p.biasHh(k, d);
        SelectedWeights s = new SelectedWeights(k, d, c.hiddenSize(), in, out,
                whole ? p.weightIh(k, d) : block.slice(p.weightIh(k, d), in),
                whole ? p.weightHh(k, d) : block.slice(p.weightHh(k, d), out),
                bIh == null || whole ? bIh : block.slice(bIh, 1), bHh == null || whole ? bHh : block.slice(bHh, 1),
                block, c.mode().gateCount(), p.weightHr(k, d));
        selected.set(s);
        requestSpectrum(s);
    }

    /**
     * The square matrix whose spectrum the pane shows for a selection, (H, H) row-major: W_hh or its gate block; with
     * an LSTM projection (block H × P) the product block · W_hr (P × H), which maps the previous step's o ⊙ tanh(c)
     * to this gate's pre-activation.
     */
    static float[] recurrentSquare(SelectedWeights s) {
        if (s.weightHr() == null) return s.weightHh();
        int h = s.hidden(), pr = s.projSize();
        float[] product = new float[h * h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                double sum = 0;
                for (int q = 0; q < pr; q++) sum += (double) s.weightHh()[i * pr + q] * s.weightHr()[q * h + j];
                product[i * h + j] = (float) sum;
            }
        }
        return product;
    }

    /** The matrix's name in the pane: W_hh, W_hf (the f block of W_hh), W_hf·W_hr. */
    static String matrixName(SelectedWeights s) {
        String m = s.block().name().isEmpty() ? "W_hh" : "W_h" + s.block().name();
        return s.weightHr() == null ? m : m + "·W_hr";
    }

    private void requestSpectrum(SelectedWeights s) {
        long request = ++spectrumRequest;
        computing.set(true);
        spectrumText.set("computing ρ and σ_max…");
        try {
            submitSpectrum(request, s);
        } catch (RejectedExecutionException closing) {
            computing.set(false); // the window is closing (quit while training): nothing will show it
        }
    }

    private void submitSpectrum(long request, SelectedWeights selection) {
        int h = selection.hidden(), k = selection.layer(), d = selection.direction();
        background.execute(() -> {
            if (request != spectrumRequest) return; // superseded before it started
            Spectrum s;
            try {
                float[] w = recurrentSquare(selection);
                double[][] eig = Spectra.eigenvalues(w, h);
                double[] sv = Spectra.singularValues(w, h, h);
                double rho = h == 0 ? 0 : Math.hypot(eig[0][0], eig[1][0]);
                s = new Spectrum(k, d, eig[0], eig[1], sv, rho, sv.length == 0 ? 0 : sv[0], selection.block().name(),
                        matrixName(selection));
            } catch (ArithmeticException e) {
                String text = e.getMessage();
                fx.execute(() -> {
                    if (request != spectrumRequest) return;
                    computing.set(false);
                    spectrumText.set("spectrum unavailable: " + text);
                });
                return;
            }
            Spectrum result = s;
            fx.execute(() -> {
                if (request != spectrumRequest) return;
                computing.set(false);
                spectrum.set(result);
                spectrumText.set("ρ = " + readable(result.rho()) + "   σ_max = " + readable(result.sigmaMax()));
            });
        });
    }

    private static String oneLine(Exception e, String what) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = what + ": " + e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Two decimals where they read well, else three significant digits with an exponent: "1.37", "1.27e21",
     * "3.05e-4" (a diverged run's ρ printed as a 22-digit number tells nobody anything).
     */
    static String readable(double v) {
        double a = Math.abs(v);
        if (!Double.isFinite(v) || a == 0 || a >= 1e-2 && a < 1e4) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.2e", v).replace("e+", "e").replaceAll("e(-?)0+(\\d)", "e$1$2");
    }

    /** The range the target-ρ slider offers; a typed radius must lie in it. */
    public static final double MIN_TARGET_RHO = 0.1, MAX_TARGET_RHO = 2.0;

    /** A target radius as the field shows it: "1.5", "0.95". */
    public static String targetRhoText(double v) {
        return BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }

    /**
     * Sets the target ρ from typed text; text that is not a number in [{@value #MIN_TARGET_RHO},
     * {@value #MAX_TARGET_RHO}] leaves it and says why in {@link #messageProperty()}.
     *
     * @return whether the text was taken
     */
    public boolean typeTargetRho(String text) {
        String t = text == null ? "" : text.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= MIN_TARGET_RHO && v <= MAX_TARGET_RHO)) {
            // Cleared first: the same refusal again (after the banner was closed) is a change its listener hears.
            message.set("");
            message.set("target ρ must be a number from " + MIN_TARGET_RHO + " to " + MAX_TARGET_RHO + ", got '" + t + "'");
            return false;
        }
        message.set("");
        targetRho.set(v);
        return true;
    }
}
