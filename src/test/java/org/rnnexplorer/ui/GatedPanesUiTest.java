package org.rnnexplorer.ui;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.gradient.GradientFrame;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hidden states and Gradient flow panes on an LSTM and a GRU, driven through the window headless under Monocle.
 * The explorer state's form is set to a gated configuration directly (the form's cell-type chooser is another pane's).
 */
@Tag("ui")
class GatedPanesUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    /** Sets the state's model to the form's with another cell and waits for its first traced pass. */
    static TraceSnapshot explore(FxRobot robot, ExplorerWindow explorer, CellMode mode) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> explorer.state().formProperty().get() != null);
        robot.interact(() -> {
            ModelState form = explorer.state().formProperty().get();
            RnnConfig gated = form.config().withMode(mode).withBidirectional(true);
            explorer.state().editForm(new ModelState(gated, form.input(), form.layout()));
        });
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != null
                && explorer.live().snapshot().trace().config().mode() == mode);
        return explorer.live().snapshot().trace();
    }

    @Test
    void anLstmsGatesAreDrawnOnFixedScalesWithTheSaturationScatterBeside(FxRobot robot) throws Exception {
        TraceSnapshot trace = explore(robot, explorer, CellMode.LSTM);
        robot.interact(() -> explorer.mainView().tabs().getSelectionModel().select(2));
        Heatmap heatmap = explorer.hiddenView().heatmap();
        @SuppressWarnings("unchecked")
        ComboBox<String> chooser = robot.lookup("#quantityChoice").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> chooser.getItems().size() == 6 && chooser.isVisible());
        for (String[] q : new String[][] {{"f", "0", "1"}, {"g", "-1", "1"}, {"o", "0", "1"}}) {
            robot.interact(() -> chooser.setValue(q[0]));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.hidden().frameProperty().get() != null
                    && explorer.hidden().frameProperty().get().quantity().equals(q[0])
                    && heatmap.getData() == explorer.hidden().frameProperty().get().states());
            robot.interact(FrameScheduler::flush);
            ColorScale scale = heatmap.getScale();
            assertEquals(Double.parseDouble(q[1]), scale.low(), q[0] + "'s scale");
            assertEquals(Double.parseDouble(q[2]), scale.high(), q[0] + "'s scale");
            assertTrue(heatmap.titleProperty().get().startsWith(q[0] + "_t of l0"), heatmap.titleProperty().get());
        }
        TimeSeriesChart scatter = explorer.hiddenView().scatterChart();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> scatter.shownLines().size() == 3);
        int hidden = trace.config().hiddenSize();
        for (TimeSeriesChart.SeriesLine line : scatter.shownLines()) {
            assertEquals(TimeSeriesChart.Style.POINTS, line.style());
            assertEquals(hidden, line.x().length, "one dot per unit");
        }
        Label line = robot.lookup(".explanation").match(n -> n instanceof Label l && l.getText().startsWith("Each dot"))
                .queryAs(Label.class);
        assertEquals(explorer.hidden().saturationTextProperty().get(), line.getText());
    }

    @Test
    void theGradientFlowOfAnLstmChartsTheTracesCellGradientNormsAndSaysWhyThereIsNoBound(FxRobot robot) throws Exception {
        TraceSnapshot first = explore(robot, explorer, CellMode.LSTM);
        robot.interact(() -> explorer.mainView().tabs().getSelectionModel().select(3));
        TimeSeriesChart chart = explorer.gradientView().normChart();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.gradient().frameProperty().get() != null
                && explorer.gradient().frameProperty().get().trace() == explorer.live().snapshot().trace()
                && chart.shownLines().size() >= 2 * first.directions().size());
        TraceSnapshot trace = explorer.gradient().frameProperty().get().trace();
        for (DirectionTrace d : trace.directions()) {
            TimeSeriesChart.SeriesLine c = chart.shownLine(GradientFrame.cellNormKey(d));
            double[] want = d.gated().gradCellNorm();
            for (int t = 0; t < want.length; t++) {
                assertEquals(want[t], c.y()[t], 1e-6 * want[t], d.label() + " ‖∂L/∂c_t‖ at t " + t);
            }
        }
        assertTrue(chart.shownLines().stream().noneMatch(l -> l.key().startsWith("bound")), "no Pascanu bound for an LSTM");
        String why = explorer.gradient().boundTextProperty().get();
        assertTrue(robot.lookup(".explanation").match(n -> n instanceof Label l && l.getText().equals(why)).tryQuery().isPresent(),
                "the pane shows: " + why);
        assertTrue(why.contains("is not drawn"), why);
        assertNull(explorer.gradient().frameProperty().get().bound());
    }

    @Test
    void aGrusUpdateGateIsOnTheUnitScaleAndItsNewGateOnTheSymmetricOne(FxRobot robot) throws Exception {
        explore(robot, explorer, CellMode.GRU);
        robot.interact(() -> explorer.mainView().tabs().getSelectionModel().select(2));
        Heatmap heatmap = explorer.hiddenView().heatmap();
        for (String[] q : new String[][] {{"z", "0"}, {"n", "-1"}}) {
            robot.interact(() -> explorer.hidden().quantityProperty().set(q[0]));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.hidden().frameProperty().get() != null
                    && explorer.hidden().frameProperty().get().quantity().equals(q[0])
                    && heatmap.getData() == explorer.hidden().frameProperty().get().states());
            robot.interact(FrameScheduler::flush);
            assertEquals(Double.parseDouble(q[1]), heatmap.getScale().low());
            assertEquals(1.0, heatmap.getScale().high());
        }
    }
}
