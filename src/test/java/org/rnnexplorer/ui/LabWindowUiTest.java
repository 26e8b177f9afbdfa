package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.About;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.LegendEntries;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.trainingcharts.TrainingCharts;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Training, A/B, Experiments and file flows of the window, headless under Monocle. */
@Tag("ui")
class LabWindowUiTest extends ExplorerWindowFixture {

    static final Path SAMPLE_WEIGHTS = Path.of("sample-data", "irnn-adding-t50.safetensors");


    private String shownTab() {
        return explorer.mainView().tabs().getSelectionModel().getSelectedItem().getText();
    }

    /** The Experiments tab (a click on the word would open the Experiments menu of the same name). */
    private void showExperiments(FxRobot robot) {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.EXPERIMENTS));
        assertEquals("Experiments", shownTab());
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    @Test
    void theVanishingPresetFillsTheGradientChartAndExplainsItself(FxRobot robot) throws Exception {
        showExperiments(robot);
        robot.clickOn("#preset-VANISHING");
        waitFor("gradient-norm points", () -> explorer.trainingView().charts().gradientPoints() >= 2);
        assertEquals("Gradient flow", shownTab(), "the preset opens the pane where its effect shows");
        waitFor("the gradient flow chart", () -> explorer.gradient().frameProperty().get() != null
                && explorer.gradient().frameProperty().get().trace().steps() == 100
                && explorer.gradient().frameProperty().get().norms().getFirst().size() == 100);
        assertTrue(explorer.training().activeProperty().get(), "the window's live run trains");
        Label lesson = robot.lookup(".lesson-title").queryAs(Label.class);
        assertTrue(lesson.isVisible());
        assertEquals(Preset.VANISHING.title(), lesson.getText());
        // What the Gradient flow pane draws from the same bridge: ‖∂L/∂h_t‖ fading going back from the loss.
        ServiceSnapshot s = explorer.live().snapshot();
        assertEquals(64, s.spec().config().hiddenSize());
        assertEquals(100, s.trace().steps());
        DirectionTrace d = s.trace().direction(0, 0);
        assertTrue(d.gradNorm()[99] > 1e10 * d.gradNorm()[0], "‖∂L/∂h_99‖ = " + d.gradNorm()[99] + ", ‖∂L/∂h_0‖ = "
                + d.gradNorm()[0]);
        // The Weights pane follows the weights while training changes them.
        float[] initial = org.rnnexplorer.engine.Initializers.create(s.spec().config(),
                org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 0).get("weight_hh_l0");
        waitFor("the Weights pane showing trained weights", () -> !java.util.Arrays.equals(initial,
                explorer.weights().parametersProperty().get().get("weight_hh_l0")));
        assertFalse(explorer.weights().canUndoProperty().get(), "training is not an edit to undo");
        robot.clickOn(".lesson .button:last-child");
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.TRAINING));
        robot.clickOn("#leaveButton");
        assertFalse(explorer.training().activeProperty().get());
    }

    @Test
    void aFewTrainingIterationsPutPointsOnTheLossChart(FxRobot robot) throws Exception {
        robot.interact(() -> {
            explorer.model().hiddenSizeProperty().set("8");
            explorer.model().numLayersProperty().set("1");
            explorer.model().bidirectionalProperty().set(false);
        });
        robot.clickOn("Training");
        // Before any run the gradient-norm legend follows the Clipping setting (it named clipping beside "none").
        var gradLegend = explorer.trainingView().charts().gradientNorm().chart();
        assertEquals(TrainingViewModel.Clip.NONE, explorer.training().clippingProperty().get());
        assertEquals(List.of("‖∂L/∂θ‖₂ (no clipping)"), LegendEntries.of(gradLegend));
        robot.interact(() -> explorer.training().clippingProperty().set(TrainingViewModel.Clip.NORM));
        assertEquals(List.of("before clipping", "after clipping", "clipping fired"),
                LegendEntries.of(gradLegend));
        robot.interact(() -> explorer.training().clippingProperty().set(TrainingViewModel.Clip.NONE));
        robot.interact(() -> explorer.training().stepsProperty().set("20"));
        robot.clickOn("#stepButton");
        waitFor("the first point", () -> explorer.trainingView().charts().lossPoints() == 1);
        robot.clickOn("#runButton");
        waitFor("ten points", () -> explorer.trainingView().charts().lossPoints() >= 10);
        robot.clickOn("#pauseButton");
        waitFor("paused", () -> explorer.training().statusProperty().get().startsWith("paused"));
        assertTrue(explorer.trainingView().charts().updateRatios().chart().getXYPlot().getDataset().getSeriesCount() >= 4,
                "one update-ratio curve per parameter");
        // The four charts share their iteration axis, whatever each series' first and last points.
        TrainingCharts c = explorer.trainingView().charts();
        robot.interact(FrameScheduler::flush);
        double[] x = TrainingCharts.range(c.loss(), true);
        for (var box : List.of(c.gradientNorm(), c.updateRatios(), c.spectra())) {
            assertArrayEquals(x, TrainingCharts.range(box, true), 1e-12, box.chart().getTitle().getText());
        }
        assertTrue(x[1] >= c.lossPoints() - 1, "the axis reaches the last iteration: " + Arrays.toString(x));

        // Hovering the loss chart names the nearest iteration and its loss.
        var lossBox = c.loss();
        java.awt.geom.Rectangle2D area = lossBox.dataArea();
        double px = area.getX() + area.getWidth() * 0.6, py = area.getCenterY();
        org.jfree.chart.plot.XYPlot plot = lossBox.chart().getXYPlot();
        double at = plot.getDomainAxis().java2DToValue(px, area, plot.getDomainAxisEdge());
        org.jfree.data.xy.XYDataset data = plot.getDataset();
        int nearest = 0;
        for (int i = 1; i < data.getItemCount(0); i++) {
            if (Math.abs(data.getXValue(0, i) - at) < Math.abs(data.getXValue(0, nearest) - at)) nearest = i;
        }
        // The pointer passes over other points on its way: wait for the readout of where it stops (within a point,
        // as the robot may land a pixel off).
        long expected = Math.round(data.getXValue(0, nearest));
        long step = Math.max(1, Math.round(Math.abs(data.getXValue(0, Math.min(nearest + 1, data.getItemCount(0) - 1))
                - data.getXValue(0, nearest))));
        // Thousands of iterations over a few hundred pixels put several points under one pixel: the pointer is
        // placed to a pixel or so, and so is the point it names.
        double perPixel = plot.getDomainAxis().getRange().getLength() / area.getWidth();
        step = Math.max(step, (long) Math.ceil(2 * perPixel));
        robot.moveTo(lossBox.localToScreen(px, py));
        WaitForAsyncUtils.waitForFxEvents();
        waitFor("the loss readout", () -> lossBox.hoverTextProperty().get().startsWith("iteration "));
        String text = lossBox.hoverTextProperty().get();
        long named = Long.parseLong(text.replaceAll("^iteration (\\d+):.*$", "$1"));
        assertTrue(Math.abs(named - expected) <= step, text + " at x = " + at + ", nearest point " + expected);
        for (int i = 0; i < data.getItemCount(0); i++) {
            if (Math.round(data.getXValue(0, i)) == named) nearest = i;
        }
        double shown = Double.parseDouble(text.replaceAll("^iteration \\d+: loss ([^ ]+).*$", "$1"));
        assertEquals(data.getYValue(0, nearest), shown, Math.abs(data.getYValue(0, nearest)) * 0.01, text);
        assertEquals(1.0 / 6.0, explorer.training().trainingProperty().get().history().baseline(), 1e-12);

        // The legend names the service's moving average of the raw losses (LossEmaTest checks it against them),
        // and the line drawn is the published one, point for point.
        List<String> legend = new java.util.ArrayList<>();
        org.jfree.chart.LegendItemCollection items = plot.getLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) legend.add(items.get(i).getLabel());
        assertEquals(List.of("loss (band: min–max per point)", "EMA, span 50"), legend);
        org.rnnexplorer.service.MetricHistory.Series published = explorer.training().trainingProperty().get().history().lossEma();
        double[][] ema = c.lossEmaPoints();
        assertEquals(published.size(), ema.length);
        assertEquals(data.getItemCount(0), ema.length);
        for (int i = 0; i < ema.length; i++) {
            assertEquals(published.x()[i], ema[i][0]);
            assertEquals(published.y()[i], ema[i][1], "EMA point " + i);
        }

        // Under the status: four sequences' predictions beside their targets, of the pass the snapshot traced.
        Label predictions = robot.lookup("#predictionsText").queryAs(Label.class);
        org.rnnexplorer.service.Predictions shownPass = explorer.training().trainingProperty().get().predictions();
        assertTrue(predictions.isVisible());
        String[] lines = predictions.getText().split("\n");
        assertEquals(5, lines.length, predictions.getText());
        assertTrue(lines[0].startsWith("Predictions against targets, iteration " + shownPass.iteration() + " (the first 4 "
                + "sequences of the batch this pass trained on, the adding task's"), lines[0]);
        for (int b = 0; b < 4; b++) {
            assertEquals(String.format(java.util.Locale.ROOT, "b = %d, t = %d: prediction %.4f   target %.4f", b,
                    shownPass.rows().get(b).step(), shownPass.rows().get(b).prediction()[0],
                    shownPass.rows().get(b).target()[0]).replace('-', '−'), lines[b + 1]);
        }
    }

    @Test
    void theAbPresetShowsTwoLossCurves(FxRobot robot) throws Exception {
        // Before any run: what Run all does, not four empty charts.
        robot.clickOn("A/B runs");
        Label guide = (Label) explorer.compareView().root().lookup("#guide");
        Node twoWay = explorer.compareView().root().lookup("#twoWay");
        assertTrue(guide.isVisible() && guide.getText().startsWith("Run all trains A and B side by side"), guide.getText());
        assertFalse(twoWay.isVisible());
        showExperiments(robot);
        robot.clickOn("#preset-TANH_VS_RELU");
        waitFor("both loss curves", () -> explorer.compareView().chartsA().lossPoints() > 2
                && explorer.compareView().chartsB().lossPoints() > 2);
        assertEquals("A/B runs", shownTab());
        assertFalse(guide.isVisible(), "a run started: the charts instead");
        assertTrue(twoWay.isVisible());
        assertEquals("A: tanh, PyTorch default init", explorer.compareView().chartsA().loss().chart().getTitle().getText());
        assertEquals("B: ReLU, PyTorch default init", explorer.compareView().chartsB().loss().chart().getTitle().getText());
        robot.clickOn("#abPauseButton");
        waitFor("both paused", () -> explorer.compare().statusAProperty().get().startsWith("paused")
                && explorer.compare().statusBProperty().get().startsWith("paused"));

        // Both sides on the same scales, each holding both runs' data (and the chance level).
        TrainingCharts a = explorer.compareView().chartsA(), b = explorer.compareView().chartsB();
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            FrameScheduler.flush();
            for (boolean xAxis : new boolean[] {true, false}) {
                assertArrayEquals(TrainingCharts.range(a.loss(), xAxis), TrainingCharts.range(b.loss(), xAxis), 1e-12,
                        "loss " + (xAxis ? "x" : "y") + " ranges");
                assertArrayEquals(TrainingCharts.range(a.gradientNorm(), xAxis), TrainingCharts.range(b.gradientNorm(), xAxis),
                        1e-12, "gradient-norm " + (xAxis ? "x" : "y") + " ranges");
            }
            double[] y = TrainingCharts.range(a.loss(), false), x = TrainingCharts.range(a.loss(), true);
            for (TrainingCharts c : List.of(a, b)) {
                TrainingCharts.Extent e = c.lossExtent();
                assertTrue(e.yLow() >= y[0] && e.yHigh() <= y[1] && e.xLow() >= x[0] && e.xHigh() <= x[1],
                        e + " inside x " + Arrays.toString(x) + ", y " + Arrays.toString(y));
            }
            assertTrue(y[0] < 1.0 / 6 && y[1] > 1.0 / 6, "the chance level is in view");
        });
    }

    @Test
    void aSafetensorsFileOpensIntoTheWeightsPaneAndTheForm(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.open(SAMPLE_WEIGHTS));
        waitFor("the weights", () -> "irnn-adding-t50.safetensors".equals(explorer.weights().sourceProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Weights", shownTab());
        assertEquals("32", explorer.model().hiddenSizeProperty().get());
        assertEquals("2", explorer.model().inputSizeProperty().get());
        Heatmap whh = explorer.weightsView().charts().stream().filter(c -> c.exportName().startsWith("weight_hh"))
                .map(Heatmap.class::cast).findFirst().orElseThrow();
        waitFor("the W_hh heatmap", () -> whh.getData().values().length == 32 * 32);
        assertArrayEquals(Safetensors.read(SAMPLE_WEIGHTS).tensors().get("rnn.weight_hh_l0").data(), whh.getData().values());
    }

    private static MenuItem find(Menu menu, String text) {
        for (MenuItem i : menu.getItems()) {
            if (text.equals(i.getText())) return i;
            if (i instanceof Menu m) {
                MenuItem inner = find(m, text);
                if (inner != null) return inner;
            }
        }
        return null;
    }

    @Test
    void openSampleListsSampleDataAndTheTextSampleSetsUpTheTextTask(FxRobot robot) throws Exception {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        Menu file = bar.getMenus().getFirst();
        MenuItem text = find(file, "moby-dick-ch1-3.txt");
        assertTrue(text != null && find(file, "us-births-1994-2003.csv") != null && find(file, "irnn-adding-t50.safetensors") != null,
                "File ▸ Open sample lists sample-data/");
        robot.interact(text::fire);
        waitFor("the text task", () -> "text".equals(explorer.training().taskProperty().get())
                && explorer.training().dataNameProperty().get().equals("moby-dick-ch1-3.txt"));
        assertEquals("Training", shownTab());
        assertEquals("", explorer.training().problemProperty().get());
        robot.interact(find(file, "us-births-1994-2003.csv")::fire);
        waitFor("the series task", () -> "series".equals(explorer.training().taskProperty().get()));
        assertEquals(2, explorer.training().buildSpec().config().inputSize(), "day_of_week and births");
        assertTrue(find(bar.getMenus().get(bar.getMenus().size() - 1), "About RNN Explorer") != null);
        assertFalse(About.version().equals("unknown"), "the About box states the version from pom.xml");
    }
}
