package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.LegendEntries;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.trainingcharts.TrainingCharts;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a lecturer met in front of a class: the exploding preset's end state, and the Pitfalls pane's order. */
@Tag("ui")
class ClassroomUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void afterTheExplodingPresetStopsTheButtonsKeepTheirWordsAndTheSpectrumChartShowsTheRun(FxRobot robot) throws Exception {
        // The y range each chart was last drawn with: the drawing on screen, not only the axis object, must hold the run.
        Map<String, Range> drawnWith = new ConcurrentHashMap<>();
        var boxes = explorer.trainingView().charts();
        for (var box : List.of(boxes.loss(), boxes.gradientNorm(), boxes.spectra(), boxes.updateRatios())) {
            JFreeChart chart = box.chart();
            chart.addProgressListener(e -> {
                if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) {
                    drawnWith.put(chart.getTitle().getText(), chart.getXYPlot().getRangeAxis().getRange());
                }
            });
        }
        robot.interact(() -> explorer.presets().apply(Preset.EXPLODING));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            ServiceSnapshot s = explorer.training().trainingProperty().get();
            return s != null && s.state() == RunState.STOPPED;
        });
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.TRAINING));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(FrameScheduler::flush);
        robot.interact(() -> stage.getScene().getRoot().layout());
        String status = explorer.training().statusProperty().get();
        assertTrue(status.length() > 60, "a long status: " + status);
        // Its numbers written as the PyTorch code beside it prints them (inf, not Infinity), and a scalar loss has no
        // "element 0".
        assertFalse(status.contains("Infinity") || status.contains("loss is inf at element"), status);
        for (String id : List.of("#runButton", "#pauseButton", "#stepButton", "#resetButton", "#leaveButton")) {
            Button b = robot.lookup(id).queryButton();
            assertTrue(b.getWidth() + 0.5 >= b.prefWidth(-1), id + " is " + b.getWidth() + " px wide, its words need "
                    + b.prefWidth(-1));
        }
        // ρ from about 1.5 up to the blow-up (20 decades and more): the run before it must not lie flat along the
        // bottom edge, as it did on a linear axis. On a log axis it lies at least a decade above the bottom.
        var plot = explorer.trainingView().charts().spectra().chart().getXYPlot();
        XYDataset data = plot.getDataset();
        assertTrue(data.getSeriesCount() > 0 && data.getItemCount(0) > 1, "ρ and σ_max points");
        ValueAxis y = plot.getRangeAxis();
        assertTrue(y instanceof LogAxis, "a log axis: " + y.getClass().getSimpleName());
        Rectangle2D area = new Rectangle2D.Double(0, 0, 100, 100);
        double firstRho = data.getYValue(0, 0);
        double fromBottom = 100 - y.valueToJava2D(firstRho, area, RectangleEdge.LEFT);
        double decade = 100 / Math.log10(y.getUpperBound() / y.getLowerBound());
        assertTrue(fromBottom >= decade, "ρ = " + firstRho + " drawn " + fromBottom + "% above the bottom of "
                + y.getRange() + ", less than a decade (" + decade + "%)");
        assertEquals(0, data.getXValue(0, 0), "ρ is charted from the initial weights on");
        // Measured a few times in a run this short: each measurement is dotted, the lines between are not data.
        var spectrumRenderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            var series = ((org.jfree.data.xy.XYSeriesCollection) data).getSeries(i);
            assertEquals(TrainingCharts.sampledSparsely(series), spectrumRenderer.getSeriesShapesVisible(i),
                    series.getKey() + ": " + series.getItemCount() + " points over " + series.getMaxX() + " iterations");
        }
        // The loss and the gradient norm climb by tens of decades before the watchdog stops the run: every finite
        // point lies inside its chart's range, none is drawn off the top.
        var charts = explorer.trainingView().charts();
        for (var box : List.of(charts.loss(), charts.gradientNorm())) {
            TrainingCharts.Extent e = box == charts.loss() ? charts.lossExtent() : charts.gradientExtent();
            double[] range = TrainingCharts.range(box, false);
            assertTrue(e.yHigh() > 1e6, box.chart().getTitle().getText() + " climbed: " + e);
            assertTrue(range[1] >= e.yHigh() && range[0] <= e.yLow(), box.chart().getTitle().getText() + ": data "
                    + e.yLow() + "…" + e.yHigh() + ", axis " + range[0] + "…" + range[1]);
        }
        // So do ρ, σ_max and the update ratios.
        for (var box : List.of(charts.spectra(), charts.updateRatios())) {
            XYDataset d = box.chart().getXYPlot().getDataset();
            double high = 0;
            for (int i = 0; i < d.getSeriesCount(); i++) {
                for (int j = 0; j < d.getItemCount(i); j++) {
                    double v = d.getYValue(i, j);
                    if (Double.isFinite(v) && v > high) high = v;
                }
            }
            double[] range = TrainingCharts.range(box, false);
            assertTrue(range[1] >= high, box.chart().getTitle().getText() + ": data up to " + high + ", axis "
                    + range[0] + "…" + range[1]);
        }
        // The loss at the step the watchdog stopped is a gap on the log axis; hovering it says what it was, as the
        // status line does ("inf"), not the gap's NaN.
        long stoppedStep = explorer.training().trainingProperty().get().iteration() + 1;
        String hover = charts.describeLoss(stoppedStep);
        assertTrue(hover.startsWith("iteration " + stoppedStep + ": loss inf (not drawn"), hover);
        // No update-ratio line stops without a word: a parameter whose last point is not drawn (its updates became 0
        // when its layer saturated) is named under the chart.
        XYDataset ratioData = charts.updateRatios().chart().getXYPlot().getDataset();
        for (int i = 0; i < ratioData.getSeriesCount(); i++) {
            int n = ratioData.getItemCount(i);
            String name = ratioData.getSeriesKey(i).toString();
            if (n > 0 && Double.isNaN(ratioData.getYValue(i, n - 1))) {
                assertTrue(charts.unchangedNote().contains(name), name + "'s line stops; the note: " + charts.unchangedNote());
            }
        }
        // Drawn so: the canvas kept a drawing made with an earlier y range, the loss leaving through its top.
        WaitForAsyncUtils.waitForFxEvents();
        for (var box : List.of(charts.loss(), charts.gradientNorm(), charts.spectra(), charts.updateRatios())) {
            String title = box.chart().getTitle().getText();
            assertEquals(box.chart().getXYPlot().getRangeAxis().getRange(), drawnWith.get(title), title + " as drawn");
        }
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.GRADIENT_FLOW));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.gradient().headerProperty().get()
                .contains("; the run stopped at step "));
    }

    @Test
    void pitfallsComeInOrderAndThePitfall3PresetOpensAtPitfall3(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.presets().apply(Preset.PITFALL_DETACH));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> PaneId.PITFALLS == explorer.window().selectedPaneProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Node root = explorer.pitfallsView().root();
        Label first = robot.from(root).lookup("#batchFirstTitle").queryAs(Label.class);
        Label second = robot.from(root).lookup("#vanishingTitle").queryAs(Label.class);
        Label third = robot.from(root).lookup("#detachTitle").queryAs(Label.class);
        assertTrue(first.getLayoutY() < second.getLayoutY() && second.getLayoutY() < third.getLayoutY(), "1, 2, 3");
        ScrollPane scroll = (ScrollPane) root;
        double top = scroll.localToScene(scroll.getLayoutBounds()).getMinY();
        double bottom = scroll.localToScene(scroll.getLayoutBounds()).getMaxY();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            double title = third.localToScene(third.getLayoutBounds()).getMinY();
            // Pitfall 3's title at the top of the pane, or as near as the last section can come: scrolled to the end.
            return title >= top - 1 && (title < top + 80 || scroll.getVvalue() >= 0.999 && title < bottom - 40);
        });
        assertTrue(scroll.getVvalue() > 0, "scrolled down from Pitfall 1");
        // Pitfall 1's preset, twice, with the user scrolling to the end between: it opens at Pitfall 1 each time.
        for (int i = 0; i < 2; i++) {
            robot.interact(() -> explorer.presets().apply(Preset.PITFALL_BATCH_FIRST));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                // The pane's top anew: the explanation strip above it has another preset's text.
                double paneTop = scroll.localToScene(scroll.getLayoutBounds()).getMinY();
                double title = first.localToScene(first.getLayoutBounds()).getMinY();
                return title >= paneTop - 1 && title < paneTop + 80;
            });
            robot.interact(() -> scroll.setVvalue(1));
        }
    }

    @Test
    void thePresetStripSaysWhenItsSettingsHaveChanged(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.presets().apply(Preset.TANH_VS_RELU));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500); // the weights and the first passes arrive after the preset: none of it is a change
        WaitForAsyncUtils.waitForFxEvents();
        Label stale = robot.lookup("#staleNote").queryAs(Label.class);
        assertTrue(!stale.isVisible(), "the preset's own settings");
        robot.interact(() -> explorer.training().stepsProperty().set("100"));
        assertTrue(stale.isVisible() && stale.getText().startsWith("The settings have changed"), stale.getText());
        robot.interact(() -> explorer.presets().pauseAll());
    }

    @Test
    void pitfall1sHeatmapRowsNameTheirSamples(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.PITFALLS));
        Node root = explorer.pitfallsView().root();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.from(root).lookup((Predicate<Node>) n -> n instanceof Heatmap)
                .queryAllAs(Heatmap.class).stream().allMatch(h -> !h.tickTexts(true).isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
        int batch = explorer.model().stateProperty().get().input().batch();
        for (Heatmap h : robot.from(root).lookup((Predicate<Node>) n -> n instanceof Heatmap).queryAllAs(Heatmap.class)) {
            // A row is a (sample, step) pair: a flat row index would mislead, so the labels name the samples.
            List<String> labels = h.tickTexts(true);
            assertEquals("n=0", labels.getFirst(), h.titleProperty().get());
            assertTrue(labels.stream().allMatch(t -> t.matches("n=\\d+") && Integer.parseInt(t.substring(2)) < batch),
                    h.titleProperty().get() + ": " + labels);
        }
    }

    /**
     * A bidirectional model: Pitfall 3 says it needs a unidirectional RNN in place of its slider and two empty charts,
     * and Pitfall 1 says what row 0 of its difference shows for two bidirectional layers.
     */
    @Test
    void aBidirectionalModelsPitfallsSayWhatTheyShowAndNoEmptyCharts(FxRobot robot) throws Exception {
        robot.interact(() -> {
            explorer.model().numLayersProperty().set("2");
            explorer.model().bidirectionalProperty().set(true);
            explorer.window().selectedPaneProperty().set(PaneId.PITFALLS);
        });
        Node root = explorer.pitfallsView().root();
        Label problem = robot.from(root).lookup("#detachProblem").queryAs(Label.class);
        Label batchFirst = robot.from(root).lookup("#batchFirstText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> problem.isVisible()
                && batchFirst.getText().contains("bidirectional=True"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(problem.getText().startsWith("Carrying h_n into the next chunk needs a unidirectional RNN"), problem.getText());
        for (String id : List.of("#detachCharts", "#detachControls")) {
            Node n = robot.from(root).lookup(id).query();
            assertFalse(n.isVisible() || n.isManaged(), id + " gives way to the problem");
        }
        assertTrue(batchFirst.getText().contains("Not even row 0 (sample 0, step 0) agrees"), batchFirst.getText());

        robot.interact(() -> explorer.model().bidirectionalProperty().set(false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !problem.isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.from(root).lookup("#detachCharts").query().isVisible(), "the study's charts are back");

        // An LSTM carries and detaches (h, c): the sentence, the legends and the memory chart's title say so.
        Label detachText = robot.from(root).lookup("#detachText").queryAs(Label.class);
        robot.interact(() -> explorer.model().cellModeProperty().set(CellMode.LSTM));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detachText.getText().contains("c.detach()"));
        WaitForAsyncUtils.waitForFxEvents();
        List<ChartBox> charts = robot.from(root).lookup((Predicate<Node>) n -> n instanceof ChartBox).queryAllAs(ChartBox.class)
                .stream().toList();
        assertEquals(2, charts.size());
        for (ChartBox chart : charts) {
            assertTrue(LegendEntries.of(chart.chart()).contains("with h.detach(), c.detach()"),
                    LegendEntries.of(chart.chart()).toString());
        }
        assertTrue(charts.stream().anyMatch(c -> c.chart().getTitle().getText().equals(
                "Hidden and cell states kept for backward")));
    }

    /** The labelled controls under root whose drawn text is not their whole text (cut with "…" or clipped). */
    static List<String> truncated(Node root) {
        List<String> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!n.isVisible()) continue;
            if (n instanceof javafx.scene.Parent p) todo.addAll(p.getChildrenUnmodifiable());
            if (!(n instanceof javafx.scene.control.Labeled l) || l.getText() == null || l.getText().isEmpty()) continue;
            if (l.getScene() == null || l.getWidth() <= 0) continue;
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof javafx.scene.text.Text t && !t.getText().equals(l.getText())) {
                    out.add("\"" + l.getText() + "\" drawn as \"" + t.getText() + "\"");
                }
            }
        }
        return out;
    }

    @Test
    void theShapesTableCutsNoTensorFormulaOrNote(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.MODEL));
        robot.interact(() -> explorer.model().bidirectionalProperty().set(true)); // long names: weight_ih_l1_reverse
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TableView<?> table = robot.lookup("#shapesTable").queryAs(javafx.scene.control.TableView.class);
        robot.interact(() -> table.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!table.lookupAll(".table-cell").isEmpty());
        List<String> cut = truncated(table);
        assertTrue(cut.isEmpty(), String.join("\n", cut));
        // Wrapped text must also fit its row's height: a row one line tall clips the second line of a long note.
        List<String> clipped = new java.util.ArrayList<>();
        robot.interact(() -> {
            for (Node n : table.lookupAll(".wrapping-cell")) {
                if (!(n instanceof javafx.scene.control.TableCell<?, ?> cell) || !cell.isVisible()
                        || !(cell.getGraphic() instanceof javafx.scene.control.Label label)) continue;
                double needed = label.prefHeight(label.getWidth());
                if (needed > cell.getHeight() - cell.snappedTopInset() - cell.snappedBottomInset() + 0.5) {
                    clipped.add("\"" + label.getText() + "\" needs " + needed + " px in a cell " + cell.getHeight() + " px tall");
                }
            }
        });
        assertTrue(clipped.isEmpty(), String.join("\n", clipped));
    }

    @Test
    void helpListsTheMenusShortcutsTheLivePanesKeysAndTheGlossaryAndF1OpensIt(FxRobot robot) throws Exception {
        String text = WaitForAsyncUtils.asyncFx(() -> HelpTexts.shortcuts(explorer.mainView().menuShortcuts()))
                .get(10, TimeUnit.SECONDS);
        // Each command beside the keys the platform shows for its accelerator in MainWindowView.fxml.
        for (String[] pair : new String[][] {{"Open weights…", "Shortcut+O"}, {"Export chart…", "Shortcut+E"},
                {"Export traces…", "Shortcut+Shift+T"}, {"Zoom in", "Shortcut+Equals"}, {"Zoom out", "Shortcut+Minus"},
                {"Actual size", "Shortcut+0"}, {"Quit", "Shortcut+Q"}, {"Keyboard shortcuts", "F1"}}) {
            String keys = javafx.scene.input.KeyCombination.valueOf(pair[1]).getDisplayText();
            assertTrue(text.contains(keys + "\t" + pair[0] + "\n"), pair[0] + " with " + keys + " in:\n" + text);
        }
        assertTrue(text.contains("Shift+← one BPTT step"), text);
        String glossary = HelpTexts.glossary();
        for (String term : List.of("ρ", "σ_max", "Jacobian factor", "Pascanu bound", "TBPTT", "Chance level")) {
            assertTrue(glossary.contains(term + " ") || glossary.contains(term + ":"), term);
        }
        robot.interact(() -> stage.requestFocus());
        robot.push(javafx.scene.input.KeyCode.F1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.listWindows().stream().anyMatch(
                w -> w instanceof Stage st && "Keyboard shortcuts".equals(st.getTitle()) && st.isShowing()));
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != stage && w instanceof Stage)
                .map(w -> (Stage) w).toList().forEach(Stage::close));
    }
}
