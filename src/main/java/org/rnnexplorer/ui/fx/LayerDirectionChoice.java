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
        if (layers.size() != c.numLayers()) {
            List<Integer> l = new ArrayList<>();
            for (int k = 0; k < c.numLayers(); k++) l.add(k);
            layers.setAll(l);
        }
        if (directions.size() != c.numDirections()) directions.setAll(c.numDirections() == 2 ? List.of(0, 1) : List.of(0));
        if (layer.get() >= c.numLayers()) layer.set(c.numLayers() - 1);
        if (direction.get() >= c.numDirections()) direction.set(0);
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
