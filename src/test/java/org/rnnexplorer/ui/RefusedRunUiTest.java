package org.rnnexplorer.ui;

import javafx.css.PseudoClass;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings the engine cannot run: the Training pane says why under its buttons and outlines the control at fault. */
@Tag("ui")
class RefusedRunUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    /**
     * A T no Java array can hold is refused as it is typed, under the buttons and at the T field, with Run disabled:
     * before, the field parsed, Run gave the engine a spec it refused, and the run on the charts was gone.
     */
    @Test
    void aSequenceTooLongForTheEngineIsRefusedAsItIsTyped(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.TRAINING));
        WaitForAsyncUtils.waitForFxEvents();
        Parent pane = explorer.trainingView().root();
        TextField steps = robot.from(pane).lookup("#steps").queryAs(TextField.class);
        Button run = robot.from(pane).lookup("#runButton").queryButton();
        Label problem = robot.from(pane).lookup("#problem").queryAs(Label.class);
        Label status = robot.from(pane).lookup("#status").queryAs(Label.class);
        String before = status.getText();
        robot.interact(() -> steps.setText("100000000"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(problem.isVisible() && problem.getText().startsWith("sequence length 100000000: "), problem.getText());
        assertTrue(problem.getText().contains("a Java array holds at most"), problem.getText());
        assertFalse(problem.getText().contains("\n"));
        assertTrue(steps.getPseudoClassStates().contains(PseudoClass.getPseudoClass("error")), "the T field is outlined");
        assertTrue(run.isDisabled(), "settings that cannot run do not start");
        assertFalse(status.getText().startsWith("Starting"), status.getText());
        assertTrue(status.getText().equals(before), "nothing was started or dropped: " + status.getText());
        robot.interact(() -> steps.setText("50"));
        assertFalse(problem.isVisible(), "a changed setting clears the refusal");
        assertFalse(run.isDisabled());
    }

    @Test
    void theControlAProblemNamesIsOutlined(FxRobot robot) {
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.TRAINING));
        WaitForAsyncUtils.waitForFxEvents();
        Parent pane = explorer.trainingView().root();
        PseudoClass error = PseudoClass.getPseudoClass("error");
        TextField lr = robot.from(pane).lookup("#lr").queryAs(TextField.class);
        TextField beta1 = robot.from(pane).lookup("#beta1").queryAs(TextField.class);
        TextField beta2 = robot.from(pane).lookup("#beta2").queryAs(TextField.class);
        Label problem = robot.from(pane).lookup("#problem").queryAs(Label.class);
        robot.interact(() -> lr.setText("fast"));
        assertTrue(problem.getText().startsWith("lr: "), problem.getText());
        assertTrue(lr.getPseudoClassStates().contains(error), "the lr field is outlined");
        robot.interact(() -> lr.setText("0.01"));
        assertFalse(lr.getPseudoClassStates().contains(error), "and no longer once it parses");
        robot.interact(() -> {
            explorer.training().optimizerProperty().set("adam");
            beta1.setText("-");
        });
        assertTrue(problem.getText().startsWith("betas: "), problem.getText());
        assertTrue(beta1.getPseudoClassStates().contains(error) && beta2.getPseudoClassStates().contains(error),
                "both betas are outlined: the message names the pair");
        assertFalse(lr.getPseudoClassStates().contains(error));
    }
}
