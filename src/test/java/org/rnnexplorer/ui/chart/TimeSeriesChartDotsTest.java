package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A line whose only drawable point stands alone gets a dot: after the exploding preset ‖∂L/∂h_t‖ was 0 (off the log
 * axis) at every step but the last, and the chart drew nothing at all. A line with its points together does not.
 */
class TimeSeriesChartDotsTest {

    private static JFreeChart chart(double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        TimeSeriesChart.SeriesLine line = new TimeSeriesChart.SeriesLine("‖∂L/∂h_t‖", x, y, TimeSeriesChart.Style.SOLID, 0);
        return TimeSeriesChart.build(new TimeSeriesChart.Spec("t", "t", "norm", true, Double.NaN, Double.NaN, List.of(line),
                ChartAppearance.DEFAULT, 400, 300, 1, null));
    }

    @Test
    void aLoneDrawablePointIsDotted() {
        double[] y = new double[100];
        y[99] = 5.8e35; // the rest 0: no place on a log axis
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart(y).getXYPlot().getRenderer();
        assertTrue(r.getSeriesShapesVisible(0), "the one point must be seen");
    }

    @Test
    void aWholeLineIsNotDotted() {
        double[] y = new double[100];
        for (int i = 0; i < y.length; i++) y[i] = Math.exp(-i / 10.0);
        y[40] = 0; // a gap in the middle does not make dots of the whole line
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart(y).getXYPlot().getRenderer();
        assertFalse(r.getSeriesShapesVisible(0));
    }
}
