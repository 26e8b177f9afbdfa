package org.rnnexplorer.ui.live;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.util.StringConverter;
import org.rnnexplorer.ui.fx.FxmlViews;

import java.util.List;
import java.util.Locale;

/**
 * The time cursor's controls under a live pane: first, back, play/pause, forward, last, the scrubber, the position
 * and the play speed. Each live pane has its own bar; all bars drive the one shared cursor.
 */
public final class TimeControlsView {

    static final List<Double> SPEEDS = List.of(2.0, 5.0, 15.0, 30.0, 60.0, 120.0);

    private final TimeCursorViewModel cursor;
    private final Parent root;
    private boolean following;

    @FXML private Button firstButton, backButton, playButton, forwardButton, lastButton;
    @FXML private Slider scrubber;
    @FXML private Label position;
    @FXML private ComboBox<Double> speedChoice;

    public TimeControlsView(TimeCursorViewModel cursor) {
        this.cursor = cursor;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        TimeCursorViewModel c = cursor;
        position.textProperty().bind(c.positionProperty());
        playButton.textProperty().bind(c.playingProperty().map(p -> p ? "Pause" : "Play"));
        for (Button b : List.of(firstButton, backButton, playButton, forwardButton, lastButton)) {
            b.disableProperty().bind(c.stepsProperty().isEqualTo(0));
        }
        scrubber.disableProperty().bind(c.stepsProperty().lessThan(2));
        c.stepsProperty().addListener(o -> followCursor());
        c.tProperty().addListener(o -> followCursor());
        scrubber.valueProperty().addListener((o, a, v) -> {
            if (!following) c.moveTo((int) Math.round(v.doubleValue()));
        });
        followCursor();

        speedChoice.getItems().setAll(SPEEDS);
        speedChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : String.format(Locale.ROOT, "%.0f steps/s", v);
            }

            @Override
            public Double fromString(String s) {
                return Double.parseDouble(s.replace("steps/s", "").trim());
            }
        });
        speedChoice.setValue(c.speedProperty().get());
        speedChoice.valueProperty().addListener((o, a, v) -> {
            if (v != null) c.speedProperty().set(v);
        });
        c.speedProperty().addListener((o, a, v) -> speedChoice.setValue(v.doubleValue()));
    }

    private void followCursor() {
        following = true;
        try {
            int steps = cursor.stepsProperty().get();
            scrubber.setMax(Math.max(1, steps - 1));
            scrubber.setMajorTickUnit(Math.max(1, Math.pow(10, Math.floor(Math.log10(Math.max(1, steps - 1))))));
            scrubber.setValue(cursor.tProperty().get());
        } finally {
            following = false;
        }
    }

    @FXML
    private void first() {
        cursor.first();
    }

    @FXML
    private void back() {
        cursor.stepBack();
    }

    @FXML
    private void togglePlay() {
        cursor.togglePlay();
    }

    @FXML
    private void forward() {
        cursor.stepForward();
    }

    @FXML
    private void last() {
        cursor.last();
    }
}
