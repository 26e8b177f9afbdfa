package org.rnnexplorer.ui.live;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.ScrollEvent;
import org.rnnexplorer.ui.chart.Heatmap;

/**
 * Wires a units × time heatmap and a pane's zoom buttons to a {@link TimeZoom}: the mouse wheel over the heatmap
 * zooms around the step under the pointer, the buttons around the time cursor; the heatmap draws the window and the
 * label says which steps it shows. The same in every live pane that has a time axis.
 */
public final class TimeZoomControls {

    /** One wheel notch or button press shows this fraction of the steps shown before. */
    public static final double ZOOM_IN = 0.8;

    private TimeZoomControls() {
    }

    public static void bind(Heatmap heatmap, TimeZoom zoom, TimeCursorViewModel cursor, Button zoomIn, Button zoomOut,
                            Button allSteps, Label windowLabel) {
        heatmap.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0 || zoom.windowProperty().get() == null) return;
            int column = heatmap.columnAtX(e.getX());
            zoom.zoom(e.getDeltaY() > 0 ? ZOOM_IN : 1 / ZOOM_IN, column < 0 ? cursor.tProperty().get() : column);
            e.consume();
        });
        zoomIn.setOnAction(e -> zoom.zoom(ZOOM_IN, cursor.tProperty().get()));
        zoomOut.setOnAction(e -> zoom.zoom(1 / ZOOM_IN, cursor.tProperty().get()));
        allSteps.setOnAction(e -> zoom.showAll());
        Runnable show = () -> {
            TimeWindow w = zoom.windowProperty().get();
            boolean all = w == null || w.isAll(zoom.steps());
            heatmap.setColumnWindow(w == null ? 0 : w.from(), all ? -1 : w.to());
            windowLabel.setText(w == null ? "" : all ? "all " + zoom.steps() + " steps"
                    : "steps " + w.from() + "…" + w.to() + " of 0…" + (zoom.steps() - 1));
            allSteps.setDisable(all);
        };
        zoom.windowProperty().addListener(o -> show.run());
        show.run();
    }
}
