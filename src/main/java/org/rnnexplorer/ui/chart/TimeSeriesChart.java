package org.rnnexplorer.ui.chart;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Bounds;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnnexplorer.ui.fx.FxTimings;
import org.rnnexplorer.ui.fx.LatestWork;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lines against time steps (or iterations), replaced as a whole, with a cursor line and a highlighted band: the live
 * panes' charts.
 *
 * <p>Why not a JFreeChart-FX viewer: drawing a chart of a few 1000-point lines through FXGraphics2D costs 10–20 ms
 * of FX-thread time (text measuring dominates), several charts change with every pass, and the FX thread must
 * never spend more than a frame. So the chart is drawn with Java2D into an image on a chart-drawing thread, newest
 * request only ({@link LatestWork}), from an immutable description ({@link Spec}); the FX thread only copies the
 * finished pixels into a {@link PixelBuffer}. The cursor and the band are JavaFX nodes laid over the plot from the
 * data area of the last drawing, so that moving the cursor (60 times a second while playing) draws nothing. They
 * are not part of an exported image. FX thread, apart from the drawing.
 */
public final class TimeSeriesChart extends Region implements ExportableChart {

    /** How a line is drawn. */
    public enum Style { SOLID, DASHED, DOTTED, POINTS }

    /**
     * One line. On a log axis, values ≤ 0, ∞ and NaN are gaps.
     *
     * @param color a palette index of {@link ChartAppearance#series}, or -1 for the theme's foreground
     */
    public record SeriesLine(String key, double[] x, double[] y, Style style, int color) {
        public SeriesLine {
            if (x.length != y.length) throw new IllegalArgumentException(key + ": " + x.length + " x but " + y.length + " y");
        }
    }

    /**
     * Everything one drawing needs; immutable, so it can be drawn on any thread. {@code frame} is null or fixes
     * where the data area's left and right edges fall and the x range (see {@link #alignX}).
     */
    record Spec(String title, String xLabel, String yLabel, boolean logY, double yLow, double yHigh, List<SeriesLine> lines,
                ChartAppearance appearance, int width, int height, double pixelScale, XFrame frame) {
    }

    /**
     * A data area from {@code left} pixels after the chart's left edge to {@code right} pixels before its right edge,
     * over x values {@code xLow..xHigh}: how a chart lines its time axis up with a heatmap's columns above it. NaN
     * margins keep the chart's own (only the x range is fixed).
     */
    public record XFrame(double left, double right, double xLow, double xHigh) {
        /** Only an x range. */
        public static XFrame range(double xLow, double xHigh) {
            return new XFrame(Double.NaN, Double.NaN, xLow, xHigh);
        }

        /** Whether the margins are fixed (not only the x range). */
        boolean fixesMargins() {
            return Double.isFinite(left) && Double.isFinite(right);
        }
    }

    /**
     * A finished drawing: pixels, where the data area and the x range ended up (for the overlay), and the margins the
     * chart would take for itself left and right of its data area without a frame.
     */
    record Drawing(Spec spec, int[] argb, int pixelWidth, int pixelHeight, Rectangle2D dataArea, double xLow,
                   double xHigh, double naturalLeft, double naturalRight, List<String> unreadable) {
    }

    private static final System.Logger LOG = System.getLogger(TimeSeriesChart.class.getName());

    // One thread draws every live chart: drawings are short and a second core is better left to the engine.
    private static final ExecutorService DRAWING = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rnnx-chart-drawing");
        t.setDaemon(true);
        return t;
    });

    private final String xLabel, yLabel;
    private final boolean logY;
    private final ObjectProperty<ChartAppearance> appearance = new SimpleObjectProperty<>(this, "appearance", ChartAppearance.DEFAULT);
    private final ImageView view = new ImageView();
    private final Line cursorLine = new Line();
    private final Rectangle band = new Rectangle();
    private final LatestWork<Drawing> drawing;
    private String title;
    private double yLow = Double.NaN, yHigh = Double.NaN;
    private XFrame frame;
    private Runnable onDrawingShown;
    private List<SeriesLine> lines = List.of();
    private Drawing shown;
    private PixelBuffer<IntBuffer> buffer;
    private IntBuffer bufferInts;
    private double cursor = Double.NaN, bandFrom = Double.NaN, bandTo = Double.NaN;
    private long drawingsShown;
    private int requestedWidth = -1, requestedHeight = -1;

    private TimeSeriesChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.drawing = new LatestWork<>(DRAWING, Platform::runLater, this::show, this::drawingFailed);
        getStyleClass().add("chart-box");
        view.setPreserveRatio(false);
        view.setSmooth(true);
        cursorLine.getStyleClass().add("chart-time-cursor");
        band.getStyleClass().add("chart-time-band");
        cursorLine.setMouseTransparent(true);
        band.setMouseTransparent(true);
        cursorLine.setVisible(false);
        band.setVisible(false);
        getChildren().addAll(view, band, cursorLine);
        MenuItem export = new MenuItem("Export PNG or SVG…");
        export.setOnAction(e -> fireEvent(new ExportChartEvent(this)));
        ContextMenu menu = new ContextMenu(export);
        setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
        appearance.addListener(o -> redraw());
        setMinSize(160, 100);
        setPrefSize(400, 280);
    }

    /** An empty chart; {@code logY} shows exponential growth or decay as a straight line. */
    public static TimeSeriesChart create(String title, String xLabel, String yLabel, boolean logY) {
        return new TimeSeriesChart(title, xLabel, yLabel, logY);
    }

    /** Replaces every line; drawn off the FX thread, shown a frame or two later. */
    public void setLines(List<SeriesLine> newLines) {
        lines = List.copyOf(newLines);
        redraw();
    }

    public void setTitle(String newTitle) {
        if (newTitle.equals(title)) return;
        title = newTitle;
        redraw();
    }

    public String title() {
        return title;
    }

    /** Fixes the y range (e.g. [0, 1] for fractions) instead of fitting the data. */
    public void setYRange(double low, double high) {
        yLow = low;
        yHigh = high;
        redraw();
    }

    public ObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance;
    }

    /**
     * Puts the data area's left edge {@code frame.left()} pixels from this chart's left edge and its right edge
     * {@code frame.right()} pixels from its right edge, over x values {@code xLow..xHigh}, so that x lines up with
     * something drawn above or below (a heatmap's columns). Margins smaller than the axis needs are widened by the
     * caller, who reads {@link #naturalLeft()} and {@link #naturalRight()}. Null returns to the chart's own layout.
     */
    public void alignX(XFrame newFrame) {
        if (Objects.equals(newFrame, frame)) return;
        frame = newFrame;
        redraw();
    }

    public XFrame xFrame() {
        return frame;
    }

    /** Pixels left of the data area the chart takes without a frame (y axis and its labels); NaN before drawing. */
    public double naturalLeft() {
        return shown == null ? Double.NaN : shown.naturalLeft();
    }

    /** Pixels right of the data area the chart takes without a frame; NaN before drawing. */
    public double naturalRight() {
        return shown == null ? Double.NaN : shown.naturalRight();
    }

    /** Runs after each drawing reaches the screen (null for nothing): lets a view realign what depends on it. */
    public void setOnDrawingShown(Runnable action) {
        onDrawingShown = action;
    }

    /** A vertical line at x (the time cursor); NaN hides it. Moves a node; draws nothing. */
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

    /** Where the band is on screen, in this chart's coordinates, or null when hidden (for tests). */
    public Bounds bandBounds() {
        return band.isVisible() ? band.getBoundsInParent() : null;
    }

    /** Where the cursor line is on screen, in this chart's coordinates, or NaN when hidden (for tests). */
    public double cursorPixel() {
        return cursorLine.isVisible() ? cursorLine.getStartX() : Double.NaN;
    }

    /** The cursor's x value, NaN when hidden. */
    public double cursor() {
        return cursor;
    }

    /** Where the cursor line is drawn, in this node's coordinates; NaN while it is not shown. */
    public double cursorLineX() {
        return cursorLine.isVisible() ? cursorLine.getStartX() : Double.NaN;
    }

    /** The lines of the drawing now on screen (empty before the first). */
    public List<SeriesLine> shownLines() {
        return shown == null ? List.of() : shown.spec().lines();
    }

    /** The line with this key in the drawing now on screen, or null. */
    public SeriesLine shownLine(String key) {
        return shownLines().stream().filter(l -> l.key().equals(key)).findFirst().orElse(null);
    }

    /** What cannot be read in the drawing now on screen (see {@link AxisLabelFit}); empty before the first. */
    public List<String> unreadableParts() {
        return shown == null ? List.of() : shown.unreadable();
    }

    /** Drawings shown since creation. */
    public long drawingsShown() {
        return drawingsShown;
    }

    private void redraw() {
        Spec spec = spec(getWidth(), getHeight());
        if (spec.width() < 2 || spec.height() < 2) return; // drawn once laid out
        requestedWidth = spec.width();
        requestedHeight = spec.height();
        drawing.submit(() -> draw(spec));
    }

    private Spec spec(double width, double height) {
        double scale = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
        return new Spec(title, xLabel, yLabel, logY, yLow, yHigh, lines, appearance.get(), (int) Math.floor(width),
                (int) Math.floor(height), scale, frame);
    }

    /** Draws a spec into pixels: on the chart-drawing thread. */
    static Drawing draw(Spec s) {
        int pw = (int) Math.round(s.width() * s.pixelScale()), ph = (int) Math.round(s.height() * s.pixelScale());
        BufferedImage image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = image.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        JFreeChart chart = build(s);
        // With margins of its own the chart's natural margins are what it draws; only fixed margins (an aligned
        // chart) need them worked out beforehand, which measures the axis' labels once more.
        boolean fixed = s.frame() != null && s.frame().fixesMargins();
        double[] natural = null;
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(s.pixelScale(), s.pixelScale());
            if (fixed) natural = naturalMargins(chart, g, s.width(), s.height());
            if (s.frame() != null) fixMargins(chart, s.frame());
            chart.draw(g, new Rectangle2D.Double(0, 0, s.width(), s.height()), info);
        } finally {
            g.dispose();
        }
        ValueAxis x = chart.getXYPlot().getDomainAxis();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        if (natural == null) natural = new double[] {area.getMinX(), s.width() - area.getMaxX()};
        int[] argb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        return new Drawing(s, argb, pw, ph, area, x.getLowerBound(), x.getUpperBound(), natural[0], natural[1],
                AxisLabelFit.problems(chart, s.width(), s.height(), area));
    }

    /*
     * JFreeChart lays a plot out as: chart padding, then the plot's insets, then the range axis' space, then the axis
     * offset, then the data area (titles and legends go above and below). So a data-area edge at a given pixel is a
     * fixed range-axis space of that pixel less the three constant margins.
     */
    private static double constantLeft(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        return chart.getPadding().getLeft() + plot.getInsets().getLeft() + plot.getAxisOffset().getLeft();
    }

    private static double constantRight(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        return chart.getPadding().getRight() + plot.getInsets().getRight() + plot.getAxisOffset().getRight();
    }

    /** {left, right} margins of the data area as JFreeChart would choose them: the y axis' space plus the constants. */
    private static double[] naturalMargins(JFreeChart chart, Graphics2D g, int width, int height) {
        XYPlot plot = chart.getXYPlot();
        // The axis' width hardly depends on the plot's height (it only changes how many ticks are labelled).
        Rectangle2D plotArea = new Rectangle2D.Double(0, 0, width, Math.max(10, height - 60));
        AxisSpace space = plot.getRangeAxis().reserveSpace(g, plot, plotArea, RectangleEdge.LEFT, new AxisSpace());
        return new double[] {constantLeft(chart) + space.getLeft(), constantRight(chart) + space.getRight()};
    }

    private static void fixMargins(JFreeChart chart, XFrame f) {
        XYPlot plot = chart.getXYPlot();
        if (f.fixesMargins()) {
            AxisSpace space = new AxisSpace();
            space.setLeft(Math.max(0, f.left() - constantLeft(chart)));
            space.setRight(Math.max(0, f.right() - constantRight(chart)));
            plot.setFixedRangeAxisSpace(space);
        }
        if (f.xHigh() > f.xLow()) plot.getDomainAxis().setRange(f.xLow(), f.xHigh());
    }

    /** At most this many drawable points in a line, one of them with no drawable neighbour, and the line gets dots. */
    static final int FEW_POINTS = 5;

    /**
     * Whether a line's drawable points are few and one stands alone: a line needs two neighbouring points, so such a
     * point was not drawn at all (after the exploding preset ‖∂L/∂h_t‖ is 0, off the log axis, at every step but the
     * last, and the chart showed nothing). Few, so that a line with gaps here and there does not turn into dots.
     */
    static boolean fewIsolatedPoints(XYSeries series) {
        int n = series.getItemCount(), drawable = 0;
        boolean isolated = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(series.getY(i).doubleValue())) continue;
            drawable++;
            boolean before = i > 0 && Double.isFinite(series.getY(i - 1).doubleValue());
            boolean after = i + 1 < n && Double.isFinite(series.getY(i + 1).doubleValue());
            if (!before && !after) isolated = true;
        }
        return isolated && drawable <= FEW_POINTS;
    }

    /** A JFreeChart of a spec: a fresh one per drawing, so no chart is ever shared between threads. */
    static JFreeChart build(Spec s) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (SeriesLine line : s.lines()) {
            XYSeries series = new XYSeries(line.key(), false, true);
            double[] x = line.x(), y = line.y();
            for (int i = 0; i < x.length; i++) {
                double v = y[i];
                series.add(x[i], s.logY() && !(v > 0 && v < Double.POSITIVE_INFINITY) ? Double.NaN : v, false);
            }
            dataset.addSeries(series);
        }
        NumberAxis x = new NumberAxis(s.xLabel());
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0); // time runs exactly from the first step to the last
        x.setUpperMargin(0);
        AxisTicks.wholeSteps(x); // t is a step: no tick at t = 0.2
        ValueAxis y;
        if (s.logY()) {
            LogAxis log = AxisTicks.wholePowers(s.yLabel());
            y = log;
        } else {
            NumberAxis n = new NumberAxis(s.yLabel());
            n.setAutoRangeIncludesZero(false);
            y = n;
        }
        if (Double.isFinite(s.yLow()) && Double.isFinite(s.yHigh())) {
            double[] r = s.logY() ? AxisTicks.wholeDecades(s.yLow(), s.yHigh()) : new double[] {s.yLow(), s.yHigh()};
            y.setRange(r[0], r[1]);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one stroke per series instead of one per segment
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        JFreeChart chart = new JFreeChart(s.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, s.lines().size() > 1);
        ChartAppearance a = s.appearance();
        ChartStyler.apply(chart, a);
        for (int i = 0; i < s.lines().size(); i++) {
            SeriesLine line = s.lines().get(i);
            Color paint = line.color() < 0 ? a.foreground() : a.series(line.color());
            renderer.setSeriesPaint(i, paint, false);
            renderer.setSeriesLinesVisible(i, line.style() != Style.POINTS);
            boolean dots = line.style() == Style.POINTS || fewIsolatedPoints(dataset.getSeries(i));
            renderer.setSeriesShapesVisible(i, dots);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7), false);
            float width = line.style() == Style.SOLID ? 1.6f : 1.4f;
            float[] dash = line.style() == Style.DASHED ? new float[] {7f, 4f}
                    : line.style() == Style.DOTTED ? new float[] {2f, 3f} : null;
            renderer.setSeriesStroke(i, new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f, dash, 0f), false);
        }
        return chart;
    }

    /** Shows a finished drawing: a pixel copy, on the FX thread. */
    private void show(Drawing d) {
        FxTimings.time("chart pixels shown", () -> {
            int pw = d.pixelWidth(), ph = d.pixelHeight();
            if (buffer == null || buffer.getWidth() != pw || buffer.getHeight() != ph) {
                bufferInts = ByteBuffer.allocateDirect(pw * ph * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
                buffer = new PixelBuffer<>(pw, ph, bufferInts, PixelFormat.getIntArgbPreInstance());
                view.setImage(new WritableImage(buffer));
            }
            buffer.updateBuffer(b -> {
                bufferInts.put(0, d.argb());
                return null;
            });
            view.setFitWidth(d.spec().width());
            view.setFitHeight(d.spec().height());
            shown = d;
            drawingsShown++;
            placeMarkers();
        });
        if (onDrawingShown != null) onDrawingShown.run();
    }

    /**
     * A drawing that threw: the chart goes blank rather than keep the previous drawing, whose lines (another pass,
     * another preset) no longer agree with the text beside it. FX thread.
     */
    private void drawingFailed(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "chart \"" + title + "\" not drawn: " + e);
        shown = null;
        buffer = null;
        bufferInts = null;
        view.setImage(null);
        placeMarkers();
    }

    /** Places the cursor and the band over the data area of the drawing on screen. */
    private void placeMarkers() {
        Drawing d = shown;
        Rectangle2D area = d == null ? null : d.dataArea();
        boolean drawn = area != null && area.getWidth() > 0 && d.xHigh() > d.xLow();
        boolean showCursor = drawn && cursor >= d.xLow() && cursor <= d.xHigh();
        cursorLine.setVisible(showCursor);
        if (showCursor) {
            double x = Math.round(xPixel(d, cursor)) + 0.5;
            cursorLine.setStartX(x);
            cursorLine.setEndX(x);
            cursorLine.setStartY(area.getMinY());
            cursorLine.setEndY(area.getMaxY());
        }
        boolean showBand = drawn && Double.isFinite(bandFrom) && Double.isFinite(bandTo) && bandTo >= d.xLow()
                && bandFrom <= d.xHigh();
        band.setVisible(showBand);
        if (showBand) {
            double x0 = xPixel(d, Math.max(bandFrom, d.xLow())), x1 = xPixel(d, Math.min(bandTo, d.xHigh()));
            band.setX(x0);
            band.setY(area.getMinY());
            band.setWidth(Math.max(1, x1 - x0));
            band.setHeight(area.getHeight());
        }
    }

    /** The x axis is linear (NumberAxis): a value's position in the data area of the drawing. */
    private static double xPixel(Drawing d, double value) {
        Rectangle2D area = d.dataArea();
        return area.getMinX() + (value - d.xLow()) / (d.xHigh() - d.xLow()) * area.getWidth();
    }

    @Override
    protected void layoutChildren() {
        view.relocate(0, 0);
        int w = (int) Math.floor(getWidth()), h = (int) Math.floor(getHeight());
        if (w != requestedWidth || h != requestedHeight) redraw(); // resized: draw again at the new size
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 280;
    }

    @Override
    public String exportName() {
        return title == null || title.isEmpty() ? "chart" : title;
    }

    @Override
    public int[] exportSize() {
        return new int[] {(int) Math.max(560, getWidth()), (int) Math.max(360, getHeight())};
    }

    /** The lines now set, drawn by a chart of their own: safe on the export thread. */
    @Override
    public ChartDrawing captureDrawing(int width, int height) {
        // An export keeps the aligned x range but lays its margins out for itself (nothing above it to line up with).
        Spec s = spec(width, height);
        XFrame f = s.frame();
        return (g, vector) -> {
            JFreeChart chart = build(s);
            if (f != null && f.xHigh() > f.xLow()) chart.getXYPlot().getDomainAxis().setRange(f.xLow(), f.xHigh());
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        };
    }

    @Override
    public String toString() {
        return exportName();
    }
}
