package org.rnnexplorer.ui;

import javafx.application.Platform;
import javafx.scene.control.Labeled;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's close box with edited weights in no file: a dialog asks, Cancel keeps the window (the close request
 * is consumed), Close without saving lets it close; with nothing unsaved it closes without asking.
 */
@Tag("ui")
class UnsavedWorkUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    /** The work a killed window kept: an orthogonal W_hh under hidden_size 6, with no lock file beside it. */
    private Workspace kept;

    @Override
    void preparePreferences(Path directory) throws Exception {
        kept = UnsavedWorkFixtures.otherWindowsWork(6, 9);
        Path recovery = Files.createDirectories(directory.resolve("recovery"));
        WorkspaceFile.write(recovery.resolve(RecoveryStore.PREFIX + "20261206-101500-0badcafe" + WorkspaceFile.EXTENSION),
                kept);
    }

    @Test
    void aKilledWindowsWorkIsOfferedAtStartAndRestoredUnsaved(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#recoveryBar").query().isVisible());
        Labeled text = robot.lookup("#recoveryText").queryLabeled();
        assertTrue(text.getText().startsWith("RNN Explorer ended without closing. It had kept its unsaved weights"), text.getText());
        robot.clickOn("#restoreUnsavedButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.weights().unsavedProperty().get() == Unsaved.RECOVERED);
        assertArrayEquals(kept.weights().weightHh(0, 0), explorer.weights().parametersProperty().get().weightHh(0, 0));
        assertFalse(robot.lookup("#recoveryBar").query().isVisible(), "the offer is answered");
        assertEquals(kept.model().hiddenSize(), explorer.state().formProperty().get().config().hiddenSize());
    }

    @Test
    void theCloseBoxAsksWhileEditedWeightsAreUnsaved(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.weights().parametersProperty().get() != null);
        assertFalse(closeRequestConsumed(robot, null), "nothing to lose: no question");

        assertEquals("RNN Explorer", stage.getTitle());
        robot.interact(() -> explorer.weights().orthogonal());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.weights().unsavedProperty().get() == Unsaved.EDITED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("RNN Explorer — edited weights not saved", stage.getTitle());

        assertTrue(closeRequestConsumed(robot, ButtonType.CANCEL), "Cancel keeps the window open");
        assertTrue(stage.isShowing());
        assertFalse(closeRequestConsumed(robot, ButtonType.NO), "Close without saving lets it close");
    }

    /**
     * Sends the window a close request as its close box does, answers the dialog (if one is expected) with the button
     * of {@code answer}'s kind, and says whether the request was consumed (the window stays).
     */
    private boolean closeRequestConsumed(FxRobot robot, ButtonType answer) throws Exception {
        WindowEvent request = new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST);
        AtomicReference<Boolean> consumed = new AtomicReference<>();
        // runLater, not interact: the dialog's nested event loop runs until it is answered below.
        Platform.runLater(() -> {
            stage.getOnCloseRequest().handle(request);
            consumed.set(request.isConsumed());
        });
        if (answer == null) {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> consumed.get() != null);
            assertNull(dialog(robot), "no dialog");
            return consumed.get();
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot) != null);
        DialogPane pane = dialog(robot);
        assertEquals("Save the edited weights before closing?", pane.getHeaderText());
        assertTrue(pane.getContentText().contains("were edited in the Weights pane since they were loaded"),
                pane.getContentText());
        answer(robot, pane, answer);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> consumed.get() != null);
        return consumed.get();
    }

    /** Presses the dialog's button of {@code answer}'s kind (Cancel, or the one with its button data). */
    private static void answer(FxRobot robot, DialogPane pane, ButtonType answer) {
        robot.interact(() -> {
            ButtonType chosen = pane.getButtonTypes().stream()
                    .filter(t -> answer == ButtonType.CANCEL ? t == ButtonType.CANCEL
                            : t.getButtonData() == answer.getButtonData())
                    .findFirst().orElseThrow();
            ((Button) pane.lookupButton(chosen)).fire();
        });
    }

    @Test
    void editedWeightsAFormChangeReplacedAreOfferedInABarAndComeBack(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.weights().parametersProperty().get() != null);
        robot.interact(() -> explorer.weights().orthogonal());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.weights().unsavedProperty().get() == Unsaved.EDITED);
        RnnParameters edited = explorer.weights().parametersProperty().get();
        assertFalse(robot.lookup("#displacedBar").query().isVisible());

        TextField hidden = robot.lookup("#hiddenSize").queryAs(TextField.class);
        robot.interact(() -> hidden.setText("7"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#displacedBar").query().isVisible());
        assertEquals("A change in the form re-shaped the model and replaced the edited weights of "
                + edited.config().torchRepr() + ", which no file holds.",
                robot.lookup("#displacedText").queryLabeled().getText());
        assertEquals(Unsaved.NONE, explorer.weights().unsavedProperty().get());

        robot.clickOn("#bringBackButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.weights().parametersProperty().get() == edited);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Integer.toString(edited.config().hiddenSize()), hidden.getText(), "the form takes their model");
        assertEquals(Unsaved.EDITED, explorer.weights().unsavedProperty().get());
        assertFalse(robot.lookup("#displacedBar").query().isVisible(), "the offer is answered");
    }

    @Test
    void aPresetOverEditedWeightsAsksFirstAndCancelKeepsThem(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.weights().parametersProperty().get() != null);
        robot.interact(() -> explorer.weights().orthogonal());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.weights().unsavedProperty().get() == Unsaved.EDITED);
        RnnParameters edited = explorer.weights().parametersProperty().get();
        robot.interact(() -> explorer.window().selectedPaneProperty().set(PaneId.EXPERIMENTS));

        robot.clickOn("#preset-ARTICLE_EXAMPLE");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot) != null);
        DialogPane pane = dialog(robot);
        assertEquals("Save the edited weights before loading the preset “The article's example”?", pane.getHeaderText());
        assertTrue(pane.getContentText().contains("loading the preset “The article's example” replaces them."),
                pane.getContentText());
        answer(robot, pane, ButtonType.CANCEL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot) == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(edited, explorer.weights().parametersProperty().get(), "Cancel keeps the edited weights");
        assertEquals(PaneId.EXPERIMENTS, explorer.window().selectedPaneProperty().get(), "and loads nothing");

        robot.clickOn("#preset-ARTICLE_EXAMPLE");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot) != null);
        answer(robot, dialog(robot), ButtonType.NO); // Don't save
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> explorer.window().selectedPaneProperty().get() == PaneId.MODEL);
        assertEquals(Unsaved.NONE, explorer.weights().unsavedProperty().get());
    }

    private static DialogPane dialog(FxRobot robot) {
        for (Window w : robot.listWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p
                    && "unsavedWorkDialog".equals(p.getId())) {
                return p;
            }
        }
        return null;
    }
}
