package org.rnnexplorer.ui.chart;

import javafx.scene.Node;
import javafx.scene.layout.Region;

/** Lays out one child as the largest centred square, so that a complex-plane plot keeps its unit circle round. */
public final class SquarePane extends Region {

    private final Node child;

    public SquarePane(Node child) {
        this.child = child;
        getChildren().add(child);
        setMinSize(160, 160);
    }

    @Override
    protected void layoutChildren() {
        double side = Math.min(getWidth(), getHeight());
        child.resizeRelocate((getWidth() - side) / 2, (getHeight() - side) / 2, side, side);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 320;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 320;
    }
}
