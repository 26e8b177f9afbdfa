package org.rnnexplorer.ui;

import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.beans.property.IntegerProperty;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.state.PaneId;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hidden states and Gradient flow panes' Layer and Direction combos show, as text, the layer and direction their
 * pane draws, among the choices the model offers, through the edits that change those choices (num_layers up and
 * down, bidirectional off and on, a sample opened). The combos were seen blank after such edits.
 */
@Tag("ui")
class LiveCombosUiTest extends ExplorerWindowFixture {

    private record Pane(String name, PaneId id, Parent root, ObservableList<Integer> layers,
                        ObservableList<Integer> directions, IntegerProperty layer, IntegerProperty direction) {
    }

    private List<Pane> panes() {
        return List.of(
                new Pane("Hidden states", PaneId.HIDDEN_STATES, explorer.hiddenView().root(), explorer.hidden().layers(),
                        explorer.hidden().directions(), explorer.hidden().layerProperty(), explorer.hidden().directionProperty()),
                new Pane("Gradient flow", PaneId.GRADIENT_FLOW, explorer.gradientView().root(), explorer.gradient().layers(),
                        explorer.gradient().directions(), explorer.gradient().layerProperty(),
                        explorer.gradient().directionProperty()));
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<Integer> combo(FxRobot robot, Parent root, String id) {
        return robot.from(root).lookup(id).queryAs(ComboBox.class);
    }

    private static String shown(ComboBox<Integer> box) {
        return ((ListCell<?>) ((ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode()).getText();
    }

    private void awaitChoices(int layers, int directions) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> panes().stream()
                .allMatch(p -> p.layers().size() == layers && p.directions().size() == directions));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void assertShown(FxRobot robot, int layers, int directions, String when) {
        for (Pane p : panes()) {
            String what = p.name() + ", " + when;
            ComboBox<Integer> layer = combo(robot, p.root(), "#layerChoice");
            ComboBox<Integer> direction = combo(robot, p.root(), "#directionChoice");
            assertEquals(layers, layer.getItems().size(), what + ": layers offered");
            assertEquals(directions, direction.getItems().size(), what + ": directions offered");
            assertEquals(p.layer().get(), layer.getValue(), what + ": the layer shown is the one drawn");
            assertEquals(p.direction().get(), direction.getValue(), what + ": the direction shown is the one drawn");
            assertTrue(layer.getItems().contains(layer.getValue()), what + ": layer " + layer.getValue() + " is offered");
            assertEquals(Integer.toString(layer.getValue()), shown(layer), what + ": the layer combo's text");
            assertEquals(direction.getValue() == 0 ? "forward" : "reverse", shown(direction),
                    what + ": the direction combo's text");
        }
    }

    private void select(FxRobot robot, int layer, int direction) {
        robot.interact(() -> {
            for (Pane p : panes()) {
                combo(robot, p.root(), "#layerChoice").setValue(layer);
                combo(robot, p.root(), "#directionChoice").setValue(direction);
            }
        });
    }

    @Test
    void theCombosShowTheDrawnLayerThroughEditsOfTheModel(FxRobot robot) throws Exception {
        for (Pane p : panes()) {
            robot.interact(() -> explorer.state().selectedPaneProperty().set(p.id())); // each pane's skin is made
        }
        robot.interact(() -> {
            explorer.model().numLayersProperty().set("3");
            explorer.model().bidirectionalProperty().set(true);
        });
        awaitChoices(3, 2);
        select(robot, 1, 1);
        assertShown(robot, 3, 2, "layer 1 reverse of 3");

        robot.interact(() -> explorer.model().numLayersProperty().set("2"));
        awaitChoices(2, 2);
        assertShown(robot, 2, 2, "num_layers 3 → 2 with layer 1 kept");

        select(robot, 1, 1);
        robot.interact(() -> explorer.model().numLayersProperty().set("1"));
        awaitChoices(1, 2);
        assertShown(robot, 1, 2, "num_layers 2 → 1");

        robot.interact(() -> explorer.model().numLayersProperty().set("4"));
        awaitChoices(4, 2);
        assertShown(robot, 4, 2, "num_layers 1 → 4");
        select(robot, 3, 1);

        robot.interact(() -> explorer.model().bidirectionalProperty().set(false));
        awaitChoices(4, 1);
        assertShown(robot, 4, 1, "bidirectional off");

        // Typing a number digit by digit passes through other valid sizes (1, then 12).
        robot.interact(() -> explorer.model().numLayersProperty().set("1"));
        robot.interact(() -> explorer.model().numLayersProperty().set("12"));
        robot.interact(() -> explorer.model().numLayersProperty().set("2"));
        awaitChoices(2, 1);
        assertShown(robot, 2, 1, "num_layers typed 1, 12, 2");

        robot.interact(() -> explorer.open(Path.of("sample-data", "irnn-adding-t50.safetensors")));
        awaitChoices(1, 1);
        assertShown(robot, 1, 1, "after opening the IRNN sample");
    }
}
