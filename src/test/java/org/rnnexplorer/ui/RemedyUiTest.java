package org.rnnexplorer.ui;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.chart.LegendEntries;
import org.rnnexplorer.ui.compare.ThreeWayCharts;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.state.PaneId;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The article's remedy in the window: three runs, three labelled curves on each of the two shared charts. */
@Tag("ui")
class RemedyUiTest extends ExplorerWindowFixture {


    @Test
    void theRemedyPresetShowsThreeLabelledCurvesOnTheLossAndGradientCharts(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.EXPERIMENTS));
        robot.clickOn("#preset-REMEDY");
        List<String> expected = List.of("A: tanh, PyTorch default init", "B: LSTM, PyTorch default init",
                "C: GRU, PyTorch default init");
        ThreeWayCharts charts = explorer.compareView().chartsAll();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.asyncFx(FrameScheduler::flush).get();
            return charts.drawnCurves().size() == 6;
        });
        assertEquals("A/B runs", explorer.mainView().tabs().getSelectionModel().getSelectedItem().getText());
        List<String> twice = new java.util.ArrayList<>(expected);
        twice.addAll(expected);
        assertEquals(twice, charts.drawnCurves(), "loss and ‖∂L/∂h_t‖ of A, B and C, each named");
        // The chance level is named in the legend, not by a label over tanh's curve that lies on it.
        assertEquals("chance level 0.1667", LegendEntries.of(charts.loss().chart()).getLast());
        for (var m : LegendEntries.rangeMarkers(charts.loss().chart())) assertNull(m.getLabel());
        assertTrue(charts.loss().isVisible() && charts.loss().getParent().getParent().isVisible(),
                "the three-way charts are shown");
        assertTrue(charts.gradientPerStep().chart().getXYPlot().getRangeAxis() instanceof org.jfree.chart.axis.LogAxis,
                "‖∂L/∂h_t‖ on a log axis");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> explorer.presets().liveRunsProperty().get().equals("● Training now: A, B, C"));
        robot.clickOn("#abPauseButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> explorer.compare().third().statusProperty().get().startsWith("paused"));
    }
}
