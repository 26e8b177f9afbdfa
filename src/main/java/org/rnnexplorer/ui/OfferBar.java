package org.rnnexplorer.ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * A bar that offers back work before it is gone: its sentence and two answers (what an ended window kept: Restore,
 * Discard; weights a form change replaced: Bring them back, Let them go). Shown only while its sentence is not empty;
 * styled as the problem banner, since it asks for a decision.
 */
final class OfferBar {

    /** One button: its text, its node id, what it does. */
    record Answer(String text, String id, Runnable action) {
    }

    private final HBox root = new HBox(10);

    /**
     * @param id    the bar's node ids: {@code id + "Bar"} for the bar, {@code id + "Text"} for its sentence
     * @param offer the sentence; "" while nothing is offered
     */
    OfferBar(String id, ObservableStringValue offer, Answer accept, Answer decline) {
        Label text = new Label();
        text.setId(id + "Text");
        text.getStyleClass().add("banner-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.textProperty().bind(offer);
        root.setId(id + "Bar");
        root.getStyleClass().add("banner");
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(6, 10, 6, 10));
        root.getChildren().add(text);
        for (Answer a : new Answer[] {accept, decline}) {
            Button b = new Button(a.text());
            b.setId(a.id());
            b.setMinWidth(Button.USE_PREF_SIZE); // the sentence wraps; the answers stay whole
            b.setOnAction(e -> a.action().run());
            root.getChildren().add(b);
        }
        root.visibleProperty().bind(text.textProperty().isNotEmpty());
        root.managedProperty().bind(root.visibleProperty());
    }

    HBox root() {
        return root;
    }
}
