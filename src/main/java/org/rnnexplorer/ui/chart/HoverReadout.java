package org.rnnexplorer.ui.chart;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;

/**
 * The small label that says what is under the pointer (a heatmap cell, a chart's nearest point), shown beside the
 * pointer and turned back inside its parent near the right and bottom edges. Its text is also a property, for tests
 * and status lines. FX thread.
 */
final class HoverReadout {

    private final Label label = new Label();
    private final StringProperty text;

    /** @param owner the control whose {@code hoverText} property this is */
    HoverReadout(Object owner) {
        text = new SimpleStringProperty(owner, "hoverText", "");
        label.getStyleClass().add("hover-readout");
        label.setPadding(new Insets(2, 6, 2, 6));
        label.setMouseTransparent(true);
        label.setManaged(false);
        label.setVisible(false);
    }

    /** The label, for the parent's children. */
    Label node() {
        return label;
    }

    StringProperty textProperty() {
        return text;
    }

    /** Shows {@code value} beside (x, y) in a parent of {@code width} × {@code height}; "" hides it. */
    void show(String value, double x, double y, double width, double height) {
        text.set(value);
        label.setText(value);
        label.setVisible(!value.isEmpty());
        if (value.isEmpty()) return;
        label.autosize();
        double lx = x + 14 + label.getWidth() > width ? x - label.getWidth() - 8 : x + 14;
        double ly = y + 14 + label.getHeight() > height ? y - label.getHeight() - 8 : y + 14;
        label.relocate(Math.max(0, lx), Math.max(0, ly));
    }

    void hide() {
        show("", 0, 0, 0, 0);
    }
}
