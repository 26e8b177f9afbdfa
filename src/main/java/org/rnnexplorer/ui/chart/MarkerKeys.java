package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;

import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.function.Supplier;

/**
 * Legend entries for a chart's reference lines (the chance level, the healthy update-ratio band): named in the legend
 * rather than by a label over the plot, since the curves they explain lie on them and the label hid those curves.
 */
public final class MarkerKeys {

    private MarkerKeys() {
    }

    /** Makes the chart's legend list its plot's series, then {@code extra}'s entry when there is one (read at each drawing). */
    public static void append(JFreeChart chart, Supplier<LegendItem> extra) {
        LegendItemSource plot = chart.getPlot();
        chart.getLegend().setSources(new LegendItemSource[] {plot, () -> {
            LegendItemCollection items = new LegendItemCollection();
            LegendItem item = extra.get();
            if (item != null) items.add(item);
            return items;
        }});
    }

    /**
     * A legend entry for a dashed range marker: a dashed line in {@code line}, over a box filled with {@code band} when
     * the marker has a shaded band around it (null: none).
     */
    public static LegendItem dashed(String text, Color line, Stroke dash, Paint band) {
        Shape box = new Rectangle2D.Double(-7, -5, 14, 10);
        return new LegendItem(text, null, null, null, band != null, box, true, band == null ? line : band, false, line,
                dash, true, new Line2D.Double(-7, 0, 7, 0), dash, line);
    }
}
