package org.rnnexplorer.ui.chart;

import java.io.IOException;
import java.io.OutputStream;

/** A view that File ▸ Export chart… can write as PNG or SVG. Called on the FX thread; drawing is Java2D. */
public interface ExportableChart {

    /** A short human name, also the default file name, e.g. {@code W_hh (layer 0, forward)}. */
    String exportName();

    /** Size to export at, in pixels: the on-screen size, never smaller than a legible minimum. */
    default int[] exportSize() {
        return new int[] {900, 600};
    }

    void writePng(OutputStream out, int width, int height) throws IOException;

    void writeSvg(OutputStream out, int width, int height) throws IOException;
}
