package org.rnnexplorer.ui.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.geom.Ellipse2D;

/** Builders for the explorer's JFreeChart views, each wrapped in a themed, exportable {@link ChartBox}. */
public final class Charts {

    private Charts() {
    }

    /**
     * Lines through points, e.g. ‖∂L/∂h_t‖ against t; a log y-axis shows exponential growth or decay as a straight
     * line.
     */
    public static ChartBox lines(String title, String xLabel, String yLabel, boolean logY, BatchedSeries... series) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (BatchedSeries s : series) dataset.addSeries(s.series());
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        ValueAxis y;
        if (logY) {
            LogAxis log = AxisTicks.wholePowers(yLabel);
            y = log;
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(false);
            y = n;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.length > 1);
        return new ChartBox(chart, null);
    }

    /**
     * Eigenvalues as points in the complex plane with the unit circle: points outside it are modes that grow
     * step after step in the linearised recurrence, points inside decay.
     */
    public static ChartBox complexPlane(String title, BatchedSeries eigenvalues) {
        XYSeriesCollection dataset = new XYSeriesCollection(eigenvalues.series());
        NumberAxis re = new NumberAxis("Re λ");
        NumberAxis im = new NumberAxis("Im λ");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        XYPlot plot = new XYPlot(dataset, re, im, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        setComplexPlaneRadius(chart, 1.0);
        return new ChartBox(chart, (c, a) -> {
            XYPlot p = c.getXYPlot();
            p.clearAnnotations();
            p.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(-1, -1, 2, 2),
                    new BasicStroke(1.5f), a.foreground()));
            p.setDomainZeroBaselineVisible(true);
            p.setRangeZeroBaselineVisible(true);
            p.setDomainZeroBaselinePaint(a.gridLines());
            p.setRangeZeroBaselinePaint(a.gridLines());
        });
    }

    /** Sets both axes of a complex-plane chart to [-r, r] with r a little beyond the spectrum and the unit circle. */
    public static void setComplexPlaneRadius(JFreeChart chart, double spectralRadius) {
        double r = Math.max(1.0, Double.isFinite(spectralRadius) ? spectralRadius : 1.0) * 1.15;
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(-r, r);
        plot.getRangeAxis().setRange(-r, r);
    }

    /** The singular-value axis reaches at least this high: the σ = 1 line and its label above it stay in view. */
    static final double SIGMA_AXIS_MIN_TOP = 1.2;

    /**
     * Singular values σ_1 ≥ σ_2 ≥ … against their index, with a line at 1: when every σ &lt; 1/γ (γ = 1 for tanh)
     * backpropagated gradients must vanish (Pascanu et al. 2013).
     */
    public static ChartBox singularValues(String title, BatchedSeries values) {
        XYSeriesCollection dataset = new XYSeriesCollection(values.series());
        NumberAxis index = new NumberAxis("index i");
        index.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis sigma = new NumberAxis("σ_i") {
            // The line at σ = 1 is what the chart is read against: all σ below 0.9 put it out of view, and σ_max
            // near 1 (an orthogonal W_hh) left no room above it for its label, which the plot's edge cut off.
            @Override
            protected void autoAdjustRange() {
                super.autoAdjustRange();
                if (getUpperBound() < SIGMA_AXIS_MIN_TOP) {
                    setRange(new Range(getLowerBound(), SIGMA_AXIS_MIN_TOP), false, false);
                }
            }
        };
        sigma.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        XYPlot plot = new XYPlot(dataset, index, sigma, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        return new ChartBox(chart, (c, a) -> {
            XYPlot p = c.getXYPlot();
            p.clearRangeMarkers();
            ValueMarker one = new ValueMarker(1.0, a.foreground(), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            one.setLabel("σ = 1");
            one.setLabelPaint(a.foreground());
            one.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
            one.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            one.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            p.addRangeMarker(one);
        });
    }
}
