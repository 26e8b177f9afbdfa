package org.rnnexplorer.ui;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projector walk's check itself: words drawn past their box are reported; the space a wrapped line hangs past its
 * width is not (it is drawn as nothing, and a Text's bounds count it).
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ProjectorChecksUiTest {

    private VBox root;

    @Start
    void start(Stage stage) {
        root = new VBox();
        stage.setScene(new Scene(root, 400, 300));
        stage.show();
    }

    private List<String> problemsWith(Label label, double boxWidth) throws Exception {
        Pane box = new Pane(label);
        box.setMinSize(boxWidth, 200);
        box.setPrefSize(boxWidth, 200);
        box.setMaxSize(boxWidth, 200);
        label.setWrapText(true);
        WaitForAsyncUtils.asyncFx(() -> {
            root.getChildren().setAll(box);
            label.resize(label.getPrefWidth(), label.prefHeight(label.getPrefWidth()));
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> ProjectorChecks.problems(root)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void wordsPastTheirBoxAreReportedAndAHangingSpaceIsNot(FxRobot robot) throws Exception {
        // Wrapped at exactly its box's width, at every width from 120 to 240 px: lines end in hanging spaces (at some
        // widths past the box), and nothing is out.
        for (int width = 120; width <= 240; width++) {
            Label fits = new Label("valid steps per sequence; pack_padded_sequence skips the padding of every sequence");
            fits.setPrefWidth(width);
            assertEquals(List.of(), problemsWith(fits, width), "at " + width + " px");
        }
        // Laid out 60 px wider than its box: its words run out of it.
        Label wide = new Label("valid steps per sequence; pack_padded_sequence skips the padding of every sequence");
        wide.setPrefWidth(210);
        List<String> found = problemsWith(wide, 150);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().contains("px out of the right of its Pane"), found.getFirst());
    }
}
