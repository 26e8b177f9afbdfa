package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.data.DataViewModel;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Data pane with a PyTorch user's files: the sample IRNN's weights (a state_dict: no batch_first), an input and
 * the output PyTorch gave for it with the module built batch_first=True (make_ui_data_fixtures.py). What the pane
 * says about the form and the match is checked against the form and the numbers beside it.
 */
@Tag("ui")
class DataPaneUiTest extends ExplorerWindowFixture {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/ui");

    @Test
    void anOutputOfABatchFirstModuleIsNamedAndOneClickMakesItOurs(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.weights().open(Path.of("sample-data/irnn-adding-t50.safetensors")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "irnn-adding-t50.safetensors".equals(
                explorer.weights().sourceProperty().get()));
        CheckBox batchFirst = robot.lookup("#batchFirst").queryAs(CheckBox.class);
        CheckBox h0 = robot.lookup("#h0").queryAs(CheckBox.class);
        robot.interact(() -> {
            batchFirst.setSelected(false);
            h0.setSelected(true); // the form's seeded h_0, which no one's rnn(x) had
        });
        robot.clickOn("Data");
        DataViewModel data = explorer.data();
        robot.interact(() -> data.importInput(FIXTURES.resolve("data_input_bf.npy")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> data.inputProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TextField seqLen = robot.lookup("#seqLen").queryAs(TextField.class);
        TextField batch = robot.lookup("#batch").queryAs(TextField.class);
        Label note = robot.lookup("#note").queryAs(Label.class);
        // (3, 5, 2) time-first: L = 3, N = 5, and the form says so.
        assertEquals("3", seqLen.getText());
        assertEquals("5", batch.getText());
        assertTrue(note.isVisible());
        assertEquals("Model & shapes now has seq_len 3, batch 5 and h_0 = 0, as rnn(x) has (pass h_0 unticked) (read "
                + "as (L, N, H_in), batch_first=False).", note.getText());
        assertFalse(h0.isSelected(), "every pane runs rnn(x), as PyTorch did");

        robot.interact(() -> data.importReference(FIXTURES.resolve("data_output_bf.npy")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> data.comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        DataViewModel.Comparison c = data.comparisonProperty().get();
        assertFalse(c.matches(), "time-first is not how PyTorch ran it: " + c.relativeError());
        Label metrics = robot.lookup("#metrics").queryAs(Label.class);
        assertTrue(metrics.getText().contains(String.format(Locale.ROOT, "relative error = %.3g", c.relativeError())),
                metrics.getText());
        Label matching = robot.lookup("#matchingText").queryAs(Label.class);
        Button use = robot.lookup("#useMatchingButton").queryAs(Button.class);
        Node matchingRow = robot.lookup("#matchingRow").query();
        assertTrue(matchingRow.isVisible() && use.isVisible());
        assertEquals(String.format(Locale.ROOT, "PyTorch's output is ours under batch_first=True (relative "
                + "error %.2g): a state_dict does not record it.", c.matching().relativeError()), matching.getText());
        assertTrue(c.matching().relativeError() < 1e-5, "" + c.matching().relativeError());
        // The button reads as PyTorch spells the argument: its underscore is not taken for a mnemonic.
        assertEquals("Use batch_first=True", shownText(use));

        robot.clickOn(use);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> data.comparisonProperty().get() != null
                && data.comparisonProperty().get().matches());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(batchFirst.isSelected());
        assertEquals("5", seqLen.getText());
        assertEquals("3", batch.getText());
        assertFalse(matchingRow.isVisible(), "ours is PyTorch's: nothing to offer");
        assertEquals("Model & shapes now has batch_first=True, seq_len 5 and batch 3, under which PyTorch's output is "
                + "ours (read as (N, L, H_in), batch_first=True).", note.getText());
        assertTrue(metrics.getText().contains(String.format(Locale.ROOT, "relative error = %.3g",
                data.comparisonProperty().get().relativeError())), metrics.getText());
        assertEquals("", robot.lookup("#message").queryAs(Label.class).getText());
    }

    /** What the button draws: its skin's text node (a mnemonic's underscore is not drawn). */
    private static String shownText(Button button) {
        for (Node n : button.lookupAll(".text")) if (n instanceof Text t) return t.getText();
        throw new AssertionError("no text drawn in " + button);
    }
}
