package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.Font;
import java.awt.font.FontRenderContext;

/** Applies the theme colours and zoomed fonts to a JFreeChart XY chart. */
public final class ChartStyler {

    private ChartStyler() {
    }

    public static void apply(JFreeChart chart, ChartAppearance a) {
        chart.setBackgroundPaint(a.background());
        chart.setPadding(new RectangleInsets(4, 4, 4, rightPadding(a)));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setPaint(a.foreground());
            title.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(a.font(14))));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(a.background());
            legend.setItemPaint(a.foreground());
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
        }
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(a.plotBackground());
            plot.setOutlinePaint(a.gridLines());
            plot.setDomainGridlinePaint(a.gridLines());
            plot.setRangeGridlinePaint(a.gridLines());
            for (int i = 0; i < plot.getDomainAxisCount(); i++) style(plot.getDomainAxis(i), a);
            for (int i = 0; i < plot.getRangeAxisCount(); i++) style(plot.getRangeAxis(i), a);
            for (int r = 0; r < plot.getRendererCount(); r++) {
                XYItemRenderer renderer = plot.getRenderer(r);
                if (renderer == null) continue;
                for (int s = 0; s < 12; s++) renderer.setSeriesPaint(s, a.series(s), false);
            }
        }
        chart.fireChartChanged();
    }

    /**
     * Room right of the plot for half of the last x tick's label, which is centred on the plot's right edge: a fixed
     * 8 px held "2,000" at 1× and cut it to "2,00" at the projector zoom. The plot's own insets give about 6 px.
     */
    static int rightPadding(ChartAppearance a) {
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11)));
        double half = tickFont.getStringBounds("2,000", new FontRenderContext(null, true, true)).getWidth() / 2;
        return Math.max(8, (int) Math.ceil(half - 6));
    }

    private static void style(Axis axis, ChartAppearance a) {
        if (axis == null) return;
        axis.setLabelPaint(a.foreground());
        axis.setTickLabelPaint(a.foreground());
        axis.setAxisLinePaint(a.gridLines());
        axis.setTickMarkPaint(a.gridLines());
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(12))));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
    }
}
