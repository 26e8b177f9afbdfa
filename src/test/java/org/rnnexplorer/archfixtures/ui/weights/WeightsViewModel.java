package org.rnnexplorer.archfixtures.ui.weights;

/** Planted: a view-model that uses the scene graph. */
public class WeightsViewModel {
    Object colour = javafx.scene.paint.Color.RED;
}
