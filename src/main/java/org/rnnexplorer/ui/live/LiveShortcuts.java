package org.rnnexplorer.ui.live;

import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keyboard control of the time cursor while a live pane is shown: Space plays and pauses, Left and Right step one
 * timestep, Shift+Left steps back through BPTT, Home and End go to the first and last timestep; + and − zoom the
 * shown pane's time axis around the cursor and 0 shows every step. An event filter on
 * the window's root, so that the tab header does not take the arrow keys first; keys typed into a text field (or an
 * editable combo box or spinner) are left alone, Space still presses a focused button, and Ctrl, Alt or Meta
 * combinations pass through.
 */
public final class LiveShortcuts {

    /** What the tooltips and the README say. */
    public static final String SUMMARY = "Space play/pause · ←/→ one timestep · Shift+← one BPTT step · Home/End first/last"
            + " · +/− zoom time, 0 all steps";

    private LiveShortcuts() {
    }

    /**
     * @param root   the window's root node
     * @param active whether a live pane is shown now
     * @param zoom   the time zoom of the live pane shown now (null when none)
     */
    public static void install(Node root, BooleanSupplier active, TimeCursorViewModel cursor,
                               Supplier<TimeZoom> zoom) {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!active.getAsBoolean() || e.isControlDown() || e.isAltDown() || e.isMetaDown() || e.isShortcutDown()) return;
            if (typing(e.getTarget())) return;
            // Space on a focused button or check box presses it, as keyboard users expect.
            if (e.getCode() == KeyCode.SPACE && e.getTarget() instanceof ButtonBase) return;
            boolean handled = true;
            switch (e.getCode()) {
                case SPACE -> cursor.togglePlay();
                case RIGHT -> cursor.stepForward();
                case LEFT -> {
                    if (e.isShiftDown()) cursor.stepBackThroughBptt();
                    else cursor.stepBack();
                }
                case HOME -> cursor.first();
                case END -> cursor.last();
                default -> handled = zoomKey(e, zoom.get(), cursor);
            }
            if (handled) e.consume();
        });
    }

    /** +, − and 0 (main keyboard or keypad) zoom the time axis around the cursor; false for any other key. */
    private static boolean zoomKey(KeyEvent e, TimeZoom zoom, TimeCursorViewModel cursor) {
        if (zoom == null) return false;
        String text = e.getText();
        boolean in = e.getCode() == KeyCode.ADD || "+".equals(text) || "=".equals(text);
        boolean out = e.getCode() == KeyCode.SUBTRACT || "-".equals(text);
        boolean all = e.getCode() == KeyCode.NUMPAD0 || e.getCode() == KeyCode.DIGIT0;
        int t = cursor.tProperty().get();
        if (in) zoom.zoom(TimeZoomControls.ZOOM_IN, t);
        else if (out) zoom.zoom(1 / TimeZoomControls.ZOOM_IN, t);
        else if (all) zoom.showAll();
        return in || out || all;
    }

    private static boolean typing(Object target) {
        if (target instanceof TextInputControl) return true;
        if (target instanceof ComboBox<?> combo && combo.isEditable()) return true;
        return target instanceof Spinner<?> spinner && spinner.isEditable();
    }
}
