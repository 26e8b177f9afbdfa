package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.ui.chart.ChartExport;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.model.ShapeRow;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's main flows, driven through its controls, headless under Monocle. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowUiTest {

    /** A weights file reader that finds every file malformed, as the io package's reader reports it. */
    static final WeightsFileHandler REJECTING = new WeightsFileHandler() {
        @Override
        public RnnParameters open(Path file, RnnConfig current) throws IOException {
            throw new FormatException(file.getFileName(), "weight_hh_l0 is (3, 4), expected a square matrix");
        }

        @Override
        public void save(Path file, RnnParameters parameters) throws IOException {
            throw new IOException("not used");
        }
    };

    @TempDir
    Path prefs;
    @TempDir
    Path out;

    private ExplorerWindow explorer;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        explorer = new ExplorerWindow(new PreferencesStore(prefs), REJECTING, MainWindowViewModel.installedBackends(), "scalar");
        explorer.show(stage);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> stage.hide());
        explorer.close();
    }

    private static void replaceText(FxRobot robot, String query, String text) {
        javafx.scene.control.TextField field = robot.lookup(query).queryAs(javafx.scene.control.TextField.class);
        robot.clickOn(field);
        robot.push(KeyCode.END);
        robot.eraseText(field.getText().length());
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String shape(TableView<ShapeRow> table, String tensor) {
        return table.getItems().stream().filter(r -> r.tensor().equals(tensor)).map(ShapeRow::shape).findFirst().orElse(null);
    }

    @Test
    void shapesTableAndCodeFollowTheForm(FxRobot robot) {
        TableView<ShapeRow> table = robot.lookup("#shapesTable").queryTableView();
        TextArea code = robot.lookup("#code").queryAs(TextArea.class);
        assertNull(shape(table, "weight_ih_l2_reverse"));
        robot.clickOn("#bidirectional");
        replaceText(robot, "#numLayers", "3");
        assertEquals("(20, 40)", shape(table, "weight_ih_l2_reverse"), "layer 2 reads both directions of layer 1");
        assertEquals("(6, 3, 20)", shape(table, "h_0"), "D·num_layers = 6");
        assertEquals("(3, 5, 40)", shape(table, "output"));
        assertTrue(code.getText().contains("    num_layers=3,\n") && code.getText().contains("    bidirectional=True,\n"), code.getText());
        assertTrue(code.getText().contains("h0 = torch.from_numpy(data[\"h0\"])  # 6, 3, 20:"), code.getText());
    }

    @Test
    void anInvalidSettingShowsPyTorchsMessageBesideTheField(FxRobot robot) {
        replaceText(robot, "#hiddenSize", "0");
        Label error = robot.lookup("#hiddenSizeError").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertEquals("hidden_size must be greater than zero", error.getText());
        assertTrue(robot.lookup("#staleNotice").queryAs(Label.class).isVisible());
        replaceText(robot, "#hiddenSize", "8");
        assertTrue(!error.isVisible());
        assertEquals("(8, 8)", shape(robot.lookup("#shapesTable").queryTableView(), "weight_hh_l0"));
    }

    @Test
    void identityMakesTheSpectralRadiusOne(FxRobot robot) throws Exception {
        robot.clickOn("Weights");
        Label rho = robot.lookup("#spectrumText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rho.getText().startsWith("ρ = 0."));
        robot.clickOn("#identityButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rho.getText().equals("ρ = 1.00   σ_max = 1.00"));
        robot.clickOn("#undoButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rho.getText().startsWith("ρ = 0."));
    }

    @Test
    void hoveringAWeightShowsItsIndicesAndValue(FxRobot robot) throws Exception {
        robot.clickOn("Weights");
        Heatmap whh = explorer.weightsView().charts().stream().filter(c -> c.exportName().startsWith("weight_hh"))
                .map(Heatmap.class::cast).findFirst().orElseThrow();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> whh.framesDrawn() > 0);
        robot.moveTo(whh);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> whh.hoverTextProperty().get().startsWith("W_hh["));
        String text = whh.hoverTextProperty().get();
        assertTrue(text.matches("W_hh\\[\\d+, \\d+] = -?[0-9.e+-]+ {3}unit \\d+ \\(t−1\\) → unit \\d+ \\(t\\)"), text);
    }

    @Test
    void anExportedChartIsAValidNonBlankPng(FxRobot robot) throws Exception {
        robot.clickOn("Weights");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> explorer.weights().spectrumProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        for (String name : new String[] {"Eigenvalues", "weight_hh"}) {
            ExportableChart chart = explorer.mainView().currentCharts().stream()
                    .filter(c -> c.exportName().startsWith(name)).findFirst().orElseThrow();
            Path png = out.resolve(name + ".png");
            Path svg = out.resolve(name + ".svg");
            assertNull(export(robot, chart, png, ChartExport.Format.PNG));
            assertNull(export(robot, chart, svg, ChartExport.Format.SVG));
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image != null && image.getWidth() > 100, name + " PNG readable");
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 2) for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y));
            assertTrue(colours.size() > 1, name + " PNG is not blank");
            assertTrue(Files.readString(svg).contains("<svg"), name + " SVG");
        }
        assertTrue(explorer.window().statusProperty().get().startsWith("Exported "));
    }

    private String export(FxRobot robot, ExportableChart chart, Path file, ChartExport.Format format) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        robot.interact(() -> explorer.mainView().exportChart(chart, file, format, done::complete));
        return done.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aWeightsFileThatDoesNotFitShowsItsMessageInTheBanner(FxRobot robot) throws Exception {
        Label banner = robot.lookup("#bannerText").queryAs(Label.class);
        assertTrue(!banner.isVisible() || banner.getText().isEmpty());
        robot.interact(() -> explorer.mainView().openWeightsFile(out.resolve("broken.safetensors")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !banner.getText().isEmpty());
        assertEquals("broken.safetensors: weight_hh_l0 is (3, 4), expected a square matrix", banner.getText());
        assertTrue(banner.getParent().isVisible());
        robot.clickOn("Dismiss");
        assertTrue(!banner.getParent().isVisible());
    }

    @Test
    void shortcutsZoomTheWholeWindow(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 16.3px;", explorer.mainView().root().getStyle());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 13.0px;", explorer.mainView().root().getStyle());
    }

    /** The keys a browser zooms with work too: Ctrl++ on a US keyboard (Ctrl+Shift+=) did nothing. */
    @Test
    void ctrlPlusAndTheKeypadZoomToo(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 16.3px;", explorer.mainView().root().getStyle(), "Ctrl+Shift+=");
        robot.press(KeyCode.CONTROL, KeyCode.ADD).release(KeyCode.ADD, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 20.3px;", explorer.mainView().root().getStyle(), "Ctrl+keypad +");
        robot.press(KeyCode.CONTROL, KeyCode.SUBTRACT).release(KeyCode.SUBTRACT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 16.3px;", explorer.mainView().root().getStyle(), "Ctrl+keypad -");
        robot.press(KeyCode.CONTROL, KeyCode.NUMPAD0).release(KeyCode.NUMPAD0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("-fx-font-size: 13.0px;", explorer.mainView().root().getStyle(), "Ctrl+keypad 0");
        String help = HelpTexts.shortcuts(explorer.mainView().menuShortcuts());
        String keypadPlus = new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN).getDisplayText();
        assertTrue(help.contains(keypadPlus + "\tZoom in (keypad)\n"), help);
    }

    /**
     * After zooming in and back to actual size every combo box is as wide as before: they kept the widths of the largest
     * zoom (the backend chooser 260 px instead of 148), as their lists remembered the widest cell they had laid out.
     */
    @Test
    void actualSizeGivesTheCombosTheirWidthsBack(FxRobot robot) throws Exception {
        robot.clickOn("Hidden states");
        WaitForAsyncUtils.waitForFxEvents();
        Map<ComboBox<?>, Double> before = WaitForAsyncUtils.asyncFx(() -> comboWidths(explorer.mainView().root()))
                .get(10, TimeUnit.SECONDS);
        assertTrue(before.size() >= 4, "the backend chooser and Hidden states' combos: " + before.size());
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) explorer.window().zoomIn();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> explorer.window().resetZoom());
        WaitForAsyncUtils.waitForFxEvents();
        Map<ComboBox<?>, Double> after = WaitForAsyncUtils.asyncFx(() -> comboWidths(explorer.mainView().root()))
                .get(10, TimeUnit.SECONDS);
        List<String> wider = new ArrayList<>();
        before.forEach((combo, width) -> {
            double now = after.getOrDefault(combo, -1.0);
            if (Math.abs(now - width) > 1) wider.add(combo.getId() + " (" + combo.getValue() + "): " + width + " → " + now);
        });
        assertTrue(wider.isEmpty(), String.join("\n", wider));
    }

    /** The width of every shown combo box under root, after a layout. */
    private static Map<ComboBox<?>, Double> comboWidths(Parent root) {
        root.applyCss();
        root.layout();
        Map<ComboBox<?>, Double> out = new LinkedHashMap<>();
        for (Node n : root.lookupAll(".combo-box")) {
            if (n instanceof ComboBox<?> c && c.isVisible() && c.getScene() != null && c.getWidth() > 0) out.put(c, c.getWidth());
        }
        return out;
    }

    @Test
    void theWindowRemembersTabThemeAndZoom(FxRobot robot) {
        robot.clickOn("Weights");
        robot.interact(() -> {
            explorer.window().themeProperty().set(Theme.DARK);
            explorer.window().zoomIn();
            stage.hide();
        });
        WindowState saved = new PreferencesStore(prefs).load();
        assertEquals("Weights", saved.selectedTab());
        assertEquals(Theme.DARK, saved.theme());
        assertEquals(1.25, saved.zoom());
        // The next window starts where this one left off.
        robot.interact(() -> {
            explorer.close();
            explorer = new ExplorerWindow(new PreferencesStore(prefs), REJECTING, MainWindowViewModel.installedBackends(), "scalar");
            explorer.show(stage);
        });
        assertEquals("Weights", explorer.mainView().tabs().getSelectionModel().getSelectedItem().getText());
        assertTrue(stage.getScene().getStylesheets().getLast().endsWith("dark.css"));
        assertEquals("-fx-font-size: 16.3px;", explorer.mainView().root().getStyle());
    }
}
