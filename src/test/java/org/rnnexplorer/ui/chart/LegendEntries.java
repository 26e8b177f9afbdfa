package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.ui.Layer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a chart's legend lists and what its range markers write over the plot, as drawn (for tests). */
public final class LegendEntries {

    private LegendEntries() {
    }

    /** The legend's labels, in order, from every source it draws. */
    public static List<String> of(JFreeChart chart) {
        List<String> labels = new ArrayList<>();
        for (LegendItemSource source : chart.getLegend().getSources()) {
            LegendItemCollection items = source.getLegendItems();
            for (int i = 0; i < items.getItemCount(); i++) labels.add(items.get(i).getLabel());
        }
        return labels;
    }

    /** The range markers of an XY chart, both layers. */
    public static List<Marker> rangeMarkers(JFreeChart chart) {
        List<Marker> markers = new ArrayList<>();
        for (Layer layer : List.of(Layer.FOREGROUND, Layer.BACKGROUND)) {
            Collection<?> m = chart.getXYPlot().getRangeMarkers(layer);
            if (m != null) for (Object o : m) markers.add((Marker) o);
        }
        return markers;
    }
}
