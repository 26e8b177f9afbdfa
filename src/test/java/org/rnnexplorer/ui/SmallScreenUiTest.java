package org.rnnexplorer.ui;

import javafx.scene.Parent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
}
