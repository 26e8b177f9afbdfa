package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.ui.chart.CellFormatter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ColorMap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link TextStrip} in Java2D for File ▸ Export chart…: a title, the caption (wrapped), a colour bar of what
 * colours the cells, and every character's cell, wrapped as the window wraps them (newlines break lines) but with
 * all lines rather than the window's scrolled few. PNG and SVG share the drawing; it touches no FX state, so it runs
 * on the export thread.
 */
final class TextStripPainter {

    /** Points of the cells' monospace font at zoom 1, as in the window. */
    private static final float CELL_FONT = 13;
    private static final int MARGIN = 12;
    private static final int BAR_WIDTH = 160, BAR_HEIGHT = 12;

    private TextStripPainter() {
    }

    /**
     * What one export draws.
     *
     * @param title      the first line, e.g. {@code Text coloured by h[5]}
     * @param strip      the characters, values and scale
     * @param appearance theme and zoom
     * @param markedStep the time cursor's step, outlined; −1 for none
     */
    record Content(String title, TextStrip strip, ChartAppearance appearance, int markedStep) {
    }

    /** The geometry at one width: fonts, cell size, wrapped caption and the cells' layout. */
    private record Geometry(Font titleFont, Font captionFont, Font cellFont, int cellWidth, int cellHeight,
                            List<String> caption, TextStrip.Layout cells, int cellsTop, boolean legend) {

        int height() {
            return cellsTop + cells.lines() * cellHeight + MARGIN;
        }
    }

    /** The height a drawing {@code width} units wide needs to show every cell. */
    static int heightAt(Content c, int width) {
        return measure(c, width).height();
    }

    /** Step t's cell in a drawing {@code width} units wide: x, y, width, height. */
    static int[] cellBounds(Content c, int width, int t) {
        Geometry geo = measure(c, width);
        return new int[] {MARGIN + geo.cells().column()[t] * geo.cellWidth(),
            geo.cellsTop() + geo.cells().line()[t] * geo.cellHeight(), geo.cellWidth(), geo.cellHeight()};
    }

    /** The geometry at a width, measured before any drawing exists. */
    private static Geometry measure(Content c, int width) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return geometry(c, width, g);
        } finally {
            g.dispose();
        }
    }

    static void paint(Graphics2D g, int width, int height, Content c) {
        ChartAppearance look = c.appearance();
        TextStrip s = c.strip();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(look.background());
        g.fillRect(0, 0, width, height);
        // Measured as exportSize measured it, not with g's scale: the cells then fill exactly the height asked for.
        Geometry geo = measure(c, width);
        g.setColor(look.foreground());
        g.setFont(geo.titleFont());
        FontMetrics tm = g.getFontMetrics();
        int y = MARGIN + tm.getAscent();
        g.drawString(c.title(), MARGIN, y);
        y += tm.getDescent();
        g.setFont(geo.captionFont());
        FontMetrics cm = g.getFontMetrics();
        for (String line : geo.caption()) {
            y += cm.getHeight();
            g.drawString(line, MARGIN, y - cm.getDescent());
        }
        if (geo.legend()) paintLegend(g, s, look, MARGIN, y + 6, cm);
        g.setFont(geo.cellFont());
        FontMetrics fm = g.getFontMetrics();
        int w = geo.cellWidth(), h = geo.cellHeight();
        TextStrip.Layout cells = geo.cells();
        for (int t = 0; t < s.steps(); t++) {
            int x = MARGIN + cells.column()[t] * w, top = geo.cellsTop() + cells.line()[t] * h;
            g.setColor(new Color(s.cellArgb(t, look)));
            g.fillRect(x, top, w, h);
            String glyph = TextStrip.glyph(s.read()[t]);
            g.setColor(new Color(s.glyphArgb(t, look)));
            g.drawString(glyph, x + (w - fm.stringWidth(glyph)) / 2f,
                    top + (h - fm.getAscent() - fm.getDescent()) / 2f + fm.getAscent());
        }
        int m = c.markedStep();
        if (m >= 0 && m < s.steps()) {
            g.setColor(look.foreground());
            g.setStroke(new BasicStroke(2));
            g.drawRect(MARGIN + cells.column()[m] * w + 1, geo.cellsTop() + cells.line()[m] * h + 1, w - 2, h - 2);
        }
    }

    /** A horizontal colour bar from the scale's low to its high end, named by the strip's symbol. */
    private static void paintLegend(Graphics2D g, TextStrip s, ChartAppearance look, int x, int top, FontMetrics cm) {
        ColorMap map = s.signed() ? look.signedMap() : ColorMap.VIRIDIS;
        String low = CellFormatter.value((float) s.scale().low()), high = CellFormatter.value((float) s.scale().high());
        int baseline = top + (BAR_HEIGHT + cm.getAscent() - cm.getDescent()) / 2;
        g.setColor(look.foreground());
        g.drawString(s.symbol() + ":", x, baseline);
        x += cm.stringWidth(s.symbol() + ":") + 8;
        g.drawString(low, x, baseline);
        x += cm.stringWidth(low) + 6;
        for (int i = 0; i < BAR_WIDTH; i++) {
            g.setColor(new Color(map.argbAt((i + 0.5) / BAR_WIDTH)));
            g.fillRect(x + i, top, 1, BAR_HEIGHT);
        }
        g.setColor(look.foreground());
        g.drawString(high, x + BAR_WIDTH + 6, baseline);
    }

    private static Geometry geometry(Content c, int width, Graphics2D g) {
        ChartAppearance look = c.appearance();
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(look.font(15)));
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(look.font(12)));
        Font cellFont = new Font(Font.MONOSPACED, Font.PLAIN, Math.round(look.font(CELL_FONT)));
        FontMetrics tm = g.getFontMetrics(titleFont), cm = g.getFontMetrics(captionFont), fm = g.getFontMetrics(cellFont);
        int cellWidth = fm.charWidth('M') + 2;
        int cellHeight = (int) Math.ceil(cellFont.getSize2D() * 1.5);
        List<String> caption = wrap(c.strip().caption(), cm, width - 2 * MARGIN);
        boolean legend = !c.strip().symbol().isEmpty();
        int cellsTop = MARGIN + tm.getHeight() + caption.size() * cm.getHeight() + (legend ? BAR_HEIGHT + 12 : 0) + 8;
        int perLine = Math.max(1, (width - 2 * MARGIN) / cellWidth);
        return new Geometry(titleFont, captionFont, cellFont, cellWidth, cellHeight, caption,
                c.strip().arrange(perLine), cellsTop, legend);
    }

    /** The caption broken at spaces into lines no wider than {@code width} (a longer word takes a line of its own). */
    static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(candidate) > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }
}
