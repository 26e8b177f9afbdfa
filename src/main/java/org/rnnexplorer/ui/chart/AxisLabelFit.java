package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.XYPlot;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a drawn chart can be read from the back of a room: its data area is not squashed to a line and its axis
 * labels, at the zoomed font, fit inside the chart (JFreeChart centres an axis label on the data area and lets a
 * longer one run off the chart's edge, where it is cut: so half the label must fit each side of that centre).
 */
public final class AxisLabelFit {

    /** The fewest pixels of data area a chart keeps in either direction (the same floor as a heatmap's cells). */
    public static final double MIN_DATA_AREA = Heatmap.MIN_PLOT_HEIGHT;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private AxisLabelFit() {
    }

    /**
     * What cannot be read in a drawing of {@code chart} over {@code width × height} pixels whose data area came out
     * as {@code dataArea}; empty when everything fits. Names the chart by its title.
     */
    public static List<String> problems(JFreeChart chart, double width, double height, Rectangle2D dataArea) {
        List<String> out = new ArrayList<>();
        String name = chart.getTitle() == null ? "chart" : "\"" + chart.getTitle().getText() + "\"";
        if (dataArea == null) return out;
        if (dataArea.getHeight() < MIN_DATA_AREA || dataArea.getWidth() < MIN_DATA_AREA) {
            out.add(name + ": data area " + Math.round(dataArea.getWidth()) + " × " + Math.round(dataArea.getHeight())
                    + " px, under " + MIN_DATA_AREA + " px");
        }
        if (!(chart.getPlot() instanceof XYPlot plot)) return out;
        // JFreeChart centres an axis label on the data area, not on the chart: a label fits when half of it fits
        // on either side of the data area's centre. (Compared with the whole chart, "ρ (solid), σ_max (dashed)"
        // passed at 1280 × 720 while its end ran off the top of the Training pane's chart, the legend and the
        // iteration axis below pushing the data area's centre up.)
        double across = 2 * Math.min(dataArea.getCenterX(), width - dataArea.getCenterX());
        double along = 2 * Math.min(dataArea.getCenterY(), height - dataArea.getCenterY());
        for (int i = 0; i < plot.getDomainAxisCount(); i++) check(name, plot.getDomainAxis(i), across, out);
        // A range axis' label is drawn turned by 90°: its length runs along the chart's height.
        for (int i = 0; i < plot.getRangeAxisCount(); i++) check(name, plot.getRangeAxis(i), along, out);
        return out;
    }

    private static void check(String chart, Axis axis, double room, List<String> out) {
        if (axis == null || !axis.isVisible() || axis.getLabel() == null || axis.getLabel().isEmpty()) return;
        Font font = axis.getLabelFont();
        double length = font.getStringBounds(axis.getLabel(), FRC).getWidth();
        if (length > room) {
            out.add(chart + ": axis label \"" + axis.getLabel() + "\" is " + Math.round(length) + " px long, with room for "
                    + Math.round(room) + " px around the data area's centre");
        }
    }
}
