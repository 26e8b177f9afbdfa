package org.rnnexplorer.ui.trainingcharts;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.service.MetricHistory;
import org.rnnexplorer.service.TrainingHistory;
import org.rnnexplorer.ui.chart.AxisTicks;

import java.awt.Graphics2D;
import java.awt.font.TextAttribute;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSeriesTest {

    private static MetricHistory.Series series(double... y) {
        MetricHistory h = new MetricHistory(64);
        for (int i = 0; i < y.length; i++) h.add(i + 1, y[i]);
        return h.snapshot();
    }

    @Test
    void clippingEventsSitOnThePreClipNormAndLogChartsSkipWhatTheyCannotPlace() {
        TrainingHistory h = new TrainingHistory(series(0.5, 0.4, Double.NaN, 0.2),
                series(3.0, 0.5, 7.0, Double.POSITIVE_INFINITY), series(1.0, 0.5, 1.0, 1.0), series(1, 0, 1, 1),
                Map.of("weight_hh_l0", series(1e-3, 0, 2e-3, 1e-4)), Map.of("l0", series(0.9, 0.95, 1.0, 1.05)),
                Map.of("l0", series(1.1, 1.2, 1.3, 1.4)), 1.0 / 6,
                MetricHistory.Series.EMPTY);
        TrainingSeries.Charts c = TrainingSeries.of(h);
        assertArrayEquals(new double[] {1, 2, 3, 4}, c.loss().x());
        assertTrue(Double.isNaN(c.loss().y()[2]), "a NaN loss is a gap");
        assertArrayEquals(new double[] {1, 3}, c.clipEvents().x(), "fired at iterations 1, 3 and 4; 4's norm is infinite");
        assertArrayEquals(new double[] {3.0, 7.0}, c.clipEvents().y());
        assertEquals("clipping fired", c.clipEventsName(), "every one is marked");
        assertTrue(Double.isNaN(c.updateRatios().get("weight_hh_l0").y()[1]), "a zero ratio has no place on a log axis");
        assertEquals(1.05, c.spectralRadius().get("l0").y()[3]);
        assertEquals(1.0 / 6, c.baseline());
    }

    @Test
    void aMergedPointKeepsItsBand() {
        MetricHistory h = new MetricHistory(4);
        double[] values = {0.9, 0.1, 0.5, 0.7, 0.2, 0.4};
        for (int i = 0; i < values.length; i++) h.add(i, values[i]);
        TrainingSeries.Curve c = TrainingSeries.curve(h.snapshot(), true);
        assertEquals(0.5, c.y()[0], 1e-12, "mean of 0.9 and 0.1");
        assertEquals(0.1, c.low()[0]);
        assertEquals(0.9, c.high()[0]);
    }

    @Test
    void readoutsWritePlainNumbers() {
        TrainingCharts.Compact f = new TrainingCharts.Compact();
        assertEquals("0.167", f.format(1.0 / 6));
        assertEquals("0.0001", f.format(1e-4));
        assertEquals("1e-7", f.format(1e-7));
        assertEquals("2.5e3", f.format(2500.0));
        assertEquals("1", f.format(1.0));
        assertEquals(0.25, f.parse("0.25", new ParsePosition(0)).doubleValue());
    }

    @Test
    void clippingThatFiresOnEveryUpdateIsMarkedByAtMostSixtyEvenlySpacedDots() {
        double[] x = new double[500], y = new double[500];
        for (int i = 0; i < 500; i++) {
            x[i] = i + 1;
            y[i] = 2 + i;
        }
        TrainingSeries.Curve thin = TrainingSeries.thinned(new TrainingSeries.Curve(x, y, y, y), TrainingSeries.MAX_CLIP_MARKERS);
        assertEquals(TrainingSeries.MAX_CLIP_MARKERS, thin.size());
        assertEquals(1.0, thin.x()[0]);
        assertEquals(500.0, thin.x()[thin.size() - 1]);
        for (int k = 0; k < thin.size(); k++) assertEquals(thin.x()[k] + 1, thin.y()[k], "each dot at its own norm");
        TrainingSeries.Curve few = new TrainingSeries.Curve(new double[] {1, 3}, new double[] {3, 7}, new double[] {3, 7}, new double[] {3, 7});
        assertSame(few, TrainingSeries.thinned(few, TrainingSeries.MAX_CLIP_MARKERS));
        assertEquals("clipping fired (60 of 500 marked)", TrainingSeries.clipMarkerName(500),
                "the legend says the dots are not every clipped update");
        assertEquals("clipping fired", TrainingSeries.clipMarkerName(60));
    }

    /**
     * The training charts' log axes label their ticks as the other panes' do (10ⁿ, attributed superscripts), drawn over
     * the same data. Before: "1e1, 1, 0.1, 0.01" here beside "10⁻¹, 10⁻²" in Gradient flow.
     */
    @Test
    void logAxisTicksAreLabelledAsEveryOtherPanesAre() {
        List<String> here = tickLabels(TrainingCharts.logAxis("loss"));
        List<String> elsewhere = tickLabels(AxisTicks.wholePowers("loss"));
        assertEquals(elsewhere, here);
        // Every decade labelled, the bottom one too: 0.02..8 with JFreeChart's margins spans 10⁻²..10².
        assertEquals(List.of("10^-2", "10^-1", "10^0", "10^1", "10^2"), here);
    }

    /** The major ticks' labels of the axis drawn over 0.02..8 at 400 × 300, superscripts written as ^. */
    private static List<String> tickLabels(LogAxis y) {
        XYSeries s = new XYSeries("s");
        s.add(0, 0.02);
        s.add(1, 8.0);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s),
                new NumberAxis("x"), y, new XYLineAndShapeRenderer());
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        new JFreeChart(plot).draw(g, new Rectangle2D.Double(0, 0, 400, 300), info);
        List<String> labels = new ArrayList<>();
        for (Object t : y.refreshTicks(g, new AxisState(), info.getPlotInfo().getDataArea(),
                RectangleEdge.LEFT)) {
            LogTick tick = (LogTick) t;
            if (tick.getTickType() != TickType.MAJOR) continue;
            AttributedCharacterIterator it = tick.getAttributedLabel().getIterator();
            StringBuilder text = new StringBuilder();
            boolean sup = false;
            for (char c = it.first(); c != CharacterIterator.DONE; c = it.next()) {
                boolean nowSup = it.getAttribute(TextAttribute.SUPERSCRIPT) != null;
                if (nowSup && !sup) text.append('^');
                sup = nowSup;
                text.append(c);
            }
            labels.add(text.toString());
        }
        g.dispose();
        return labels;
    }

    /**
     * A parameter whose updates became exactly 0 (its layer saturated) is named with the iteration its line stops at;
     * one that was 0 for a while and moved again, or never was, is not.
     */
    @Test
    void parametersThatStoppedMovingAreNamedWithTheIterationTheirLineStops() {
        MetricHistory hh = new MetricHistory(64), ih = new MetricHistory(64), head = new MetricHistory(64);
        for (int it = 0; it < 20; it++) {
            hh.add(it, it < 8 ? 0.01 : 0);
            ih.add(it, it < 8 ? 0.02 : 0);
            head.add(it, it >= 3 && it < 6 ? 0 : 0.001); // zero for a while, then moving again
        }
        Map<String, MetricHistory.Series> ratios = new java.util.LinkedHashMap<>();
        ratios.put("weight_ih_l0", ih.snapshot());
        ratios.put("weight_hh_l0", hh.snapshot());
        ratios.put("head.weight", head.snapshot());
        assertEquals("‖Δp‖ = 0 (not on a log axis) since iteration 8: weight_ih_l0, weight_hh_l0",
                TrainingSeries.unchangedSince(ratios));
        ratios.remove("weight_ih_l0");
        ratios.remove("weight_hh_l0");
        assertEquals("", TrainingSeries.unchangedSince(ratios));
        assertEquals("", TrainingSeries.unchangedSince(Map.of("empty", MetricHistory.Series.EMPTY)));
    }
}
