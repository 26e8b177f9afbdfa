package org.rnnexplorer.ui.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws a heatmap with its title, cell indices, axis captions and colour bar in Java2D, for export: PNG through a BufferedImage
 * and SVG through JFreeSVG use the same drawing. Cells are scaled nearest-neighbour so that every cell stays a
 * sharp block.
 */
final class HeatmapPainter {

    /** Above this many cells an SVG holds one embedded image instead of one rectangle per cell. */
    static final int MAX_SVG_RECTS = 64 * 64;

    private HeatmapPainter() {
    }

    record Content(String title, String rowCaption, String columnCaption, HeatmapData data, ColorScale scale,
                   ColorMap map, ChartAppearance appearance, boolean rowTicks, boolean columnTicks,
                   int firstColumn, RowTicks rowLabels) {
        /** Rows labelled by their indices. */
        Content(String title, String rowCaption, String columnCaption, HeatmapData data, ColorScale scale,
                ColorMap map, ChartAppearance appearance, boolean rowTicks, boolean columnTicks, int firstColumn) {
            this(title, rowCaption, columnCaption, data, scale, map, appearance, rowTicks, columnTicks, firstColumn,
                    RowTicks.INDICES);
        }
    }

    static void paint(Graphics2D g, int width, int height, Content c, boolean vectorCells) {
        ChartAppearance look = c.appearance();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(look.background());
        g.fillRect(0, 0, width, height);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(look.font(15)));
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(look.font(12)));
        g.setFont(titleFont);
        FontMetrics titleMetrics = g.getFontMetrics();
        g.setColor(look.foreground());
        g.drawString(c.title(), 12, 8 + titleMetrics.getAscent());
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(look.font(10)));
        g.setFont(tickFont);
        FontMetrics tm = g.getFontMetrics();
        HeatmapData data = c.data();
        boolean rowTicks = c.rowTicks() && data.rows() > 1, columnTicks = c.columnTicks() && !data.isEmpty();
        RowTicks labels = c.rowLabels();
        int rowTickW = rowTicks ? tm.stringWidth(labels.text(labels.count(data.rows()) - 1)) + 4 : 0;
        int columnTickH = columnTicks ? tm.getHeight() : 0;
        g.setFont(captionFont);
        FontMetrics fm = g.getFontMetrics();
        int top = 16 + titleMetrics.getHeight();
        int left = 16 + fm.getHeight() + rowTickW;
        int barWidth = 16;
        String highText = CellFormatter.value((float) c.scale().high());
        String lowText = CellFormatter.value((float) c.scale().low());
        int labelWidth = Math.max(fm.stringWidth(highText), fm.stringWidth(lowText)) + 8;
        int right = width - 12 - labelWidth - barWidth - 10;
        int bottom = height - 12 - fm.getHeight() - columnTickH;
        int plotW = Math.max(1, right - left), plotH = Math.max(1, bottom - top);

        if (!data.isEmpty()) {
            int[] pixels = new int[data.rows() * data.columns()];
            HeatmapRenderer.render(data, c.scale(), c.map(), pixels);
            if (vectorCells && pixels.length <= MAX_SVG_RECTS) {
                double cw = plotW / (double) data.columns(), ch = plotH / (double) data.rows();
                for (int r = 0; r < data.rows(); r++) {
                    for (int col = 0; col < data.columns(); col++) {
                        g.setColor(new Color(pixels[r * data.columns() + col]));
                        g.fill(new Rectangle2D.Double(left + col * cw, top + r * ch, cw + 0.02, ch + 0.02));
                    }
                }
            } else {
                BufferedImage cells = new BufferedImage(data.columns(), data.rows(), BufferedImage.TYPE_INT_RGB);
                cells.setRGB(0, 0, data.columns(), data.rows(), pixels, 0, data.columns());
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(cells, left, top, plotW, plotH, null);
            }
        }
        g.setColor(look.gridLines());
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, plotW, plotH);

        int barX = right + 10;
        int[] lut = c.map().lut();
        for (int y = 0; y < plotH; y++) {
            double f = 1 - y / (double) Math.max(1, plotH - 1);
            g.setColor(new Color(lut[(int) Math.round(f * (lut.length - 1))]));
            g.fillRect(barX, top + y, barWidth, 1);
        }
        g.setColor(look.foreground());
        g.drawString(highText, barX + barWidth + 6, top + fm.getAscent());
        g.drawString(lowText, barX + barWidth + 6, top + plotH);

        g.setFont(tickFont);
        if (rowTicks) {
            for (int k : IndexTicks.indices(labels.count(data.rows()), plotH, tm.getHeight() + 2)) {
                String text = labels.text(k);
                double y = labels.centre(k, data.rows(), top, plotH) + (tm.getAscent() - tm.getDescent()) / 2.0;
                g.drawString(text, left - 3 - tm.stringWidth(text), (float) y);
            }
        }
        if (columnTicks) {
            int first = c.firstColumn();
            int minSpacing = tm.stringWidth(String.valueOf(first + data.columns() - 1)) + 12;
            for (int col : IndexTicks.indices(first, data.columns(), plotW, minSpacing)) {
                String text = String.valueOf(col);
                double x = IndexTicks.centre(col - first, data.columns(), left, plotW) - tm.stringWidth(text) / 2.0;
                g.drawString(text, (float) Math.max(left - rowTickW, x), bottom + 2 + tm.getAscent());
            }
        }
        g.setFont(captionFont);
        g.drawString(c.columnCaption(), left + (plotW - fm.stringWidth(c.columnCaption())) / 2,
                bottom + columnTickH + 4 + fm.getAscent());
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(c.rowCaption(), -(top + (plotH + fm.stringWidth(c.rowCaption())) / 2), 10 + fm.getAscent());
        g.setTransform(saved);
    }
}
