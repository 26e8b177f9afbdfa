package org.rnnexplorer.ui.fx;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capped explanation (the lesson strip's) shows exactly its first three lines as the label draws them: no pixel row
 * less (its cap was measured as a plain Text measures lines, 14.43 px where the label draws 15, and the last line's
 * underscores were cut: "W_hh" read "W hh"), none of the fourth line; at every presentation zoom.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CappedTextUiTest {

    private CappedText capped;
    /** The same style's label holding exactly three lines: the height the cap must have. */
    private Label threeLines;

    @Start
    void start(Stage stage) {
        capped = new CappedText();
        capped.getStyleClass().add("lesson-scroll");
        capped.label().getStyleClass().add("lesson-text");
        capped.label().setText("the tanh RNN's ‖∂L/∂h_t‖ is multiplied at each step by W_hhᵀ·diag(tanh′); ".repeat(30));
        threeLines = new Label("W_hh\nW_hh\nW_hh");
        threeLines.getStyleClass().add("lesson-text");
        Scene scene = new Scene(new VBox(capped, threeLines), 1000, 600);
        scene.getStylesheets().add(getClass().getResource("/org/rnnexplorer/ui/explorer.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theCapIsThreeOfTheLabelsOwnLinesAtEveryZoom(FxRobot robot) {
        for (double px : new double[] {10, 12.4, 13, 15.5, 19.84, 24.8}) {
            String size = String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", px);
            robot.interact(() -> {
                capped.wholeProperty().set(false);
                capped.label().setStyle(size);
                threeLines.setStyle(size);
            });
            WaitForAsyncUtils.waitForFxEvents();
            double[] heights = new double[3];
            robot.interact(() -> {
                heights[0] = capped.getViewportBounds().getHeight();
                heights[1] = threeLines.getHeight();
                heights[2] = capped.label().getHeight();
            });
            assertTrue(capped.cutProperty().get(), size + ": the text is longer than three lines");
            assertEquals(heights[1], heights[0], 0.01, size + ": three lines of the label are " + heights[1]
                    + " px; the strip shows " + heights[0]);
            robot.interact(() -> capped.wholeProperty().set(true));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> heights[0] = capped.getViewportBounds().getHeight());
            assertFalse(heights[0] < heights[2] - 0.01, size + ": shown whole, " + heights[0] + " of " + heights[2]);
        }
    }
}
