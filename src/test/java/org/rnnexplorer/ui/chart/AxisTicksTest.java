package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The axes the charts draw tick whole steps and whole powers of ten only, read from a real rendering. */
class AxisTicksTest {

    /** The labelled ticks of both axes after drawing a chart of these points at 400 × 300. */
    private static List<List<Double>> labelledTicks(NumberAxis x, ValueAxis y, double[] xs, double[] ys) {
        XYSeries s = new XYSeries("s");
        for (int i = 0; i < xs.length; i++) s.add(xs[i], ys[i]);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, new XYLineAndShapeRenderer(true, false));
        JFreeChart chart = new JFreeChart(plot);
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        chart.draw(g, new Rectangle2D.Double(0, 0, 400, 300), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        List<List<Double>> out = new ArrayList<>();
        for (var pair : List.of(List.of(x, org.jfree.chart.ui.RectangleEdge.BOTTOM), List.of(y, org.jfree.chart.ui.RectangleEdge.LEFT))) {
            ValueAxis axis = (ValueAxis) pair.get(0);
            List<Double> values = new ArrayList<>();
            for (Object t : axis.refreshTicks(g, new org.jfree.chart.axis.AxisState(), area,
                    (org.jfree.chart.ui.RectangleEdge) pair.get(1))) {
                ValueTick tick = (ValueTick) t;
                // A LogTick carries its label as an attributed string: major ticks are the labelled ones.
                if (tick.getTickType() == org.jfree.chart.axis.TickType.MAJOR) values.add(tick.getValue());
            }
            out.add(values);
        }
        g.dispose();
        return out;
    }

    @Test
    void aLossThatSpansLessThanADecadeIsLabelledAtWholePowersOfTen() {
        LogAxis y = AxisTicks.wholePowers("loss");
        NumberAxis x = AxisTicks.wholeSteps(new NumberAxis("t"));
        x.setRange(-0.5, 4.5); // how a time axis lines up with a heatmap's columns
        List<List<Double>> ticks = labelledTicks(x, y, new double[] {0, 1, 2, 3, 4}, new double[] {0.15, 0.2, 0.18, 0.25, 0.16});
        assertFalse(ticks.get(0).isEmpty());
        for (double t : ticks.get(0)) assertEquals(Math.rint(t), t, 1e-12, "a whole step: " + ticks.get(0));
        assertFalse(ticks.get(1).isEmpty(), "at least one power of ten to read the scale by; range " + y.getRange() + " ticks " + ticks);
        // One decade, 0.1 to 1: its powers of ten, and 0.2 and 0.5 between them (a loss at chance, 0.17, read off an
        // unlabelled decade otherwise); never 10^-1.2.
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0), sorted(ticks.get(1)));
        assertTrue(y.getLowerBound() <= 0.15 && y.getUpperBound() >= 0.25);
    }

    @Test
    void aSpectralRadiusInOneDecadeIsLabelledAtTwoAndFiveAndWiderAxesAtPowersOnly() {
        LogAxis y = AxisTicks.wholePowers("ρ");
        List<List<Double>> ticks = labelledTicks(AxisTicks.wholeSteps(new NumberAxis("iteration")), y,
                new double[] {0, 1, 2}, new double[] {1.7, 2.6, 1.9});
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0), sorted(ticks.get(1)));
        LogAxis wide = AxisTicks.wholePowers("‖g‖");
        ticks = labelledTicks(AxisTicks.wholeSteps(new NumberAxis("iteration")), wide,
                new double[] {0, 1, 2}, new double[] {0.05, 3, 400});
        for (double v : ticks.get(1)) {
            double e = Math.log10(v);
            assertEquals(Math.rint(e), e, 1e-9, "spanning decades, whole powers of ten only: " + ticks.get(1));
        }
        assertEquals("2", AxisTicks.label(2, 0));
        assertEquals("0.05", AxisTicks.label(5, -2));
        assertEquals("500", AxisTicks.label(5, 2));
        assertEquals("2·10⁻⁵", AxisTicks.label(2, -5));
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) out.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v)));
        out.sort(null);
        return out;
    }

    @Test
    void decadesWidenOutwardsToPowersOfTen() {
        double[] r = AxisTicks.wholeDecades(0.15, 0.25);
        assertEquals(0.1, r[0], 1e-15);
        assertEquals(1.0, r[1], 1e-15);
        r = AxisTicks.wholeDecades(1e-22, 3.0);
        assertEquals(1e-22, r[0], 1e-36);
        assertEquals(10.0, r[1], 1e-12);
    }

    /**
     * The exploding preset's last finite pass: every tanh unit saturated, so ∂L/∂h_t is exactly 0 at every step but the
     * last, and the log chart has one positive value, 5.8·10³⁶ (the bound, capped near it, adds the same point).
     * JFreeChart threw "A positive range length is required"; the chart was not drawn and the previous preset's
     * curves stayed on screen beside this pass's text.
     */
    @Test
    void aSinglePositiveValueFarFromOneStillDraws() {
        int n = 100;
        double[] t = new double[n], norm = new double[n], bound = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            bound[i] = Double.NaN;
        }
        norm[n - 1] = bound[n - 1] = 5.78575002233286E36;
        TimeSeriesChart.Spec spec = new TimeSeriesChart.Spec("‖∂L/∂h_t‖ against t", "t", "‖∂L/∂h_t‖ (log)", true,
                Double.NaN, Double.NaN, List.of(
                        new TimeSeriesChart.SeriesLine("norm", t, norm, TimeSeriesChart.Style.SOLID, 0),
                        new TimeSeriesChart.SeriesLine("bound", t, bound, TimeSeriesChart.Style.DASHED, -1)),
                ChartAppearance.DEFAULT, 600, 220, 1, null);
        TimeSeriesChart.Drawing d = TimeSeriesChart.draw(spec);
        assertTrue(d.dataArea().getHeight() > 0 && d.xHigh() > d.xLow(), "drawn: " + d.dataArea());
        LogAxis y = AxisTicks.wholePowers("y");
        // As the chart hands it over: the zeros are gaps (NaN) on a log axis.
        List<List<Double>> ticks = labelledTicks(AxisTicks.wholeSteps(new NumberAxis("t")), y, t, bound);
        assertEquals(1e36, y.getLowerBound(), 1e22);
        assertEquals(1e37, y.getUpperBound(), 1e23);
        assertFalse(ticks.get(1).isEmpty(), "a power of ten to read the value by: " + ticks);
    }

    /**
     * The last x tick's label, centred on the plot's right edge, stays inside the chart at every zoom the View menu
     * offers: at the projector zoom a fixed 8 px of padding cut "2,000" to "2,00".
     */
    @Test
    void theLastIterationsLabelFitsInsideTheChartAtEveryZoom() {
        for (double zoom : new double[] {0.8, 1.0, 1.25, 1.5625, 1.953125, 2.44140625, 3.0}) {
            NumberAxis x = AxisTicks.wholeSteps(new NumberAxis("iteration"));
            x.setRange(0, 2000);
            NumberAxis y = new NumberAxis("loss");
            XYSeries s = new XYSeries("s");
            s.add(0, 1);
            s.add(2000, 2);
            JFreeChart chart = new JFreeChart(new XYPlot(new XYSeriesCollection(s), x, y, new XYLineAndShapeRenderer()));
            ChartStyler.apply(chart, ChartAppearance.DEFAULT.withFontScale(zoom));
            BufferedImage image = new BufferedImage(640, 240, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
            chart.draw(g, new Rectangle2D.Double(0, 0, 640, 240), info);
            Rectangle2D area = info.getPlotInfo().getDataArea();
            double widest = 0;
            double lastX = Double.NEGATIVE_INFINITY;
            for (Object t : x.refreshTicks(g, new org.jfree.chart.axis.AxisState(), area, org.jfree.chart.ui.RectangleEdge.BOTTOM)) {
                NumberTick tick = (NumberTick) t;
                if (tick.getText() == null || tick.getText().isEmpty()) continue;
                double at = x.valueToJava2D(tick.getValue(), area, org.jfree.chart.ui.RectangleEdge.BOTTOM);
                if (at >= lastX) {
                    lastX = at;
                    widest = g.getFontMetrics(x.getTickLabelFont()).stringWidth(tick.getText());
                }
            }
            g.dispose();
            assertTrue(lastX + widest / 2 <= 640, "zoom " + zoom + ": the last label ends at " + (lastX + widest / 2)
                    + " of 640 px");
        }
    }

    /**
     * Every positive float32 magnitude has its own place on a log axis: LogAxis draws anything below its smallest value
     * at that value, and at 10⁻³⁰ Pitfall 3's ∂L/∂h_t (10⁻⁴⁰ at t = 0) was drawn from t = 39 on only.
     */
    @Test
    void aLogAxisPlacesEveryPositiveFloat32Magnitude() {
        org.jfree.chart.axis.LogAxis axis = AxisTicks.wholePowers("‖∂L/∂h_t‖");
        axis.setRange(1e-46, 1);
        java.awt.geom.Rectangle2D area = new java.awt.geom.Rectangle2D.Double(0, 0, 100, 460);
        double subnormal = axis.valueToJava2D(1e-44, area, org.jfree.chart.ui.RectangleEdge.LEFT);
        double tiny = axis.valueToJava2D(1e-40, area, org.jfree.chart.ui.RectangleEdge.LEFT);
        double small = axis.valueToJava2D(1e-30, area, org.jfree.chart.ui.RectangleEdge.LEFT);
        assertTrue(subnormal > tiny && tiny > small, subnormal + ", " + tiny + ", " + small + " (y grows downwards)");
        assertEquals(100, tiny - small, 1e-6, "ten decades, at 10 px a decade (46 over 460 px)");
    }
}
