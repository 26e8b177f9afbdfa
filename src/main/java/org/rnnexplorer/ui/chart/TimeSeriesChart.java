package org.rnnexplorer.ui.chart;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnnexplorer.ui.fx.FrameScheduler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Lines against time steps (or iterations) that are replaced as a whole, with a cursor line and a highlighted band:
 * the live panes' charts. Every change made between two frames reaches JFreeChart in one batch on the next frame,
 * with the chart's notification off, so the chart redraws once per frame however many series changed; each series
 * is stroked as one path. The cursor and the band are JavaFX nodes laid over the plot, placed from the data area of
 * the last drawing, so that moving the cursor (60 times a second while playing) never redraws the chart. They are
 * therefore not part of an exported image. FX thread.
 */
public final class TimeSeriesChart extends ChartBox {

    /** How a line is drawn. */
    public enum Style { SOLID, DASHED, DOTTED, POINTS }

    /**
     * One line. On a log axis, values ≤ 0 and NaN are gaps.
     *
     * @param color a palette index of {@link ChartAppearance#series}, or -1 for the theme's foreground
     */
    public record Line(String key, double[] x, double[] y, Style style, int color) {
        public Line {
            if (x.length != y.length) throw new IllegalArgumentException(key + ": " + x.length + " x but " + y.length + " y");
        }
    }

    private final XYSeriesCollection dataset;
    private final Styling styling;
    private final boolean logY;
    private final Runnable flush = this::flush;
    private List<Line> pendingLines;
    private double cursor = Double.NaN, bandFrom = Double.NaN, bandTo = Double.NaN;
    private final Pane markers = new Pane();
    private final javafx.scene.shape.Line cursorLine = new javafx.scene.shape.Line();
    private final Rectangle band = new Rectangle();

    private TimeSeriesChart(JFreeChart chart, XYSeriesCollection dataset, Styling styling, boolean logY) {
        super(chart, styling::apply);
        this.dataset = dataset;
        this.styling = styling;
        this.logY = logY;
        markers.setMouseTransparent(true);
        markers.setManaged(false);
        cursorLine.getStyleClass().add("chart-time-cursor");
        band.getStyleClass().add("chart-time-band");
        cursorLine.setVisible(false);
        band.setVisible(false);
        markers.getChildren().addAll(band, cursorLine);
        getChildren().add(markers);
        chart.addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) placeMarkers(); // the data area may have moved
        });
    }

    /** An empty chart; {@code logY} shows exponential growth or decay as a straight line. */
    public static TimeSeriesChart create(String title, String xLabel, String yLabel, boolean logY) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0); // time runs exactly from the first step to the last
        x.setUpperMargin(0);
        ValueAxis y;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setSmallestValue(1e-38);
            y = log;
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(false);
            y = n;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one stroke per series instead of one per segment
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.getLegend().setVisible(false);
        Styling styling = new Styling();
        return new TimeSeriesChart(chart, dataset, styling, logY);
    }

    /** Replaces every line on the next frame. */
    public void setLines(List<Line> lines) {
        pendingLines = List.copyOf(lines);
        FrameScheduler.requestFrame(flush);
    }

    /** A vertical line at x (the time cursor); NaN hides it. */
    public void setCursor(double x) {
        if (Double.compare(x, cursor) == 0) return;
        cursor = x;
        placeMarkers();
    }

    /** A shaded band from x0 to x1 (e.g. the steps BPTT has walked); NaN hides it. */
    public void setBand(double x0, double x1) {
        double lo = Math.min(x0, x1), hi = Math.max(x0, x1);
        if (Double.compare(lo, bandFrom) == 0 && Double.compare(hi, bandTo) == 0) return;
        bandFrom = lo;
        bandTo = hi;
        placeMarkers();
    }

    /** Places the cursor and the band over the data area of the last drawing. */
    private void placeMarkers() {
        ChartRenderingInfo info = viewer().getCanvas().getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        boolean drawn = area != null && area.getWidth() > 0 && area.getHeight() > 0;
        XYPlot plot = chart().getXYPlot();
        ValueAxis x = plot.getDomainAxis();
        Node canvas = viewer().getCanvas();
        boolean showCursor = drawn && Double.isFinite(cursor) && x.getRange().contains(cursor);
        cursorLine.setVisible(showCursor);
        if (showCursor) {
            double px = x.valueToJava2D(cursor, area, plot.getDomainAxisEdge());
            Point2D top = markers.sceneToLocal(canvas.localToScene(px, area.getMinY()));
            Point2D bottom = markers.sceneToLocal(canvas.localToScene(px, area.getMaxY()));
            double snapped = Math.round(top.getX()) + 0.5;
            cursorLine.setStartX(snapped);
            cursorLine.setEndX(snapped);
            cursorLine.setStartY(top.getY());
            cursorLine.setEndY(bottom.getY());
        }
        boolean showBand = drawn && Double.isFinite(bandFrom) && Double.isFinite(bandTo);
        band.setVisible(showBand);
        if (showBand) {
            double lo = Math.max(bandFrom, x.getLowerBound()), hi = Math.min(bandTo, x.getUpperBound());
            double x0 = x.valueToJava2D(lo, area, plot.getDomainAxisEdge());
            double x1 = x.valueToJava2D(hi, area, plot.getDomainAxisEdge());
            Point2D a = markers.sceneToLocal(canvas.localToScene(Math.min(x0, x1), area.getMinY()));
            Point2D b = markers.sceneToLocal(canvas.localToScene(Math.max(x0, x1), area.getMaxY()));
            band.setX(a.getX());
            band.setY(a.getY());
            band.setWidth(Math.max(1, b.getX() - a.getX()));
            band.setHeight(Math.max(1, b.getY() - a.getY()));
        }
    }

    /** Fixes the y range (e.g. [0, 1] for fractions) instead of fitting the data. */
    public void setYRange(double low, double high) {
        chart().getXYPlot().getRangeAxis().setRange(low, high);
    }

    /** Points of series {@code index} now in the chart (after the last frame). */
    public int itemCount(int index) {
        return index < dataset.getSeriesCount() ? dataset.getSeries(index).getItemCount() : 0;
    }

    /** The series now in the chart, by key, or null. */
    public XYSeries series(String key) {
        int i = dataset.getSeriesIndex(key);
        return i < 0 ? null : dataset.getSeries(i);
    }

    public int seriesCount() {
        return dataset.getSeriesCount();
    }

    /** The cursor's x value, NaN when hidden. */
    public double cursor() {
        return cursor;
    }

    /** Where the cursor line is drawn, in this node's coordinates; NaN while it is not shown. */
    public double cursorLineX() {
        return cursorLine.isVisible() ? markers.localToParent(cursorLine.getStartX(), 0).getX() : Double.NaN;
    }

    private void flush() {
        JFreeChart chart = chart();
        chart.setNotify(false);
        try {
            if (pendingLines != null) {
                List<Line> lines = pendingLines;
                pendingLines = null;
                dataset.removeAllSeries();
                for (Line line : lines) {
                    XYSeries s = new XYSeries(line.key(), false, true);
                    double[] x = line.x(), y = line.y();
                    for (int i = 0; i < x.length; i++) {
                        double v = y[i];
                        s.add(x[i], logY && !(v > 0 && v < Double.POSITIVE_INFINITY) ? Double.NaN : v, false);
                    }
                    dataset.addSeries(s);
                }
                styling.lines = lines;
                chart.getLegend().setVisible(lines.size() > 1);
                styling.apply(chart, appearanceProperty().get());
            }
        } finally {
            chart.setNotify(true); // one change event: one redraw
        }
    }

    /** Per-series strokes and colours and the markers, re-applied when the theme changes. */
    private static final class Styling {
        private static final float[] DASH = {7f, 4f};
        private static final float[] DOT = {2f, 3f};
        List<Line> lines = List.of();

        void apply(JFreeChart chart, ChartAppearance a) {
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                Color paint = line.color() < 0 ? a.foreground() : a.series(line.color());
                r.setSeriesPaint(i, paint, false);
                r.setSeriesLinesVisible(i, line.style() != Style.POINTS);
                r.setSeriesShapesVisible(i, line.style() == Style.POINTS);
                r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7), false);
                float width = line.style() == Style.SOLID ? 1.6f : 1.4f;
                float[] dash = line.style() == Style.DASHED ? DASH : line.style() == Style.DOTTED ? DOT : null;
                r.setSeriesStroke(i, new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f, dash, 0f), false);
            }
        }
    }
}
