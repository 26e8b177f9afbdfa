package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Weights pane's Layer and Direction combos always show a valid selection: the one the pane's view-model holds,
 * among the choices the weights offer, as text. Regression test for the combos going blank when num_layers went from
 * 2 to 1 and when a sample was opened.
 */
@Tag("ui")
class WeightsCombosUiTest extends ExplorerWindowFixture {


    @Test
    void anEditsStatusLineDoesNotMoveTheCharts(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1366);
            stage.setHeight(768);
            explorer.state().selectedPaneProperty().set(PaneId.WEIGHTS);
        });
        awaitWeights(2, false);
        Node charts = robot.from(explorer.weightsView().root()).lookup(".split-pane").query();
        double before = charts.localToScene(0, 0).getY();
        robot.interact(() -> explorer.weights().orthogonal()); // its line is longer than a row has room for
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.weights().statusProperty().get().startsWith("Every W_hh replaced"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, charts.localToScene(0, 0).getY(), "the charts stay where they were");
        robot.interact(() -> explorer.weights().showLive(explorer.weights().parametersProperty().get().copy()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", explorer.weights().statusProperty().get());
        assertEquals(before, charts.localToScene(0, 0).getY(), "nor when training clears the line");
    }

    @SuppressWarnings("unchecked")
    private ComboBox<Integer> combo(FxRobot robot, String id) {
        return robot.from(explorer.weightsView().root()).lookup(id).queryAs(ComboBox.class);
    }

    /** The text the combo shows in its button (the skin's display cell). */
    private static String shown(FxRobot robot, ComboBox<Integer> box) {
        return ((ListCell<?>) ((ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode()).getText();
    }

    /** Both combos show the view-model's layer and direction, among the offered choices, as text. */
    private void assertValidSelection(FxRobot robot, int layers, int directions, String when) {
        WeightsViewModel vm = explorer.weights();
        ComboBox<Integer> layer = combo(robot, "#layerChoice"), direction = combo(robot, "#directionChoice");
        assertEquals(layers, layer.getItems().size(), when + ": layers offered");
        assertEquals(directions, direction.getItems().size(), when + ": directions offered");
        assertEquals(vm.layerProperty().get(), layer.getValue(), when + ": the layer shown is the pane's");
        assertEquals(vm.directionProperty().get(), direction.getValue(), when + ": the direction shown is the pane's");
        assertTrue(layer.getItems().contains(layer.getValue()), when + ": layer " + layer.getValue() + " is offered");
        assertTrue(direction.getItems().contains(direction.getValue()), when + ": direction is offered");
        assertEquals(Integer.toString(layer.getValue()), shown(robot, layer), when + ": the layer combo's text");
        assertEquals(direction.getValue() == 0 ? "forward" : "reverse", shown(robot, direction),
                when + ": the direction combo's text");
    }

    private void awaitWeights(int layers, boolean bidirectional) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            var p = explorer.weights().parametersProperty().get();
            return p != null && p.config().numLayers() == layers && p.config().bidirectional() == bidirectional;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void goingFromTwoLayersToOneKeepsAValidSelection(FxRobot robot) throws Exception {
        robot.interact(() -> {
            explorer.state().selectedPaneProperty().set(PaneId.WEIGHTS);
            explorer.model().numLayersProperty().set("2");
            explorer.model().bidirectionalProperty().set(true);
        });
        awaitWeights(2, true);
        robot.interact(() -> {
            combo(robot, "#layerChoice").setValue(1);
            combo(robot, "#directionChoice").setValue(1);
        });
        assertEquals(1, explorer.weights().layerProperty().get());
        assertValidSelection(robot, 2, 2, "layer 1, reverse");

        robot.interact(() -> explorer.model().numLayersProperty().set("1"));
        awaitWeights(1, true);
        assertEquals(0, explorer.weights().layerProperty().get(), "layer 1 is gone: the pane shows layer 0");
        assertValidSelection(robot, 1, 2, "after num_layers 2 → 1");

        robot.interact(() -> explorer.model().bidirectionalProperty().set(false));
        awaitWeights(1, false);
        assertValidSelection(robot, 1, 1, "after bidirectional off");
    }

    @Test
    void openingASampleKeepsAValidSelection(FxRobot robot) throws Exception {
        robot.interact(() -> {
            explorer.state().selectedPaneProperty().set(PaneId.WEIGHTS);
            explorer.model().numLayersProperty().set("2");
            explorer.model().bidirectionalProperty().set(true);
        });
        awaitWeights(2, true);
        robot.interact(() -> {
            combo(robot, "#layerChoice").setValue(1);
            combo(robot, "#directionChoice").setValue(1);
        });

        robot.interact(() -> explorer.open(Path.of("sample-data", "irnn-adding-t50.safetensors")));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> "irnn-adding-t50.safetensors".equals(explorer.weights().sourceProperty().get()));
        awaitWeights(1, false);
        assertEquals(List.of(0), explorer.weights().layers(), "the sample is one layer, one direction");
        assertValidSelection(robot, 1, 1, "after opening the IRNN sample");
    }
}
