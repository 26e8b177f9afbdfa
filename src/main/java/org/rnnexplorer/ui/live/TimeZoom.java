package org.rnnexplorer.ui.live;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The zoom of a live pane's time axis: which timesteps it draws ({@link TimeWindow}). Every step until the user zooms;
 * the window then follows the time cursor so that the cursor stays in view; a new pass of the same length keeps it,
 * one of another length shows every step again. View-model state, no scene types; FX thread.
 */
public final class TimeZoom {

    private final TimeCursorViewModel cursor;
    private final ReadOnlyObjectWrapper<TimeWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private int steps;

    public TimeZoom(TimeCursorViewModel cursor) {
        this.cursor = cursor;
        cursor.tProperty().addListener(o -> follow());
    }

    /** A new pass of {@code newSteps} steps. */
    public void stepsChanged(int newSteps) {
        TimeWindow w = window.get();
        int oldSteps = steps;
        steps = newSteps; // before the window changes: its listeners read both ("steps 0…4 of 0…-1" otherwise)
        window.set(w == null || newSteps != oldSteps ? TimeWindow.all(newSteps) : w.fit(newSteps));
    }

    /** Shows {@code factor} times as many steps (below 1 zooms in) around step {@code around}, keeping the cursor in view. */
    public void zoom(double factor, int around) {
        if (window.get() == null) return;
        window.set(window.get().zoom(factor, around, steps).follow(cursorStep(), steps));
    }

    /** Every step again. */
    public void showAll() {
        if (window.get() != null) window.set(TimeWindow.all(steps));
    }

    /** Whether only part of the sequence is drawn. */
    public boolean zoomed() {
        return window.get() != null && !window.get().isAll(steps);
    }

    /** The steps drawn, {@code from..to}; null before the first pass. */
    public ReadOnlyObjectProperty<TimeWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public int steps() {
        return steps;
    }

    private int cursorStep() {
        return Math.clamp(cursor.tProperty().get(), 0, Math.max(0, steps - 1));
    }

    private void follow() {
        if (window.get() != null) window.set(window.get().follow(cursorStep(), steps));
    }
}
