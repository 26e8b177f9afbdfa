package org.rnnexplorer.ui;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.api.FxRobot;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class SmokeFxTest {
    Button b;
    @Start
    void start(Stage stage) {
        b = new Button("hi");
        b.setOnAction(e -> b.setText("clicked"));
        stage.setScene(new Scene(b, 200, 100));
        stage.show();
    }
    @Test
    void clicks(FxRobot robot) {
        robot.clickOn(b);
        assertEquals("clicked", b.getText());
    }
}
