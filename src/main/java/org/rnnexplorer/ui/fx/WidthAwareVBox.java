package org.rnnexplorer.ui.fx;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.layout.VBox;

/**
 * A VBox whose minimum and preferred heights are those at the width it has (or a narrower one asked for). A SplitPane
 * asks its items' heights without their width (at their preferred width): a wrapping label in an item then counts
 * the lines it would need there, fewer than it shows in the narrower column, the split pane gives the item less than
 * it needs and the label's last lines are drawn under the next item (Pascanu's bound under "The arithmetic of this
 * step" at 1366 × 768).
 *
 * <p>After its width changes it asks for a layout again, outside the layout pass that resized it (a request made
 * during that pass does not reach the split pane), so the split pane sizes it by the new width's heights.
 */
public class WidthAwareVBox extends VBox {

    public WidthAwareVBox() {
        widthProperty().addListener((o, a, b) -> {
            if (a.doubleValue() != b.doubleValue()) Platform.runLater(this::relayout);
        });
    }

    /**
     * Asks this box and every box around it for a layout: each then forgets the sizes it has cached (a split pane's
     * item wrapper kept the minimum of the old width where the request stopped on its way up).
     */
    private void relayout() {
        for (Parent p = this; p != null; p = p.getParent()) p.requestLayout();
    }

    /**
     * The width to measure at: never more than the box has. A split pane's item wrapper asks at the box's preferred
     * width, not -1, and a wider box needs fewer lines; a box growing wider is measured a little too tall until the
     * layout after it has grown.
     */
    private double width(double asked) {
        if (getWidth() <= 0) return asked;
        return asked < 0 ? getWidth() : Math.min(asked, getWidth());
    }

    @Override
    protected double computeMinHeight(double width) {
        return super.computeMinHeight(width(width));
    }

    @Override
    protected double computePrefHeight(double width) {
        return super.computePrefHeight(width(width));
    }
}
