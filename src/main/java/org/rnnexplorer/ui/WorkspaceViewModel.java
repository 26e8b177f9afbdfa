package org.rnnexplorer.ui;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.state.TrainingSettings;
import org.rnnexplorer.ui.state.TrainingSettingsException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * File ▸ Save workspace… and Open workspace…: gathers the model, input, weights, training settings, imported data,
 * backend and view from the explorer state into an {@link Workspace}, and restores one by changing the state and
 * posting its requests (the rules carry them to the panes). Files are written (atomically) and read on the background
 * executor; opening applies nothing until the whole file has been read and checked, so a bad file changes nothing
 * and gets one line in {@link #messageProperty()}. No scene types; FX thread only.
 */
public final class WorkspaceViewModel {

    private final Executor background;
    private final Executor fx;
    private final MainWindowViewModel window;
    private final ExplorerState state;
    private final TrainingSettings training;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    /** The Training pane's settings the last time they parsed (for the recovery copy), or null. */
    private Workspace.Training lastValidTraining;
    private final ReadOnlyObjectWrapper<RnnParameters> savedWeights = new ReadOnlyObjectWrapper<>(this, "savedWeights");

    /** @param training the Training pane's settings, saved as they are */
    public WorkspaceViewModel(Executor background, Executor fx, MainWindowViewModel window, ExplorerState state,
                              TrainingSettings training) {
        this.background = background;
        this.fx = fx;
        this.window = window;
        this.state = state;
        this.training = training;
    }

    /**
     * Everything as it is now.
     *
     * @throws IllegalStateException with a one-line reason when there is nothing valid to save yet
     */
    public Workspace gather() {
        return gatherLater().get();
    }

    /**
     * Everything as it is now, read on the FX thread; the returned supplier builds the workspace on any thread. The
     * build copies the weights under the form's configuration (150 MB for bigbi's LSTM), which is not FX-thread work;
     * the snapshots it copies are never modified, so the copy is of the weights as they were at this call.
     *
     * @throws IllegalStateException with a one-line reason when there is nothing valid to save yet
     */
    public Supplier<Workspace> gatherLater() {
        return gatherLater(false);
    }

    /**
     * The same; {@code keepingWork} (the recovery copy of unsaved work) takes the Training pane's last settings that
     * parsed when a field of it does not parse now, rather than refusing: the weights matter more than a typo.
     */
    Supplier<Workspace> gatherLater(boolean keepingWork) {
        ModelState s = state.formProperty().get();
        RnnParameters p = state.weightsProperty().get();
        if (s == null || p == null) throw new IllegalStateException("the model has no valid setting to save yet");
        RnnConfig c = s.config();
        if (!p.config().shape().sameParametersAs(c.shape())) {
            throw new IllegalStateException("the weights are being re-shaped for the form; try again in a moment");
        }
        return gatherLater(c, p, s.input(), keepingWork, false);
    }

    /**
     * The recovery copy of weights a form change replaced ({@code WeightsViewModel#displacedParameters}): under their
     * own model rather than the form's, with the form's input and the Training pane's settings; the imported input
     * and PyTorch's output for it only where they still fit that model.
     */
    Supplier<Workspace> gatherLater(RnnParameters displaced) {
        ModelState s = state.formProperty().get();
        if (s == null) throw new IllegalStateException("the model has no valid setting to save yet");
        return gatherLater(displaced.config(), displaced, s.input(), true, true);
    }

    /** @param onlyFittingData leave out imported data whose last axis does not fit {@code c} (another model's) */
    private Supplier<Workspace> gatherLater(RnnConfig c, RnnParameters p, InputSpec in, boolean keepingWork,
                                            boolean onlyFittingData) {
        Workspace.Training t;
        try {
            t = training.toWorkspace();
            lastValidTraining = t;
        } catch (TrainingSettingsException e) {
            if (!keepingWork || lastValidTraining == null) {
                throw new IllegalStateException("Training pane's " + e.getMessage());
            }
            t = lastValidTraining; // a half-typed field must not stop the weights from being kept
        }
        BackendOption b = window.backendProperty().get();
        Workspace.Input input = new Workspace.Input(in.steps(), in.batch(), in.unbatched(), in.lengths(), in.withH0());
        long seed = state.weightsSeedProperty().get();
        String backend = b == null ? "auto" : b.name();
        Tensor imported = state.inputProperty().get();
        Tensor reference = state.referenceProperty().get();
        if (onlyFittingData && (imported != null && imported.dim(imported.shape().length - 1) != c.inputSize()
                || reference != null && reference.dim(reference.shape().length - 1) != c.outputSize())) {
            imported = null; // the form's data, for its input_size (or output): not the other model's
            reference = null;
        }
        Tensor importedInput = imported, referenceOutput = reference;
        Workspace.View view = new Workspace.View(paneTitle(state.selectedPaneProperty().get()),
                window.themeProperty().get().name().toLowerCase(Locale.ROOT), window.zoomProperty().get(),
                window.colorMapProperty().get().name(), state.weightsLayerProperty().get(),
                state.weightsDirectionProperty().get(), state.followedSequenceProperty().get());
        // The weights under c, the full configuration (nonlinearity and batch_first included).
        Workspace.Training settings = t;
        Linear head = state.headOf(p); // the readout training moved with these weights: Run goes on with it
        return () -> new Workspace(c, input, seed, backend, settings, p.withConfig(c), importedInput, referenceOutput,
                view, head);
    }

    /**
     * The weights snapshot (the state's object, not the copy under the form's configuration) that the last
     * successful save wrote: what the window no longer counts as unsaved.
     */
    public ReadOnlyObjectProperty<RnnParameters> savedWeightsProperty() {
        return savedWeights.getReadOnlyProperty();
    }

    /** Shows a one-line problem in the window's banner (the same line twice shows twice). */
    void reportProblem(String line) {
        message.set("");
        message.set(line);
    }

    /** Writes the workspace on the background executor. */
    public void save(Path file) {
        save(file, () -> { });
    }

    /**
     * Writes the workspace on the background executor, then runs {@code afterSaved} on the FX thread; a refusal or
     * a failed write sets {@link #messageProperty()} and does not run it.
     */
    public void save(Path file, Runnable afterSaved) {
        // Each attempt says its own outcome: the same refusal twice was the same string, no change, and no banner.
        message.set("");
        Supplier<Workspace> w;
        try {
            w = gatherLater();
        } catch (IllegalStateException e) {
            message.set("Cannot save " + file.getFileName() + ": " + e.getMessage());
            return;
        }
        RnnParameters written = state.weightsProperty().get();
        background.execute(() -> {
            try {
                WorkspaceFile.write(file, w.get());
                fx.execute(() -> {
                    message.set("");
                    status.set("Workspace saved to " + file.getFileName());
                    savedWeights.set(written);
                    afterSaved.run();
                });
            } catch (IOException | RuntimeException e) {
                String m = "Could not write " + file.getFileName() + ": " + oneLine(e);
                fx.execute(() -> message.set(m));
            } catch (OutOfMemoryError e) { // the copy of the weights under the form's configuration
                String m = "Could not write " + file.getFileName() + ": out of memory copying the weights (start "
                        + "RNN Explorer with a larger -Xmx)";
                fx.execute(() -> message.set(m));
            }
        });
    }

    /** Reads a workspace on the background executor and applies it on the FX thread. */
    public void open(Path file) {
        open(file, () -> { });
    }

    /**
     * Reads a workspace on the background executor, applies it on the FX thread, then runs {@code afterOpened}
     * there; a file that cannot be read or applied sets {@link #messageProperty()} and does not run it.
     */
    public void open(Path file, Runnable afterOpened) {
        state.replaceWeights("opening " + file.getFileName(), () -> open(file, null, afterOpened));
    }

    /** Runs {@code replace}, which replaces the weights shown, once the unsaved-work question lets it. */
    void replacingWeights(String action, Runnable replace) {
        state.replaceWeights(action, replace);
    }

    /**
     * The same, with the weights' origin and the status line naming the workspace as {@code shownAs} rather than by
     * its file name (the recovered work of an ended window: "unsaved work kept at 23:08 on 6 Dec 2026"); problems
     * still name the file. Asks nothing: the caller asked ({@link #replacingWeights}).
     */
    void open(Path file, String shownAs, Runnable afterOpened) {
        open(file, shownAs, () -> { }, afterOpened);
    }

    /** The same, running {@code beforeApplied} once the file has been read, just before it replaces anything. */
    void open(Path file, String shownAs, Runnable beforeApplied, Runnable afterOpened) {
        message.set("");
        background.execute(() -> {
            try {
                Workspace w = WorkspaceFile.read(file);
                fx.execute(() -> {
                    try {
                        String name = file.getFileName().toString();
                        beforeApplied.run();
                        apply(w, name, shownAs == null ? name : shownAs);
                        message.set("");
                        status.set(shownAs == null ? "Workspace " + name + " opened" : "Restored " + shownAs);
                        afterOpened.run();
                    } catch (IllegalArgumentException e) {
                        message.set(oneLine(e));
                    }
                });
            } catch (IOException | RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> message.set(m));
            } catch (OutOfMemoryError e) {
                // The size check before reading should prevent this; if the heap was taken meanwhile, say so.
                String m = file.getFileName() + ": too large to open in the memory this RNN Explorer has (start it with a larger -Xmx)";
                fx.execute(() -> message.set(m));
            }
        });
    }

    /**
     * Restores everything, or nothing: the whole workspace is checked against this window (theme, colour map,
     * backend, zoom range, task names, and the Model &amp; shapes form's own limits, on a scratch copy of the form)
     * before the first field changes.
     *
     * @throws IllegalArgumentException naming the file and field of a value this window does not accept
     */
    public void apply(Workspace w, String name) {
        apply(w, name, name);
    }

    /** The same, with {@code source} as where the weights came from. */
    void apply(Workspace w, String name, String source) {
        Theme theme = lookup(Theme.class, w.view().theme(), name, "view.theme");
        ColorMap map = lookup(ColorMap.class, w.view().colorMap(), name, "view.color_map");
        BackendOption backend = window.backends().stream().filter(o -> o.name().equals(w.backend())).findFirst().orElse(null);
        if (backend == null && !w.backend().equals("auto")) {
            throw new IllegalArgumentException(name + ": backend '" + w.backend() + "' is not one of "
                    + window.backends().stream().map(BackendOption::name).collect(Collectors.joining(", ")));
        }
        double zoom = w.view().zoom();
        if (!(zoom >= MainWindowViewModel.MIN_ZOOM && zoom <= MainWindowViewModel.MAX_ZOOM)) {
            throw new IllegalArgumentException(name + ": view.zoom is " + zoom + ", expected " + MainWindowViewModel.MIN_ZOOM
                    + " to " + MainWindowViewModel.MAX_ZOOM);
        }
        if (!TaskSpec.NAMES.contains(w.training().task())) {
            throw new IllegalArgumentException(name + ": training.task is '" + w.training().task() + "', expected one of "
                    + String.join(", ", TaskSpec.NAMES));
        }
        ModelViewModel form = new ModelViewModel();
        PaneRequests.Form setting = formSetting(w);
        form.applyForm(setting.config(), setting.input());
        if (!form.validProperty().get()) {
            for (ModelViewModel.Field f : ModelViewModel.Field.values()) {
                String problem = form.errorProperty(f).get();
                if (!problem.isEmpty()) {
                    String section = f.ordinal() >= ModelViewModel.Field.SEQ_LEN.ordinal() ? "input." : "model.";
                    throw new IllegalArgumentException(name + ": " + section + f.torchName() + ": " + problem);
                }
            }
            throw new IllegalArgumentException(name + ": the Model & shapes form does not accept this model");
        }

        // Nothing below refuses a workspace that passed the checks above and WorkspaceFile's.
        PaneRequests asked = state.requests();
        asked.form().post(setting);
        state.weightsSeedProperty().set(w.weightsSeed());
        state.offerHead(w.weights(), w.head()); // before the weights: the pane shows them as a copy
        asked.weights().post(new PaneRequests.Weights(w.weights(), source));
        state.weightsLayerProperty().set(w.view().layer());
        state.weightsDirectionProperty().set(w.view().direction());
        state.followedSequenceProperty().set(w.view().sequence()); // the explore run clamps it to the batch
        asked.trainingSettings().post(w.training());
        asked.importedData().post(new PaneRequests.ImportedData(w.importedInput(), w.referenceOutput(), name));
        window.themeProperty().set(theme);
        window.zoomProperty().set(zoom);
        window.colorMapProperty().set(map);
        if (backend != null) {
            if (backend.available()) window.backendProperty().set(backend);
            else window.showProblem(name + ": backend " + backend.name() + " is unavailable here (" + backend.reason()
                    + "); keeping " + window.backendProperty().get());
        }
        PaneId shown = PaneId.byTitle(w.view().selectedTab());
        if (shown != null) state.selectedPaneProperty().set(shown);
    }

    /** The Model &amp; shapes form's model and input from a workspace. */
    private static PaneRequests.Form formSetting(Workspace w) {
        Workspace.Input in = w.input();
        return new PaneRequests.Form(w.model(), new InputSpec(in.seqLen(), in.batch(), in.unbatched(), in.lengths(), in.h0()));
    }

    /** A workspace file stores the shown pane by its tab title ("" for none). */
    private static String paneTitle(PaneId pane) {
        return pane == null ? "" : pane.title();
    }

    private static <E extends Enum<E>> E lookup(Class<E> type, String value, String file, String field) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value)) return e;
        throw new IllegalArgumentException(file + ": " + field + " is '" + value + "', expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A one-line problem with a workspace file, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the last save or open did. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
