package org.rnnexplorer.ui;

import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartExport;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Java2DExport;
import org.rnnexplorer.ui.hidden.TextStrip;
import org.rnnexplorer.ui.hidden.TextStripView;
import org.rnnexplorer.ui.state.PaneId;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text task through the window: the bundled corpus taken when none was opened, Sample's text on screen, and in
 * Hidden states the followed sequence's characters drawn in the colours of the chosen unit's values, the caption
 * saying so, hover and click on a character.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class TextTaskUiTest {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        explorer = new ExplorerWindow(new PreferencesStore(prefs), ExplorerWindowUiTest.REJECTING,
                MainWindowViewModel.installedBackends(), "scalar");
        explorer.show(stage);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> stage.hide());
        explorer.close();
    }

    @Test
    void theTextTasksSampleAndColouredCharactersAreOnScreen(FxRobot robot) throws Exception {
        var training = explorer.training();
        robot.clickOn(PaneId.TRAINING.title());
        robot.interact(() -> {
            training.stepsProperty().set("40");
            training.batchSizeProperty().set("2");
            training.taskProperty().set("text");
        });
        assertEquals("moby-dick-ch1-3.txt (bundled sample)", training.dataNameProperty().get());
        assertEquals("", training.problemProperty().get());

        robot.interact(() -> training.sampleLengthProperty().set("60"));
        robot.clickOn("Sample");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !training.sampleTextProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        TextArea shown = robot.lookup(".sample-text").queryAs(TextArea.class);
        assertTrue(shown.isVisible());
        assertEquals(training.sampleTextProperty().get(), shown.getText());
        assertEquals(61, shown.getText().codePointCount(0, shown.getText().length()), "the start and 60 drawn");

        robot.clickOn(PaneId.HIDDEN_STATES.title());
        robot.interact(() -> explorer.hidden().unitsTextProperty().set("3"));
        TextStripView view = explorer.hiddenView().textStrip();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.hidden().textStripProperty().get() != null
                && view.getWidth() > 0 && view.cellCentre(39) != null);
        WaitForAsyncUtils.waitForFxEvents();
        TextStrip strip = explorer.hidden().textStripProperty().get();
        assertEquals(40, strip.steps());
        String caption = robot.lookup(".explanation").queryAllAs(Label.class).stream().map(Label::getText)
                .filter(t -> t.startsWith("Sequence b = ")).findFirst().orElse("");
        assertEquals(strip.caption(), caption);
        assertTrue(caption.contains("h[3] at that step"), caption);

        // At 1350 × 720 with the text strip open, the time bar stays on screen above the status bar (it went under).
        double width = stage.getWidth(), height = stage.getHeight();
        robot.interact(() -> {
            stage.setWidth(1350);
            stage.setHeight(720);
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node timeBar = robot.lookup("#timeSlot").match(n -> n.isVisible()
                && n.getScene() == stage.getScene() && n.localToScene(n.getBoundsInLocal()).getWidth() > 0)
                .queryAll().stream().filter(n -> isShowing(n)).findFirst().orElseThrow();
        double bottom = timeBar.localToScene(timeBar.getBoundsInLocal()).getMaxY();
        javafx.scene.Node statusBar = robot.lookup("#backendChoice").query();
        double statusTop = statusBar.localToScene(statusBar.getBoundsInLocal()).getMinY();
        assertTrue(bottom <= statusTop + 1, "time bar ends at " + bottom + ", the status bar starts at " + statusTop);
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();

        // Each cell's background is the diverging map's colour of h[3] at that step on [−1, 1].
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = view.snapshot(null, null));
        PixelReader pixels = image[0].getPixelReader();
        ColorMap map = ChartAppearance.DEFAULT.signedMap();
        for (int t = 0; t < strip.steps(); t++) {
            double[] p = view.cellBackgroundPoint(t);
            int drawn = pixels.getArgb((int) Math.round(p[0]), (int) Math.round(p[1]));
            int expected = map.argbAt(strip.scale().fraction(strip.values()[t]));
            for (int shift : new int[] {16, 8, 0}) {
                int a = (drawn >> shift) & 0xFF, b = (expected >> shift) & 0xFF;
                assertTrue(Math.abs(a - b) <= 3, String.format("t = %d: drawn %08x, h[3] = %.4f gives %08x", t, drawn,
                        strip.values()[t], expected));
            }
        }

        // Export chart… offers the text (and not the gate scatter, hidden for an RNN); the file holds every character.
        List<ExportableChart> offered = explorer.mainView().currentCharts();
        assertTrue(offered.contains(view), "the text strip is offered");
        assertFalse(offered.contains(explorer.hiddenView().scatterChart()), "no hidden chart is offered");
        assertEquals("Text coloured by h[3]", view.exportName());
        Path png = prefs.resolve("text.png");
        CompletableFuture<String> done = new CompletableFuture<>();
        int[] size = new int[2];
        robot.interact(() -> {
            System.arraycopy(view.exportSize(), 0, size, 0, 2);
            explorer.mainView().exportChart(view, png, ChartExport.Format.PNG, done::complete);
        });
        assertNull(done.get(30, TimeUnit.SECONDS));
        BufferedImage written = ImageIO.read(png.toFile());
        assertEquals(size[0] * Java2DExport.PNG_SCALE, written.getWidth());
        assertEquals(size[1] * Java2DExport.PNG_SCALE, written.getHeight());
        assertTrue(size[0] >= view.getWidth() - 1, "as wide as on screen");

        double[] centre = view.cellCentre(7);
        robot.moveTo(view.localToScreen(centre[0], centre[1]));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.hoverTextProperty().get().startsWith("t = 7: read '"));
        assertEquals(strip.describe(7), view.hoverTextProperty().get());
        int before = explorer.cursor().tProperty().get();
        robot.clickOn(view.localToScreen(centre[0], centre[1]));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> explorer.cursor().tProperty().get() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        // The outline moved: the cell left behind shows its own colour at its edge again, the new one the outline.
        robot.interact(() -> image[0] = view.snapshot(null, null));
        int expected = map.argbAt(strip.scale().fraction(strip.values()[before]));
        double[] old = view.cellBackgroundPoint(before);
        int edge = image[0].getPixelReader().getArgb((int) Math.round(old[0] - 2), (int) Math.round(old[1] - 2));
        for (int shift : new int[] {16, 8, 0}) {
            assertTrue(Math.abs(((edge >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) <= 3,
                    String.format("t = %d's edge: %08x, its colour %08x", before, edge, expected));
        }
        double[] marked = view.cellBackgroundPoint(7);
        int outline = image[0].getPixelReader().getArgb((int) Math.round(marked[0] - 2), (int) Math.round(marked[1] - 2));
        int colour = map.argbAt(strip.scale().fraction(strip.values()[7]));
        assertTrue(outline != colour, "t = 7 is outlined");
    }

    /** Whether a node and every parent are visible (a pane's time bar on the tab shown). */
    private static boolean isShowing(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }
}
