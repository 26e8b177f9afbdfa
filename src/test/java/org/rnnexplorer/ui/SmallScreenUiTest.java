package org.rnnexplorer.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window at 1024 × 700 (a small laptop, an old projector): the panes' toolbars cut no label to "…". */
@Tag("ui")
class SmallScreenUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void atTenTwentyFourBySevenHundredNoToolbarLabelIsCut(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        List<String> cut = new ArrayList<>();
        List<Object[]> panes = List.of(
                new Object[] {PaneId.GRADIENT_FLOW, (Supplier<Parent>) () -> explorer.gradientView().root()},
                new Object[] {PaneId.HIDDEN_STATES, (Supplier<Parent>) () -> explorer.hiddenView().root()},
                new Object[] {PaneId.TRAINING, (Supplier<Parent>) () -> explorer.trainingView().root()});
        for (Object[] p : panes) {
            robot.interact(() -> explorer.window().selectedPaneProperty().set((PaneId) p[0]));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> stage.getScene().getRoot().layout());
            WaitForAsyncUtils.waitForFxEvents();
            @SuppressWarnings("unchecked")
            Parent root = ((Supplier<Parent>) p[1]).get();
            robot.interact(() -> ClassroomUiTest.truncated(root).forEach(c -> cut.add(p[0] + ": " + c)));
        }
        assertTrue(cut.isEmpty(), String.join("\n", cut));
    }

    /**
     * In every pane's settings each label stays on the line of the field it names, however the settings wrap: at 1350
     * wide the Training pane's "clip_value" ended one line and its field began the next.
     */
    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({"1350, 720", "1024, 700", "1180, 700"})
    void settingsWrapWithEveryLabelBesideItsField(int width, int height, FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        List<String> apart = new ArrayList<>();
        int[] pairs = {0};
        for (PaneId pane : PaneId.values()) {
            robot.interact(() -> explorer.window().selectedPaneProperty().set(pane));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> stage.getScene().getRoot().layout());
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                for (Node n : stage.getScene().getRoot().lookupAll(".label")) {
                    if (!(n instanceof Label label) || !shown(label) || !(label.getParent() instanceof Pane parent)) continue;
                    List<Node> siblings = parent.getChildren();
                    int at = siblings.indexOf(label);
                    if (at + 1 >= siblings.size()) continue;
                    Node field = siblings.get(at + 1);
                    if (!(field instanceof TextField || field instanceof ComboBox<?>) || !shown(field)) continue;
                    pairs[0]++;
                    Bounds l = label.localToScene(label.getLayoutBounds());
                    Bounds f = field.localToScene(field.getLayoutBounds());
                    if (Math.abs(l.getCenterY() - f.getCenterY()) > 3 || f.getMinX() < l.getMaxX()) {
                        apart.add(pane + ": \"" + label.getText() + "\" at " + l + ", its field at " + f);
                    }
                }
            });
        }
        assertTrue(pairs[0] >= 30, "the settings' label-field pairs were found: " + pairs[0]);
        assertTrue(apart.isEmpty(), String.join("\n", apart));
    }

    /** Visible, and so is every node above it. */
    private static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) if (!at.isVisible()) return false;
        return true;
    }
}
