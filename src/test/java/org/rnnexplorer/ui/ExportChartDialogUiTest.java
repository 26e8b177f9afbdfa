package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File ▸ Export chart… on a pane with several charts asks which one by title and leaves the pane as it was. */
@Tag("ui")
class ExportChartDialogUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void theWhichChartDialogListsTitlesAndTheGradientPaneKeepsItsCharts(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != null);
        robot.clickOn(PaneId.GRADIENT_FLOW.title());
        WaitForAsyncUtils.waitForFxEvents();
        List<ExportableChart> charts = explorer.mainView().currentCharts();
        assertTrue(charts.size() > 1, "the Gradient flow pane has several charts");
        List<javafx.scene.Scene> scenesBefore = charts.stream().map(c -> ((Node) c).getScene()).toList();
        for (javafx.scene.Scene s : scenesBefore) assertSame(stage.getScene(), s);

        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.listWindows().size() > 1);
        Window dialog = robot.listWindows().stream().filter(w -> w != stage).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        ComboBox<Object> combo = robot.from(dialog.getScene().getRoot()).lookup(".combo-box").queryAs(ComboBox.class);
        assertEquals(charts.size(), combo.getItems().size());
        for (int i = 0; i < charts.size(); i++) {
            assertTrue(combo.getItems().get(i) instanceof String, "a title, not the chart: " + combo.getItems().get(i));
            assertTrue(((String) combo.getItems().get(i)).startsWith(charts.get(i).exportName()));
        }
        robot.interact(() -> combo.show()); // a popup listing nodes would take them out of the pane
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> combo.hide());
        robot.interact(dialog::hide);
        WaitForAsyncUtils.waitForFxEvents();
        for (ExportableChart c : charts) {
            assertSame(stage.getScene(), ((Node) c).getScene(), c.exportName() + " is still in the window");
        }
    }

    @Test
    void onlyTheChartsOnScreenAreOffered(FxRobot robot) throws Exception {
        robot.clickOn(PaneId.WEIGHTS.title());
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> names(explorer.mainView().currentCharts()).stream()
                .anyMatch(n -> n.startsWith("bias_ih")));
        assertTrue(names(explorer.mainView().currentCharts()).stream().noneMatch(n -> n.startsWith("weight_hr")),
                "an RNN has no W_hr: " + names(explorer.mainView().currentCharts()));

        robot.interact(() -> explorer.model().biasProperty().set(false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> names(explorer.mainView().currentCharts()).stream()
                .noneMatch(n -> n.startsWith("bias_")));
        for (ExportableChart c : explorer.mainView().currentCharts()) {
            assertTrue(((Node) c).isVisible(), c.exportName() + " is offered and shown");
        }
        assertTrue(names(explorer.mainView().currentCharts()).stream().anyMatch(n -> n.startsWith("weight_hh")));

        robot.clickOn(PaneId.HIDDEN_STATES.title());
        WaitForAsyncUtils.waitForFxEvents();
        List<ExportableChart> hidden = explorer.mainView().currentCharts();
        assertTrue(!hidden.contains(explorer.hiddenView().scatterChart()) && !hidden.contains(explorer.hiddenView().textStrip()),
                "an RNN's pass off the text task has no gate scatter and no text: " + names(hidden));
    }

    private static List<String> names(List<ExportableChart> charts) {
        return charts.stream().map(ExportableChart::exportName).toList();
    }
}
