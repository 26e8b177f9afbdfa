package org.rnnexplorer.ui.chart;
import java.awt.Graphics2D;

/**
 * A view that File ▸ Export chart… can write as PNG or SVG. The window captures the drawing on the FX thread
 * ({@link #captureDrawing}) and renders and writes it on a background thread, so export never stalls a frame.
 */
public interface ExportableChart {

    /** A short human name, also the default file name, e.g. {@code weight_hh_l0 (20 × 20)}. */
    String exportName();

    /** Size to export at, in drawing units: the on-screen size, never smaller than a legible minimum. */
    int[] exportSize();

    /**
     * What is on screen now, as a Java2D drawing of width × height units that touches no live state and can run on
     * any thread. FX thread.
     */
    ChartDrawing captureDrawing(int width, int height);

    /** A Java2D drawing; {@code vector} is true when it goes to SVG (small heatmaps then draw one rectangle per cell). */
    @FunctionalInterface
    interface ChartDrawing {
        void draw(Graphics2D g, boolean vector);
    }
}
