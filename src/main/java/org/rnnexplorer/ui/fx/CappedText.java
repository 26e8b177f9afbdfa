package org.rnnexplorer.ui.fx;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.scene.text.TextBoundsType;

/**
 * A wrapping label at most {@link #maxLinesProperty() maxLines} lines of its own font tall (zoom included) at the width
 * it is given; the rest scrolls. Its height follows its width (a horizontal content bias, as a wrapping label's), so
 * the box around it gives it what the text needs up to the cap, and never squeezes it: a text in a box that shrinks
 * it is drawn past the box's edge, under whatever comes next. {@link #cutProperty()} says whether the cap hides part
 * of the text, for a "Show all" beside it that sets {@link #wholeProperty()}.
 */
public final class CappedText extends ScrollPane {

    private final Label label = new Label();
    private final IntegerProperty maxLines = new SimpleIntegerProperty(this, "maxLines", 3);
    private final BooleanProperty whole = new SimpleBooleanProperty(this, "whole", false);
    private final ReadOnlyBooleanWrapper cut = new ReadOnlyBooleanWrapper(this, "cut", false);

    public CappedText() {
        getStyleClass().add("capped-text");
        label.setWrapText(true);
        label.setMinHeight(USE_PREF_SIZE);
        setContent(label);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setFocusTraversable(false);
        vbarPolicyProperty().bind(whole.map(w -> w ? ScrollBarPolicy.NEVER : ScrollBarPolicy.AS_NEEDED));
        // Whether the cap hides part of the text at this width: decided when the width, text, font or cap changes.
        for (Observable o : new Observable[] {widthProperty(), label.textProperty(), label.fontProperty(), maxLines}) {
            o.addListener(x -> cut.set(wholeHeight(getWidth()) > capHeight() + 0.5));
        }
        maxLines.addListener(o -> requestLayout());
        whole.addListener(o -> requestLayout());
    }

    /** The label that shows the text (its text, style class and tooltip are the caller's). */
    public Label label() {
        return label;
    }

    /** How many lines are shown before the text scrolls (at least one). */
    public IntegerProperty maxLinesProperty() {
        return maxLines;
    }

    /** Whether the whole text is shown, however long, instead of {@link #maxLinesProperty()} lines. */
    public BooleanProperty wholeProperty() {
        return whole;
    }

    /** Whether the text is longer than {@link #maxLinesProperty()} lines at the current width (the cap aside). */
    public ReadOnlyBooleanProperty cutProperty() {
        return cut.getReadOnlyProperty();
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefHeight(double width) {
        double whole = wholeHeight(width);
        double cap = capHeight();
        double shown = this.whole.get() || whole <= cap + 0.5 ? whole : cap;
        return snappedTopInset() + shown + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computeMaxHeight(double width) {
        return computePrefHeight(width);
    }

    /** The whole text's height at this width of the scroll pane (the label's preferred width where none is given). */
    private double wholeHeight(double width) {
        double inner = width < 0 ? label.prefWidth(-1) : width - snappedLeftInset() - snappedRightInset();
        return inner <= 0 ? 0 : Math.ceil(label.prefHeight(inner));
    }

    /**
     * {@link #maxLinesProperty()} lines of the label's font, with its padding. Measured as a Label measures its text
     * (vertically centred logical bounds: whole-pixel lines, 15 px at 12.4 px DejaVu Sans); a plain Text's lines are
     * 14.43 px, and a cap of three such lines cut the bottom pixel row of the last one, its underscores ("W hh").
     */
    private double capHeight() {
        int lines = Math.max(1, maxLines.get());
        Text probe = new Text("X" + "\nX".repeat(lines - 1));
        probe.setBoundsType(TextBoundsType.LOGICAL_VERTICAL_CENTER);
        probe.setFont(label.getFont());
        probe.setLineSpacing(label.getLineSpacing());
        return Math.ceil(probe.getLayoutBounds().getHeight() + label.snappedTopInset() + label.snappedBottomInset());
    }
}
