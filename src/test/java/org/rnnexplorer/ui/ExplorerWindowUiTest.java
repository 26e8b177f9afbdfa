package org.rnnexplorer.ui;

import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
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
import java.util.HashSet;
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
