package org.rnnexplorer.ui;

import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.rnnexplorer.engine.About;
import org.rnnexplorer.ui.chart.ChartExport;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.chart.ExportChartEvent;
import org.rnnexplorer.ui.chart.ExportChoices;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The main window: menus, the tabs of {@link ExplorerPane}s, the banner for one-line problems, and the status bar
 * with the backend chooser. Owns the scene-wide behaviour: theme stylesheets, presentation zoom, drag-and-drop of
 * weights files and chart export.
 */
public final class MainWindowView {

    /** A help dialog's text area: wide enough for a glossary sentence in two or three lines, tall enough for most shortcuts. */
    private static final int HELP_COLUMNS = 56, HELP_ROWS = 20;

    private final MainWindowViewModel viewModel;
    private final WeightsViewModel weights;
    private final List<ExplorerPane> panes;
    private final Executor exportExecutor;
    private final Parent root;
    private Runnable traceExporter;
    private BooleanSupplier mayClose = () -> true;

    @FXML private BorderPane rootPane;
    @FXML private TabPane tabs;
    @FXML private HBox banner, statusBar;
    @FXML private Region statusSpacer;
    @FXML private Label bannerText, throughput, status;
    @FXML private ComboBox<BackendOption> backendChoice;
    @FXML private MenuItem openWeightsItem, exportWeightsItem;
    @FXML private RadioMenuItem lightItem, darkItem;
    @FXML private Menu colorMapMenu;
    @FXML private Menu fileMenu;
    @FXML private MenuBar menuBar;
    @FXML private VBox topArea;
    private Consumer<Path> fileOpener;

    /**
     * @param exportExecutor renders and writes exported charts off the FX thread
     */
    public MainWindowView(MainWindowViewModel viewModel, WeightsViewModel weights, List<ExplorerPane> panes,
                          Executor exportExecutor) {
        this.viewModel = viewModel;
        this.weights = weights;
        this.panes = List.copyOf(panes);
        this.exportExecutor = exportExecutor;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    @FXML
    private void initialize() {
        MainWindowViewModel vm = viewModel;
        for (ExplorerPane pane : panes) {
            Tab tab = new Tab(pane.title());
            tab.setTooltip(teaching(pane.tooltip()));
            tab.setUserData(pane);
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t == null) return;
            buildContent(t);
            vm.selectedPaneProperty().set(paneOf(t));
        });
        if (vm.selectedPaneProperty().get() != null) selectTab(vm.selectedPaneProperty().get());
        Tab shown = tabs.getSelectionModel().getSelectedItem();
        if (shown != null) {
            buildContent(shown);
            vm.selectedPaneProperty().set(paneOf(shown));
        }

        // View-models open tabs by naming their pane (presets, workspaces, opened files).
        vm.selectedPaneProperty().addListener((o, a, p) -> {
            Tab shownNow = tabs.getSelectionModel().getSelectedItem();
            if (p == null || shownNow != null && paneOf(shownNow) == p) return;
            selectTab(p);
            Tab after = tabs.getSelectionModel().getSelectedItem();
            if (after != null && paneOf(after) != p) vm.selectedPaneProperty().set(paneOf(after)); // no such tab
        });

        banner.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        bannerText.textProperty().bind(vm.problemProperty());
        weights.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) vm.showProblem(m);
        });
        throughput.textProperty().bind(vm.throughputProperty());
        status.textProperty().bind(vm.statusProperty());
        weights.statusProperty().addListener((o, a, s) -> {
            // A cleared weights status clears the bar only while the bar still shows it (not a later export's line).
            if (!s.isEmpty() || vm.statusProperty().get().equals(a)) vm.statusProperty().set(s);
        });

        backendChoice.setItems(vm.backends());
        backendChoice.setCellFactory(list -> new BackendCell());
        backendChoice.setButtonCell(new BackendCell());
        backendChoice.valueProperty().bindBidirectional(vm.backendProperty());

        ToggleGroup themes = new ToggleGroup();
        lightItem.setToggleGroup(themes);
        darkItem.setToggleGroup(themes);
        ToggleGroup maps = new ToggleGroup();
        for (ColorMap map : ColorMap.values()) {
            RadioMenuItem item = new RadioMenuItem(map.displayName());
            item.setToggleGroup(maps);
            item.setUserData(map);
            item.setSelected(map == vm.colorMapProperty().get());
            item.setOnAction(e -> vm.colorMapProperty().set(map));
            colorMapMenu.getItems().add(item);
        }
        vm.colorMapProperty().addListener((o, a, m) -> maps.getToggles().forEach(t -> t.setSelected(t.getUserData() == m)));

        boolean files = weights.canOpenFiles();
        openWeightsItem.setDisable(!files);
        exportWeightsItem.setDisable(!files);

        rootPane.addEventHandler(ExportChartEvent.EXPORT, e -> {
            e.consume();
            chooseFileAndExport(e.chart());
        });
        rootPane.setOnDragOver(this::dragOver);
        rootPane.setOnDragDropped(this::dragDropped);
    }

    private static void buildContent(Tab tab) {
        if (tab.getContent() == null) tab.setContent(((ExplorerPane) tab.getUserData()).content().get());
    }

    /** Hooks the scene: stylesheets follow the theme, the root font follows the zoom. */
    public void attach(Scene scene) {
        Runnable applyTheme = () -> {
            Theme t = viewModel.themeProperty().get();
            scene.getStylesheets().setAll(css("explorer.css"), css(t.stylesheet()));
            lightItem.setSelected(t == Theme.LIGHT);
            darkItem.setSelected(t == Theme.DARK);
        };
        applyTheme.run();
        viewModel.themeProperty().addListener((o, a, b) -> applyTheme.run());
        root.setStyle(viewModel.rootFontStyle());
        viewModel.zoomProperty().addListener((o, a, b) -> {
            root.setStyle(viewModel.rootFontStyle());
            remeasureCombos(root);
        });
        for (ZoomKey k : zoomKeys()) scene.getAccelerators().put(k.keys(), k.action());
    }

    /**
     * Lets every combo box under root shrink to its choices at the new font. A combo is as wide as its list, and
     * JavaFX measures the list as at least as wide as the combo is now: a combo grows but never shrinks, and after
     * zooming in and back to actual size the combos stayed as wide as at the largest zoom (the backend chooser 299 px
     * instead of 170). Laid out at no width, the combo is measured by its choices alone; the layout that follows, in
     * this same pulse, gives it that width.
     */
    private static void remeasureCombos(Parent root) {
        for (Node n : root.lookupAll(".combo-box")) {
            if (n instanceof ComboBox<?> combo) {
                combo.resize(0, combo.getHeight());
                combo.requestLayout();
            }
        }
    }

    /**
     * The zoom's other keys, beside the menu's Ctrl+=, Ctrl+- and Ctrl+0: the keys a browser takes. Ctrl++ on a US
     * keyboard is Ctrl+Shift+= and did nothing (the menu's key has no Shift); a keyboard with its own + key and the
     * numeric keypad send PLUS, ADD, SUBTRACT and NUMPAD0.
     */
    List<ZoomKey> zoomKeys() {
        return List.of(
                new ZoomKey(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        "Zoom in", this::zoomIn),
                new ZoomKey(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY),
                        "Zoom in", this::zoomIn),
                new ZoomKey(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), "Zoom in (keypad)", this::zoomIn),
                new ZoomKey(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), "Zoom out (keypad)",
                        this::zoomOut),
                new ZoomKey(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), "Actual size (keypad)",
                        this::resetZoom));
    }

    /** A key of the scene's that does what a menu item does; Help › Keyboard shortcuts lists it. */
    record ZoomKey(KeyCombination keys, String command, Runnable action) {
    }

    private static String css(String name) {
        return MainWindowView.class.getResource(name).toExternalForm();
    }

    // --- File ---

    @FXML
    private void openWeights() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open PyTorch weights");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PyTorch state_dict (safetensors, torch.save)",
                "*.safetensors", "*.pt", "*.pth"));
        File f = chooser.showOpenDialog(window());
        if (f != null) openWeightsFile(f.toPath());
    }

    /**
     * Opens a weights file (menu or drop) and shows the Weights tab, where the result appears; through the window's
     * file opener when it has one, which asks first when the weights shown are unsaved.
     */
    public void openWeightsFile(Path file) {
        viewModel.dismissProblem();
        if (fileOpener != null) {
            fileOpener.accept(file);
        } else {
            weights.open(file);
            selectTab(PaneId.WEIGHTS);
        }
    }

    @FXML
    private void exportWeights() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export weights");
        chooser.setInitialFileName("rnn.safetensors");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("safetensors", "*.safetensors"));
        File f = chooser.showSaveDialog(window());
        if (f != null) weights.save(f.toPath());
    }

    @FXML
    private void exportChart() {
        List<ExportableChart> charts = currentCharts();
        if (charts.isEmpty()) {
            viewModel.showProblem("This tab has no chart to export");
            return;
        }
        ExportableChart chart = charts.getFirst();
        if (charts.size() > 1) {
            // Titles, never the charts: a combo showing nodes re-parents them and empties the pane.
            Map<String, ExportableChart> byTitle = ExportChoices.byTitle(charts);
            List<String> titles = List.copyOf(byTitle.keySet());
            ChoiceDialog<String> dialog = new ChoiceDialog<>(titles.getFirst(), titles);
            dialog.setTitle("Export chart");
            dialog.setHeaderText("Which chart?");
            dialog.initOwner(window());
            Optional<String> picked = dialog.showAndWait();
            if (picked.isEmpty()) return;
            chart = byTitle.get(picked.get());
        }
        chooseFileAndExport(chart);
    }

    /** The charts on screen in the tab now shown. */
    public List<ExportableChart> currentCharts() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null ? List.of() : ExportChoices.shown(((ExplorerPane) tab.getUserData()).charts().get());
    }

    private void chooseFileAndExport(ExportableChart chart) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + chart.exportName());
        FileChooser.ExtensionFilter png = new FileChooser.ExtensionFilter("PNG image", "*.png");
        FileChooser.ExtensionFilter svg = new FileChooser.ExtensionFilter("SVG drawing", "*.svg");
        chooser.getExtensionFilters().addAll(png, svg);
        chooser.setInitialFileName(ChartExport.fileName(chart.exportName(), ChartExport.Format.PNG));
        File f = chooser.showSaveDialog(window());
        if (f == null) return;
        Path target = f.toPath();
        ChartExport.Format format = chooser.getSelectedExtensionFilter() == svg && !target.toString().endsWith(".png")
                ? ChartExport.Format.SVG : ChartExport.Format.forFile(target);
        exportChart(chart, target, format, error -> { });
    }

    /**
     * Captures the chart now and writes it on the export executor; the status line or the banner reports the
     * outcome. {@code done} receives null on success or the problem, on the FX thread.
     */
    public void exportChart(ExportableChart chart, Path target, ChartExport.Format format, Consumer<String> done) {
        int[] size = chart.exportSize();
        ExportableChart.ChartDrawing drawing = chart.captureDrawing(size[0], size[1]);
        viewModel.statusProperty().set("Exporting " + chart.exportName() + "…");
        exportExecutor.execute(() -> {
            String problem = null;
            try {
                ChartExport.write(target, format, drawing, size[0], size[1]);
            } catch (IOException | RuntimeException e) {
                problem = "Could not write " + target.getFileName() + ": " + e.getMessage();
            }
            String result = problem;
            Platform.runLater(() -> {
                if (result == null) {
                    viewModel.statusProperty().set("Exported " + chart.exportName() + " to " + target.getFileName());
                } else {
                    viewModel.showProblem(result);
                }
                done.accept(result);
            });
        });
    }

    /** What File ▸ Export traces… does: asks for a file and writes the latest pass's traces. */
    public void setTraceExporter(Runnable exporter) {
        traceExporter = exporter;
    }

    @FXML
    private void exportTraces() {
        if (traceExporter == null) viewModel.showProblem("This build cannot export traces");
        else traceExporter.run();
    }

    /** What File ▸ Quit asks first: whether the window may close now ({@link UnsavedWorkGuard#allowsClosing()}). */
    void setCloseGuard(BooleanSupplier mayClose) {
        this.mayClose = mayClose;
    }

    @FXML
    private void quit() {
        if (mayClose.getAsBoolean()) closeAndExit();
    }

    /** Closes the window and ends the application, asking nothing. */
    void closeAndExit() {
        Window w = window();
        if (w != null) w.hide(); // the stage's hiding handler saves the window state
        Platform.exit();
    }

    /**
     * The unsaved-work question as a modal dialog: Save workspace…, {@code discardLabel} ("Close without saving"),
     * Cancel (Escape).
     */
    UnsavedWorkGuard.Choice askAboutUnsavedWork(String header, String content, String discardLabel) {
        ButtonType save = new ButtonType("Save workspace…", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(discardLabel, ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, content, save, discard, ButtonType.CANCEL);
        alert.initOwner(window());
        alert.setTitle("Unsaved weights");
        alert.setHeaderText(header);
        alert.setResizable(true);
        alert.getDialogPane().setId("unsavedWorkDialog");
        alert.getDialogPane().setPrefWidth(560); // the content wraps; without a width it ran one line off the screen
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) return UnsavedWorkGuard.Choice.CANCEL;
        return answer.get() == save ? UnsavedWorkGuard.Choice.SAVE : UnsavedWorkGuard.Choice.DISCARD;
    }

    // --- View ---

    @FXML
    private void lightTheme() {
        viewModel.themeProperty().set(Theme.LIGHT);
    }

    @FXML
    private void darkTheme() {
        viewModel.themeProperty().set(Theme.DARK);
    }

    @FXML
    private void zoomIn() {
        viewModel.zoomIn();
    }

    @FXML
    private void zoomOut() {
        viewModel.zoomOut();
    }

    @FXML
    private void resetZoom() {
        viewModel.resetZoom();
    }

    // --- Help ---

    /** Every menu command with an accelerator, in menu order, as the menu shows its keys. */
    List<HelpTexts.Shortcut> menuShortcuts() {
        List<HelpTexts.Shortcut> out = new ArrayList<>();
        for (Menu menu : menuBar.getMenus()) collectShortcuts(menu, out);
        for (ZoomKey k : zoomKeys()) out.add(new HelpTexts.Shortcut(k.command(), k.keys().getDisplayText()));
        return out;
    }

    private static void collectShortcuts(Menu menu, List<HelpTexts.Shortcut> out) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) collectShortcuts(sub, out);
            else if (item.getAccelerator() != null) {
                out.add(new HelpTexts.Shortcut(item.getText(), item.getAccelerator().getDisplayText()));
            }
        }
    }

    @FXML
    private void showShortcuts() {
        help("Keyboard shortcuts", HelpTexts.shortcuts(menuShortcuts()));
    }

    @FXML
    private void showGlossary() {
        help("Glossary", HelpTexts.glossary());
    }

    /**
     * A help text in a read-only, wrapping, scrolling text area sized in rows and columns (so it follows the font). The
     * dialog sized the wrapped Label it used to show from the label's unwrapped text: the glossary's lines ran 1,222 px
     * wide, past the edge of a small screen, and on some screens the text was cut to its first line.
     */
    private void help(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.setResizable(true);
        TextArea body = new TextArea(text);
        body.setEditable(false);
        body.setWrapText(true);
        body.setPrefColumnCount(HELP_COLUMNS);
        body.setPrefRowCount(HELP_ROWS);
        alert.getDialogPane().setContent(body);
        alert.show();
    }

    @FXML
    private void about() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle("About RNN Explorer");
        alert.setHeaderText("RNN Explorer " + About.version());
        alert.setContentText("Computes exactly what torch.nn.RNN computes and shows its insides: shapes, weights and "
                + "their spectra, hidden states and gradients through time.\n\nJava " + Runtime.version()
                + ", JavaFX " + System.getProperty("javafx.runtime.version", "?"));
        alert.showAndWait();
    }

    @FXML
    private void dismissBanner() {
        viewModel.dismissProblem();
        weights.clearMessage();
    }

    // --- drag and drop ---

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        boolean done = false;
        if (e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
            Path dropped = e.getDragboard().getFiles().getFirst().toPath();
            // After the drop has ended: opening may ask about unsaved weights in a modal dialog, and the drag's
            // source should not wait on it.
            Platform.runLater(() -> {
                if (fileOpener != null) fileOpener.accept(dropped);
                else openWeightsFile(dropped);
            });
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
    }

    // --- what the application adds to the window ---

    /** Adds items to the File menu after "Export weights as safetensors…". */
    public void addFileMenuItems(List<MenuItem> items) {
        int at = fileMenu.getItems().indexOf(exportWeightsItem) + 1;
        fileMenu.getItems().addAll(at, items);
    }

    /** Adds a menu before Help. */
    public void addMenu(Menu menu) {
        menuBar.getMenus().add(menuBar.getMenus().size() - 1, menu);
    }

    /** Adds a strip under the banner (e.g. a preset's explanation). */
    public void addBelowBanner(Node node) {
        topArea.getChildren().add(node);
    }

    /**
     * Adds a node to the status bar, after the throughput: something that comes and goes while the user works (which
     * runs train now) and must not move the panes, as a bar of its own above them did.
     */
    public void addToStatusBar(Node node) {
        statusBar.getChildren().add(statusBar.getChildren().indexOf(statusSpacer), node);
    }

    /** Where dropped files go; without one they are opened as weights. */
    public void setFileOpener(Consumer<Path> opener) {
        fileOpener = opener;
    }

    private void selectTab(PaneId pane) {
        tabs.getTabs().stream().filter(t -> paneOf(t) == pane).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private static PaneId paneOf(Tab tab) {
        return ((ExplorerPane) tab.getUserData()).id();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static Tooltip teaching(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(380);
        return t;
    }

    /** A backend entry: unavailable ones greyed out, with the reason as tooltip. */
    private static final class BackendCell extends ListCell<BackendOption> {
        @Override
        protected void updateItem(BackendOption item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                setDisable(false);
                return;
            }
            setText(item.available() ? item.name() : item.name() + " (unavailable)");
            setDisable(!item.available());
            setTooltip(item.available() ? null : new Tooltip(item.reason()));
            pseudoClassStateChanged(PseudoClass.getPseudoClass("unavailable"), !item.available());
        }
    }
}
