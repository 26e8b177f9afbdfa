package org.rnnexplorer.ui.live;

import javafx.beans.property.IntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.util.function.IntFunction;

/** Small pieces the live panes' views share. */
public final class LiveControls {

    private LiveControls() {
    }

    /** Binds a layer or direction chooser to its view-model property; {@code names} words the items, or null. */
    public static void bindChoice(ComboBox<Integer> box, ObservableList<Integer> items,
                           IntegerProperty value, IntFunction<String> names) {
        box.setItems(items);
        if (names != null) {
            StringConverter<Integer> converter = new StringConverter<>() {
                @Override
                public String toString(Integer d) {
                    return d == null ? "" : names.apply(d);
                }

                @Override
                public Integer fromString(String s) {
                    return null;
                }
            };
            box.setConverter(converter);
            box.setButtonCell(new ListCell<>() {
                @Override
                protected void updateItem(Integer item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? "" : names.apply(item));
                }
            });
        }
        box.valueProperty().addListener((o, a, b) -> {
            if (b != null) value.set(b);
        });
        value.addListener((o, a, b) -> box.setValue(b.intValue()));
        items.addListener((ListChangeListener<Integer>) c -> box.setValue(value.get()));
        box.setValue(value.get());
    }

    /** A tooltip that explains a view: wraps, stays up long enough to read. */
    public static Tooltip teaching(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(400);
        t.setShowDuration(Duration.seconds(30));
        return t;
    }
}
