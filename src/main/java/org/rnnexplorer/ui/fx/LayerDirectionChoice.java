package org.rnnexplorer.ui.fx;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rnnexplorer.engine.RnnConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The (layer, direction) a pane shows, with the choices a configuration offers: what the Weights, Hidden states
 * and Gradient flow view-models each need. Pure javafx.beans; no scene types.
 */
public final class LayerDirectionChoice {
    private final ObservableList<Integer> layers = FXCollections.observableArrayList();
    private final ObservableList<Integer> directions = FXCollections.observableArrayList();
    private final IntegerProperty layer;
    private final IntegerProperty direction;

    /** @param bean the view-model owning the properties (for their names in bindings and debugging) */
    public LayerDirectionChoice(Object bean) {
        layer = new SimpleIntegerProperty(bean, "layer", 0);
        direction = new SimpleIntegerProperty(bean, "direction", 0);
    }

    /** Offers the configuration's layers and directions, keeping the selection where it still exists. */
    public void update(RnnConfig c) {
        resize(layers, c.numLayers());
        resize(directions, c.numDirections());
        if (layer.get() >= c.numLayers()) layer.set(c.numLayers() - 1);
        if (direction.get() >= c.numDirections()) direction.set(0);
    }

    /**
     * Makes {@code choices} 0 … count-1 by removing or adding at the end only. A ComboBox clears its selection when its
     * items are replaced (setAll), and nothing set it back when the selected layer was still there (3 → 2 layers with
     * layer 1 shown left the combo blank); a change past the selection leaves it alone.
     */
    private static void resize(ObservableList<Integer> choices, int count) {
        if (choices.size() > count) {
            choices.remove(count, choices.size());
        } else if (choices.size() < count) {
            List<Integer> added = new ArrayList<>();
            for (int k = choices.size(); k < count; k++) added.add(k);
            choices.addAll(added);
        }
    }

    public ObservableList<Integer> layers() {
        return layers;
    }

    public ObservableList<Integer> directions() {
        return directions;
    }

    public IntegerProperty layerProperty() {
        return layer;
    }

    public IntegerProperty directionProperty() {
        return direction;
    }
}
