package org.rnnexplorer.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.rnnexplorer.ui.model.ModelView;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.rnnexplorer.ui.weights.WeightsView;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the explorer in a stage: view-models, panes, the main window, their wiring, and the remembered window
 * state. Used by {@link ExplorerApp} and, with a temporary preferences directory, by the UI tests.
 */
public final class ExplorerWindow implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExplorerWindow.class.getName());

    private final ExecutorService background = Executors.newSingleThreadExecutor(daemon("rnnx-weights"));
    private final ExecutorService exports = Executors.newSingleThreadExecutor(daemon("rnnx-export"));
    // Turns passes into heatmap grids for the live panes, newest pass only (LatestWork).
    private final ExecutorService tracePrep = Executors.newSingleThreadExecutor(daemon("rnnx-trace-prep"));
    // Files, the pitfall studies and the PyTorch comparison: work that must not wait behind weight edits.
    private final ExecutorService lab = Executors.newSingleThreadExecutor(daemon("rnnx-lab"));
    private final PreferencesStore store;
    private final MainWindowViewModel window;
    private final ModelViewModel model;
    private final WeightsViewModel weights;
    private final MainWindowView mainView;
    private final org.rnnexplorer.ui.fx.ServiceBridge live = new org.rnnexplorer.ui.fx.ServiceBridge(Platform::runLater);
    private final ModelView modelView;
    private WeightsView weightsView;
    private final org.rnnexplorer.ui.live.TimeCursorViewModel cursor;
    private final org.rnnexplorer.ui.hidden.HiddenStatesViewModel hidden;
    private final org.rnnexplorer.ui.gradient.GradientFlowViewModel gradient;
    private final org.rnnexplorer.ui.live.TraceExportAction traceExport;
    private org.rnnexplorer.ui.hidden.HiddenStatesView hiddenView;
    private org.rnnexplorer.ui.gradient.GradientFlowView gradientView;
    // The A/B view's two runs, on services of their own.
    private final org.rnnexplorer.ui.fx.ServiceBridge runA = new org.rnnexplorer.ui.fx.ServiceBridge(Platform::runLater);
    private final org.rnnexplorer.ui.fx.ServiceBridge runB = new org.rnnexplorer.ui.fx.ServiceBridge(Platform::runLater);
    private final org.rnnexplorer.ui.training.TrainingViewModel training;
    private final org.rnnexplorer.ui.compare.CompareViewModel compare;
    private final org.rnnexplorer.ui.pitfalls.PitfallsViewModel pitfalls;
    private final org.rnnexplorer.ui.data.DataViewModel data;
    private final org.rnnexplorer.ui.presets.PresetsViewModel presets;
    private final WorkspaceViewModel workspace;
    private final FileOpener opener;
    private org.rnnexplorer.ui.training.TrainingView trainingView;
    private org.rnnexplorer.ui.compare.CompareView compareView;
    private org.rnnexplorer.ui.pitfalls.PitfallsView pitfallsView;
    private org.rnnexplorer.ui.data.DataView dataView;
    private org.rnnexplorer.ui.presets.PresetsView presetsView;
    private Stage stage;
    private boolean showingLiveWeights;
    private long liveModelVersion = -1;
    private double firstChartSeconds = Double.NaN;

    /**
     * @param files            reads and writes .safetensors weights, or null when this build has none
     * @param requestedBackend the value of -Drnnx.backend, or null
     */
    public ExplorerWindow(PreferencesStore store, WeightsFileHandler files, List<BackendOption> backends,
                          String requestedBackend) {
        this.store = store;
        WindowState remembered = store.load();
        window = new MainWindowViewModel(backends, requestedBackend);
        window.restore(remembered);
        model = new ModelViewModel();
        weights = new WeightsViewModel(background, Platform::runLater, files);

        // The form drives the weights' shapes; a weights file drives the form.
        model.stateProperty().addListener((o, a, s) -> {
            if (s != null) weights.configure(s.config());
        });
        weights.loadedFromFileProperty().addListener((o, a, c) -> {
            if (c != null) model.applyConfig(c);
        });
        if (model.stateProperty().get() != null) weights.configure(model.stateProperty().get().config());
        // The live run follows the form and the weights: the explorer's views show this model on this input.
        weights.versionProperty().addListener((o, a, v) -> {
            if (!showingLiveWeights) reconfigureLive();
        });
        model.stateProperty().addListener((o, a, v) -> reconfigureLive());
        window.backendProperty().addListener((o, a, b) -> reconfigureLive());

        cursor = new org.rnnexplorer.ui.live.TimeCursorViewModel(new org.rnnexplorer.ui.live.TimeCursorViewModel.ServiceSteps() {
            @Override
            public void stepTimestepForward() {
                live.stepTimestepForward();
            }

            @Override
            public void stepTimestepBackward() {
                live.stepTimestepBackward();
            }
        });
        hidden = new org.rnnexplorer.ui.hidden.HiddenStatesViewModel(cursor, tracePrep, Platform::runLater);
        gradient = new org.rnnexplorer.ui.gradient.GradientFlowViewModel(cursor, tracePrep, Platform::runLater);
        traceExport = new org.rnnexplorer.ui.live.TraceExportAction(() -> live.snapshot().trace(), exports,
                Platform::runLater, text -> window.statusProperty().set(text), window::showProblem);
        hidden.activeProperty().bind(window.selectedTabProperty().isEqualTo(HIDDEN_STATES));
        gradient.activeProperty().bind(window.selectedTabProperty().isEqualTo(GRADIENT_FLOW));
        live.snapshotProperty().addListener((o, a, s) -> org.rnnexplorer.ui.fx.FxTimings.time("snapshot handlers", () -> {
            cursor.follow(s);
            hidden.show(s);
            gradient.show(s);
            window.throughputProperty().set(org.rnnexplorer.ui.live.Throughput.describe(s));
        }));
        new org.rnnexplorer.ui.live.CursorPlayer(cursor);
        java.util.function.Supplier<String> backendName = () -> window.backendProperty().get() == null ? "auto"
                : window.backendProperty().get().name();
        training = new org.rnnexplorer.ui.training.TrainingViewModel(live, new org.rnnexplorer.ui.training.TrainingContext() {
            @Override
            public org.rnnexplorer.ui.model.ModelState form() {
                return model.stateProperty().get();
            }

            @Override
            public org.rnnexplorer.engine.RnnParameters weights() {
                return weights.parametersProperty().get();
            }

            @Override
            public String backend() {
                return backendName.get();
            }

            @Override
            public void exploreAgain() {
                reconfigureLive();
            }
        });
        compare = new org.rnnexplorer.ui.compare.CompareViewModel(runA, runB, training);
        pitfalls = new org.rnnexplorer.ui.pitfalls.PitfallsViewModel(lab, Platform::runLater, model.stateProperty()::get,
                weights.parametersProperty()::get, backendName);
        data = new org.rnnexplorer.ui.data.DataViewModel(lab, Platform::runLater, model.stateProperty()::get,
                weights.parametersProperty()::get, backendName);
        workspace = new WorkspaceViewModel(lab, Platform::runLater, window, model, weights, training, data);
        opener = new FileOpener(lab, Platform::runLater, window, weights, training, data, workspace);
        // Editing the model leaves training (the live run explores the edited model); the other views follow.
        model.stateProperty().addListener((o, a, v) -> {
            training.leave();
            training.settingsChanged();
            pitfalls.modelChanged();
            data.modelChanged();
        });
        weights.versionProperty().addListener((o, a, v) -> {
            if (showingLiveWeights) return; // training moved them: not an edit
            training.weightsChanged();
            pitfalls.modelChanged();
            data.modelChanged();
        });
        window.backendProperty().addListener((o, a, b) -> training.settingsChanged());
        // The Weights pane follows the weights while training changes them (copies the service takes every 250 ms).
        live.snapshotProperty().addListener((o, a, s) -> {
            if (s == null || s.model() == null || !training.activeProperty().get() || s.modelVersion() == liveModelVersion) {
                return;
            }
            liveModelVersion = s.modelVersion();
            showingLiveWeights = true;
            try {
                weights.showLive(s.model().rnn());
            } catch (IllegalArgumentException otherShapes) {
                // The task gave the trained RNN another input size than the form's: the pane keeps the form's.
            } finally {
                showingLiveWeights = false;
            }
        });
        data.inputProperty().addListener((o, a, v) -> reconfigureLive());
        workspace.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) window.showProblem(m);
        });
        opener.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) window.showProblem(m);
        });
        workspace.statusProperty().addListener((o, a, m) -> window.statusProperty().set(m));

        modelView = new ModelView(model, window.appearanceProperty());
        List<ExplorerPane> panes = new java.util.ArrayList<>(List.of(
                new ExplorerPane("Model & shapes", "Every nn.RNN argument and the forward call's input, with the shape "
                        + "of every tensor under its PyTorch name, the PyTorch code that builds the same thing, and the "
                        + "network unrolled in time.", modelView::root, modelView::charts),
                new ExplorerPane("Weights", "The selected layer's W_ih, W_hh and biases as heatmaps, and W_hh's "
                        + "eigenvalues and singular values: what decides whether signals and gradients fade or grow "
                        + "over time steps.", () -> weightsView().root(),
                        () -> weightsView == null ? List.of() : weightsView.charts())));
        panes.addAll(livePanes());
        panes.addAll(List.of(
                new ExplorerPane("Training", "Train the form's RNN on a task: loss against the task's chance level, "
                        + "gradient norm before and after clipping, update ratios, and ρ and σ_max of W_hh as they "
                        + "change. While it trains, the other panes show the training run.", () -> trainingView().root(),
                        () -> trainingView == null ? List.of() : trainingView.exportableCharts()),
                new ExplorerPane("A/B runs", "Two runs side by side with the same seed, batches and optimiser, "
                        + "differing only in nonlinearity and initialisation.", () -> compareView().root(),
                        () -> compareView == null ? List.of() : compareView.exportableCharts()),
                new ExplorerPane("Pitfalls", "The three pitfalls of torch.nn.RNN's documentation-style article, "
                        + "computed: batch-first data in a time-first RNN, and carrying h_n with and without detach.",
                        () -> pitfallsView().root(), () -> pitfallsView == null ? List.of() : pitfallsView.charts()),
                new ExplorerPane("Data", "The explore run's own input (CSV or NPY) and PyTorch's output for it, "
                        + "compared with ours.", () -> dataView().root(),
                        () -> dataView == null ? List.of() : dataView.charts()),
                new ExplorerPane("Experiments", "The classic vanishing and exploding gradient experiments and the "
                        + "article's pitfalls, one click each.", () -> presetsView().root(), List::of)));
        mainView = new MainWindowView(window, weights, panes, exports);
        mainView.setTraceExporter(() -> traceExport.chooseAndExport(stage));
        org.rnnexplorer.ui.live.LiveShortcuts.install(mainView.root(), () -> hidden.activeProperty().get()
                || gradient.activeProperty().get(), cursor, () -> hidden.activeProperty().get() ? hidden.timeZoom()
                : gradient.activeProperty().get() ? gradient.timeZoom() : null);

        presets = new org.rnnexplorer.ui.presets.PresetsViewModel(model, weights, training, compare, pitfalls,
                titles -> titles.stream().filter(mainView::hasTab).findFirst()
                        .ifPresent(t -> window.selectedTabProperty().set(t)));
        mainView.addBelowBanner(new org.rnnexplorer.ui.presets.LessonView(presets).root());
        mainView.addFileMenuItems(FileMenus.items(() -> stage, opener, workspace, data));
        mainView.addMenu(org.rnnexplorer.ui.presets.PresetsView.menu(presets));
        mainView.setFileOpener(opener::open);
        StartupTimes.mark("window built");
    }

    static final String HIDDEN_STATES = "Hidden states", GRADIENT_FLOW = "Gradient flow";

    /** The panes the live run feeds: hidden states and gradient flow, built when first opened. */
    private List<ExplorerPane> livePanes() {
        return List.of(
                new ExplorerPane(HIDDEN_STATES, "h_t of every unit at every timestep of the latest pass, as a units × "
                        + "time heatmap with saturated units hatched, chosen units as lines, and a time cursor to play or "
                        + "step through the sequence. " + org.rnnexplorer.ui.live.LiveShortcuts.SUMMARY + ".",
                        () -> hiddenView().root(), () -> hiddenView == null ? List.of() : hiddenView.charts()),
                new ExplorerPane(GRADIENT_FLOW, "How far back the loss's gradient reaches: ‖∂L/∂h_t‖ against t on a log "
                        + "axis with Pascanu's bound (γσ_max)^k, ∂L/∂h_t as a heatmap, BPTT stepped one timestep back at "
                        + "a time with its Jacobian factor and running product, and clipping events per iteration.",
                        () -> gradientView().root(), () -> gradientView == null ? List.of() : gradientView.charts()));
    }

    /** The Hidden states pane, built on first use. */
    public org.rnnexplorer.ui.hidden.HiddenStatesView hiddenView() {
        if (hiddenView == null) {
            hiddenView = new org.rnnexplorer.ui.hidden.HiddenStatesView(hidden, window.appearanceProperty(),
                    () -> traceExport.chooseAndExport(stage));
        }
        return hiddenView;
    }

    /** The Gradient flow pane, built on first use. */
    public org.rnnexplorer.ui.gradient.GradientFlowView gradientView() {
        if (gradientView == null) {
            gradientView = new org.rnnexplorer.ui.gradient.GradientFlowView(gradient, window.appearanceProperty(),
                    () -> traceExport.chooseAndExport(stage));
        }
        return gradientView;
    }

    public org.rnnexplorer.ui.live.TimeCursorViewModel cursor() {
        return cursor;
    }

    public org.rnnexplorer.ui.hidden.HiddenStatesViewModel hidden() {
        return hidden;
    }

    public org.rnnexplorer.ui.gradient.GradientFlowViewModel gradient() {
        return gradient;
    }

    public org.rnnexplorer.ui.live.TraceExportAction traceExport() {
        return traceExport;
    }

    /** Re-runs the live service on the form's model and input with the current weights. */
    private void reconfigureLive() {
        if (training != null && training.activeProperty().get()) return; // the live run is training
        org.rnnexplorer.ui.model.ModelState state = model.stateProperty().get();
        org.rnnexplorer.engine.RnnParameters params = weights.parametersProperty().get();
        if (state == null || params == null) return;
        org.rnnexplorer.engine.RnnConfig a = params.config(), b = state.config();
        // Nonlinearity, batch_first and dropout are not in the weights: take them from the form.
        if (!a.shape().sameParametersAs(b.shape())) {
            return; // the weights are being re-shaped for the form; their new version comes next
        }
        params = params.withConfig(b);
        BackendOption backend = window.backendProperty().get();
        live.configureLatest(org.rnnexplorer.ui.run.ExploreSpecs.explore(state, params,
                data == null ? null : data.inputFor(state), 0,
                backend == null ? "auto" : backend.name()));
    }

    /** The engine service that runs the model the form and the weights describe. */
    public org.rnnexplorer.ui.fx.ServiceBridge live() {
        return live;
    }

    /** Shows the window in {@code stage} at its remembered place and size, and saves them when it closes. */
    public void show(Stage stage) {
        this.stage = stage;
        WindowState s = store.load();
        Scene scene = new Scene(mainView.root(), s.width(), s.height());
        mainView.attach(scene);
        stage.setScene(scene);
        stage.setTitle("RNN Explorer");
        if (s.placed() && !Screen.getScreensForRectangle(new Rectangle2D(s.x(), s.y(), s.width(), s.height())).isEmpty()) {
            stage.setX(s.x());
            stage.setY(s.y());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(s.maximized());
        stage.setOnHiding(e -> saveState());
        stage.show();
        StartupTimes.mark("shown");
        reportFirstChart();
    }

    /** Logs, and shows in the status bar, the time from the JVM's start to the first frame with a chart drawn. */
    private void reportFirstChart() {
        new AnimationTimer() {
            private boolean drawnLastFrame;

            @Override
            public void handle(long now) {
                if (drawnLastFrame) { // the frame after the chart was drawn has been rendered
                    stop();
                    StartupTimes.mark("first chart");
                    firstChartSeconds = StartupTimes.seconds("first chart");
                    String text = String.format(Locale.ROOT, "Ready: first chart %.2f s after the JVM started", firstChartSeconds);
                    LOG.log(System.Logger.Level.INFO, text + " (" + StartupTimes.describe() + ")");
                    if (window.statusProperty().get().isEmpty() || window.statusProperty().get().startsWith("Weights:")) {
                        window.statusProperty().set(text);
                    }
                    return;
                }
                drawnLastFrame = modelView.firstChartDrawn();
            }
        }.start();
    }

    /** Seconds from the JVM's start to the first chart on screen, NaN until then. */
    public double firstChartSeconds() {
        return firstChartSeconds;
    }

    public void saveState() {
        if (stage == null) return;
        WindowState s = stage.isMaximized()
                ? window.snapshot(Double.NaN, Double.NaN, store.load().width(), store.load().height(), true)
                : window.snapshot(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
        try {
            store.save(s);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remember the window layout in " + store.file() + ": " + e.getMessage());
        }
    }

    public MainWindowViewModel window() {
        return window;
    }

    public ModelViewModel model() {
        return model;
    }

    public WeightsViewModel weights() {
        return weights;
    }

    public MainWindowView mainView() {
        return mainView;
    }

    public ModelView modelView() {
        return modelView;
    }

    /** The Weights pane, built on first use (its charts are not needed until the tab is opened). */
    public WeightsView weightsView() {
        if (weightsView == null) weightsView = new WeightsView(weights, window.appearanceProperty());
        return weightsView;
    }

    /** The Training pane, built on first use. */
    public org.rnnexplorer.ui.training.TrainingView trainingView() {
        if (trainingView == null) trainingView = new org.rnnexplorer.ui.training.TrainingView(training, window.appearanceProperty());
        return trainingView;
    }

    /** The A/B view, built on first use. */
    public org.rnnexplorer.ui.compare.CompareView compareView() {
        if (compareView == null) compareView = new org.rnnexplorer.ui.compare.CompareView(compare, window.appearanceProperty());
        return compareView;
    }

    /** The Pitfalls pane, built on first use (its studies start then). */
    public org.rnnexplorer.ui.pitfalls.PitfallsView pitfallsView() {
        if (pitfallsView == null) pitfallsView = new org.rnnexplorer.ui.pitfalls.PitfallsView(pitfalls, window.appearanceProperty());
        return pitfallsView;
    }

    /** The Data pane, built on first use. */
    public org.rnnexplorer.ui.data.DataView dataView() {
        if (dataView == null) dataView = new org.rnnexplorer.ui.data.DataView(data, window.appearanceProperty());
        return dataView;
    }

    /** The Experiments pane, built on first use. */
    public org.rnnexplorer.ui.presets.PresetsView presetsView() {
        if (presetsView == null) presetsView = new org.rnnexplorer.ui.presets.PresetsView(presets);
        return presetsView;
    }

    public org.rnnexplorer.ui.training.TrainingViewModel training() {
        return training;
    }

    public org.rnnexplorer.ui.compare.CompareViewModel compare() {
        return compare;
    }

    public org.rnnexplorer.ui.pitfalls.PitfallsViewModel pitfalls() {
        return pitfalls;
    }

    public org.rnnexplorer.ui.data.DataViewModel data() {
        return data;
    }

    public org.rnnexplorer.ui.presets.PresetsViewModel presets() {
        return presets;
    }

    public WorkspaceViewModel workspace() {
        return workspace;
    }

    /**
     * Opens a file by its kind: weights (.safetensors), a workspace (.rnnx), text or a series for training (.txt,
     * .csv), an input (.npy, .npz). What File ▸ Open sample, drag-and-drop and the program's argument do.
     */
    public void open(java.nio.file.Path file) {
        opener.open(file);
    }

    @Override
    public void close() {
        live.close();
        tracePrep.shutdownNow();
        runA.close();
        runB.close();
        lab.shutdownNow();
        background.shutdownNow();
        exports.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
