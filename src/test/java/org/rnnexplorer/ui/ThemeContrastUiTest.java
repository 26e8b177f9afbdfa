package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A field's hint (its prompt text, e.g. the lengths field's "e.g. 5,3,2") is readable in both themes: WCAG contrast of
 * at least 4.5:1 against the field's own background. In the dark theme Modena's derived grey was nearly black.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ThemeContrastUiTest {
    private Scene scene;
    private TextField field;

    @Start
    void start(Stage stage) {
        field = new TextField();
        field.setPromptText("e.g. 5,3,2 (blank: all L)");
        TextField focusTaker = new TextField("typed");
        scene = new Scene(new VBox(8, focusTaker, field), 320, 120);
        stage.setScene(scene);
        stage.show();
        focusTaker.requestFocus(); // an unfocused empty field shows its hint
    }

    @Test
    void promptTextIsReadableInEveryTheme(FxRobot robot) {
        for (Theme theme : Theme.values()) {
            robot.interact(() -> {
                scene.getStylesheets().setAll(css("explorer.css"), css(theme.stylesheet()));
                scene.getRoot().applyCss();
                scene.getRoot().layout();
            });
            Text prompt = promptNode(field);
            assertNotNull(prompt, theme + ": the field shows its prompt text");
            Color text = (Color) prompt.getFill();
            List<BackgroundFill> fills = field.getBackground().getFills();
            // Modena paints the field with a short gradient that ends in its inner background: the colour behind the text.
            Color background = fills.getLast().getFill() instanceof LinearGradient g ? g.getStops().getLast().getColor()
                    : (Color) fills.getLast().getFill();
            double ratio = contrast(text, background);
            assertTrue(ratio >= 4.5, theme + ": prompt " + text + " on " + background + " has contrast " + ratio);
        }
    }

    private static String css(String name) {
        return ThemeContrastUiTest.class.getResource("/org/rnnexplorer/ui/" + name).toExternalForm();
    }

    private Text promptNode(Parent p) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof Text t && field.getPromptText().equals(t.getText()) && t.isVisible()) return t;
            if (n instanceof Parent child) {
                Text found = promptNode(child);
                if (found != null) return found;
            }
        }
        return null;
    }

    /** WCAG 2 contrast ratio of two opaque colours. */
    static double contrast(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
