package org.rnnexplorer.ui;

import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.rnnexplorer.io.SampleDirectory;
import org.rnnexplorer.ui.compare.CompareView;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.gradient.GradientFlowView;
import org.rnnexplorer.ui.gradient.GradientFlowViewModel;
import org.rnnexplorer.ui.hidden.HiddenStatesView;
import org.rnnexplorer.ui.hidden.HiddenStatesViewModel;
import org.rnnexplorer.ui.live.LiveShortcuts;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.live.TraceExportAction;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsView;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.presets.LessonView;
import org.rnnexplorer.ui.presets.PresetsView;
import org.rnnexplorer.ui.presets.PresetsViewModel;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.training.TrainingView;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.rnnexplorer.ui.weights.WeightsView;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Builds the explorer in a stage and lays it out: the services ({@link ExplorerServices}), the view-models over one
 * {@link ExplorerState} and their rules ({@link ExplorerViewModels}), the panes ({@link ExplorerPanes}), the main
 * window with its menus, and the remembered window state. No behaviour of its own. Used by {@link ExplorerApp} and,
 * with a temporary preferences directory, by the UI tests.
 */
public final class ExplorerWindow implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExplorerWindow.class.getName());

    private final PreferencesStore store;
    private final ExplorerServices services = new ExplorerServices();
    private final ExplorerViewModels vm;
    private final ExplorerPanes panes;
    private final MainWindowView mainView;
    private Stage stage;
    private UnsavedWorkGuard unsavedWorkGuard;
    private final RecoveryViewModel recovery;
    private final Timeline keepUnsavedWork;
    private double firstChartSeconds = Double.NaN;

    /**
     * @param files            reads and writes .safetensors weights, or null when this build has none
     * @param requestedBackend the value of -Drnnx.backend, or null
     */
    public ExplorerWindow(PreferencesStore store, WeightsFileHandler files, List<BackendOption> backends,
                          String requestedBackend) {
        this.store = store;
        MainWindowViewModel window = new MainWindowViewModel(backends, requestedBackend);
        window.restore(store.load());
        vm = new ExplorerViewModels(services, window, files);
        panes = new ExplorerPanes(vm, () -> stage);
        mainView = new MainWindowView(window, vm.weights, panes.all(), services.exports);
        mainView.setTraceExporter(() -> vm.traceExport.chooseAndExport(stage));
        LiveShortcuts.install(mainView.root(), vm::livePaneShown, vm.cursor, vm::shownTimeZoom);
        LessonView lesson = new LessonView(vm.presets, SampleDirectory.path());
        recovery = new RecoveryViewModel(new RecoveryStore(store.directory().resolve("recovery")), vm.weights,
                vm.workspace, services.recovery, services.fx);
        keepUnsavedWork = new Timeline(new KeyFrame(Duration.seconds(RecoveryViewModel.INTERVAL_SECONDS),
                e -> recovery.tick()));
        keepUnsavedWork.setCycleCount(Animation.INDEFINITE);
        mainView.addBelowBanner(new OfferBar("recovery", recovery.offerProperty(),
                new OfferBar.Answer("Restore", "restoreUnsavedButton", recovery::restore),
                new OfferBar.Answer("Discard", "discardUnsavedButton", recovery::discard)).root());
        // The weights a re-shaping form change replaced: the form applies each keystroke, so it keeps them instead of
        // asking first. Bringing them back sets the weights shown aside in turn when they are unsaved: nothing asks.
        mainView.addBelowBanner(new OfferBar("displaced", vm.weights.displacedOfferProperty(),
                new OfferBar.Answer("Bring them back", "bringBackButton", vm.weights::bringBackDisplaced),
                new OfferBar.Answer("Let them go", "letGoButton", vm.weights::letDisplacedGo)).root());
        mainView.addBelowBanner(lesson.root());
        mainView.addToStatusBar(lesson.runsBar());
        mainView.addFileMenuItems(FileMenus.items(() -> stage, vm.opener, vm.workspace, vm.data));
        mainView.addMenu(PresetsView.menu(vm.presets));
        mainView.setFileOpener(vm.opener::open);
        StartupTimes.mark("window built");
    }

    /** Shows the window in {@code stage} at its remembered place and size, and saves them when it closes. */
    /** What a window manager's frame adds around the scene, at most: borders, and the title bar above. */
    static final double WINDOW_FRAME_WIDTH = 16, WINDOW_FRAME_HEIGHT = 48;

    /**
     * The scene's size and, for a window last seen on this screen, its place: the saved (or default 1360 × 860) size
     * cut to the screen, frame included, and the window moved onto it. On a 1366 × 768 or 1280 × 800 laptop the
     * default was centred with its title bar above the screen, where it cannot be dragged.
     *
     * @param screen the visual bounds of the screen it opens on
     */
    static Rectangle2D placement(WindowState s, boolean onAScreen, Rectangle2D screen) {
        double width = Math.min(s.width(), screen.getWidth() - WINDOW_FRAME_WIDTH);
        double height = Math.min(s.height(), screen.getHeight() - WINDOW_FRAME_HEIGHT);
        if (!onAScreen) return new Rectangle2D(screen.getMinX(), screen.getMinY(), width, height);
        double x = Math.max(screen.getMinX(), Math.min(s.x(), screen.getMaxX() - width - WINDOW_FRAME_WIDTH));
        double y = Math.max(screen.getMinY(), Math.min(s.y(), screen.getMaxY() - height - WINDOW_FRAME_HEIGHT));
        return new Rectangle2D(x, y, width, height);
    }

    public void show(Stage stage) {
        this.stage = stage;
        WindowState s = store.load();
        boolean onAScreen = s.placed()
                && !Screen.getScreensForRectangle(new Rectangle2D(s.x(), s.y(), s.width(), s.height())).isEmpty();
        Rectangle2D screen = onAScreen
                ? Screen.getScreensForRectangle(new Rectangle2D(s.x(), s.y(), s.width(), s.height())).getFirst().getVisualBounds()
                : Screen.getPrimary().getVisualBounds();
        Rectangle2D placed = placement(s, onAScreen, screen);
        Scene scene = new Scene(mainView.root(), placed.getWidth(), placed.getHeight());
        mainView.attach(scene);
        stage.setScene(scene);
        // The title says when closing would lose something (the close question's subject), as editors mark unsaved work.
        stage.titleProperty().bind(vm.weights.unsavedProperty().map(UnsavedWorkGuard::title));
        if (onAScreen) {
            stage.setX(placed.getMinX());
            stage.setY(placed.getMinY());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(s.maximized());
        stage.setOnHiding(e -> saveState());
        UnsavedWorkGuard guard = new UnsavedWorkGuard(vm.weights, vm.workspace, mainView::askAboutUnsavedWork,
                () -> FileMenus.chooseWorkspaceToSave(stage), mainView::closeAndExit);
        unsavedWorkGuard = guard;
        mainView.setCloseGuard(guard::allowsClosing);
        vm.state.setReplaceGuard(guard::replacing);
        stage.setOnCloseRequest(e -> {
            if (!guard.allowsClosing()) e.consume();
        });
        stage.show();
        StartupTimes.mark("shown");
        recovery.start();
        keepUnsavedWork.play();
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
                    String status = vm.window.statusProperty().get();
                    if (status.isEmpty() || status.startsWith("Weights:")) vm.window.statusProperty().set(text);
                    return;
                }
                drawnLastFrame = panes.model.firstChartDrawn();
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
                ? vm.window.snapshot(Double.NaN, Double.NaN, store.load().width(), store.load().height(), true)
                : vm.window.snapshot(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
        try {
            store.save(s);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remember the window layout in " + store.file() + ": " + e.getMessage());
        }
    }

    /**
     * Opens a file by its kind: weights (.safetensors), a workspace (.rnnx), text or a series for training (.txt,
     * .csv), an input (.npy, .npz). What File ▸ Open sample, drag-and-drop and the program's argument do.
     */
    public void open(Path file) {
        vm.opener.open(file);
    }

    @Override
    public void close() {
        // JavaFX 21 refuses to stop an animation off the FX thread (the tests close windows from theirs).
        if (Platform.isFxApplicationThread()) keepUnsavedWork.stop();
        else Platform.runLater(keepUnsavedWork::stop);
        recovery.close();
        services.close();
    }

    // --- what the window is made of, for the UI tests and the screenshot commands ---

    /** The state the panes share. */
    public ExplorerState state() {
        return vm.state;
    }

    /** The engine service that runs the model the form and the weights describe, or the training run. */
    public ServiceBridge live() {
        return services.run(RunSlot.MAIN);
    }

    public MainWindowViewModel window() {
        return vm.window;
    }

    public MainWindowView mainView() {
        return mainView;
    }

    public ModelViewModel model() {
        return vm.model;
    }

    /** Unsaved work kept against a crash, and what an ended window kept. */
    RecoveryViewModel recovery() {
        return recovery;
    }

    /** What closing the window and replacing its weights ask first (for tests: as the close box and presets call it). */
    UnsavedWorkGuard unsavedWorkGuard() {
        return unsavedWorkGuard;
    }

    public WeightsViewModel weights() {
        return vm.weights;
    }

    public WeightsView weightsView() {
        return panes.weights.get();
    }

    public TimeCursorViewModel cursor() {
        return vm.cursor;
    }

    public HiddenStatesViewModel hidden() {
        return vm.hidden;
    }

    public HiddenStatesView hiddenView() {
        return panes.hidden.get();
    }

    public GradientFlowViewModel gradient() {
        return vm.gradient;
    }

    public GradientFlowView gradientView() {
        return panes.gradient.get();
    }

    public TraceExportAction traceExport() {
        return vm.traceExport;
    }

    public TrainingViewModel training() {
        return vm.training;
    }

    public TrainingView trainingView() {
        return panes.training.get();
    }

    public CompareViewModel compare() {
        return vm.compare;
    }

    public CompareView compareView() {
        return panes.compare.get();
    }

    public PitfallsViewModel pitfalls() {
        return vm.pitfalls;
    }

    public PitfallsView pitfallsView() {
        return panes.pitfalls.get();
    }

    public DataViewModel data() {
        return vm.data;
    }

    public PresetsViewModel presets() {
        return vm.presets;
    }

    public WorkspaceViewModel workspace() {
        return vm.workspace;
    }
}
