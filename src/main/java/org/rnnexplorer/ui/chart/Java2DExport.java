package org.rnnexplorer.ui.chart;

import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Renders a Java2D drawing to PNG or SVG bytes; the drawing code is shared by both formats. */
public final class Java2DExport {

    private Java2DExport() {
    }

    /** Pixels per drawing unit in exported PNGs: twice the on-screen size, sharp on projectors and in print. */
    public static final int PNG_SCALE = 2;

    /** Draws a width × height drawing at {@link #PNG_SCALE} pixels per unit and writes a PNG. */
    public static void writePng(OutputStream out, int width, int height, Consumer<Graphics2D> drawing) throws IOException {
        BufferedImage image = new BufferedImage(width * PNG_SCALE, height * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(PNG_SCALE, PNG_SCALE);
            drawing.accept(g);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer is available in this Java runtime");
    }

    /** Draws into an SVG canvas of width × height user units and writes the SVG document (UTF-8). */
    public static void writeSvg(OutputStream out, int width, int height, Consumer<Graphics2D> drawing) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        drawing.accept(g);
        String svg = g.getSVGDocument();
        // JFreeSVG's document may already carry an XML declaration; a second one would make the file invalid.
        String document = (svg.startsWith("<?xml") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") + svg + "\n";
        out.write(document.getBytes(StandardCharsets.UTF_8));
    }
}
