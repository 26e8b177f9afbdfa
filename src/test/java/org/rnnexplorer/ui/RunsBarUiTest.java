package org.rnnexplorer.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.state.PaneId;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Training now: … / Pause all" appears while something trains without moving the panes: it sits in the status bar.
 * As a bar of its own above the tabs it pushed every pane down 26 px when a run started, and back up when it ended.
 */
@Tag("ui")
class RunsBarUiTest extends ExplorerWindowFixture {

    @Test
    void startingARunShowsItInTheStatusBarWithoutMovingThePanes(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.TRAINING));
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        Bounds before = tabs.localToScene(tabs.getLayoutBounds());
        robot.interact(() -> explorer.training().run());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !explorer.presets().liveRunsProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Label runsText = robot.lookup("#runsText").queryAs(Label.class);
        assertTrue(runsText.isVisible() && runsText.getText().startsWith("● Training now"), runsText.getText());
        Node statusBar = robot.lookup("#statusBar").query();
        assertTrue(isInside(runsText, statusBar), "the runs line is in the status bar");
        Bounds during = tabs.localToScene(tabs.getLayoutBounds());
        assertEquals(before.getMinY(), during.getMinY(), 0.5, "the panes did not move down");
        assertEquals(before.getHeight(), during.getHeight(), 0.5, "nor shrink");
        robot.interact(() -> explorer.training().pause());
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) if (n == ancestor) return true;
        return false;
    }
}
