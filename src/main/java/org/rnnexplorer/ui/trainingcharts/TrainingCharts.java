package org.rnnexplorer.ui.trainingcharts;

import javafx.beans.value.ObservableValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.rnnexplorer.engine.Numbers;
import org.rnnexplorer.service.MetricHistory;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.chart.AxisTicks;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.MarkerKeys;
import org.rnnexplorer.ui.fx.FrameScheduler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training charts of one run, fed with its snapshots: loss against iteration with the min–max band of each
 * decimated point and the task's chance level; the gradient norm before and after clipping with the steps where
 * clipping fired; the update ratio ‖Δp‖/‖p‖ of every parameter with DL4J's healthy band around 10⁻³; and ρ and
 * σ_max of each W_hh. Used by the Training pane and, twice, by the A/B view. FX thread; redraws at most once per
 * frame.
 */
public final class TrainingCharts {

    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {6f, 4f}, 0f);

    private final String prefix;
    private final YIntervalSeries loss = new YIntervalSeries("loss (band: min–max per point)", false, true);
    /** The service's moving average of the raw losses, a line without a band over the loss's. */
    private final YIntervalSeries lossEma = new YIntervalSeries(TrainingSeries.EMA_LABEL, false, true);
    private final XYSeries gradBefore = new XYSeries("before clipping", false, true);
    private final XYSeries gradAfter = new XYSeries("after clipping", false, true);
    private final XYSeries clipEvents = new XYSeries("clipping fired", false, true);
    /** Whether the run shown clips its gradients (else the chart draws and names one norm, not "before clipping"). */
    private boolean clipping = true;
    /** What the empty charts' legend assumes ({@link #clippingWhileEmpty}). */
    private boolean clippingWhileEmpty = true;
    /**
     * In the update-ratio chart's top right corner, while there is something to say: the parameters whose lines stopped
     * because their updates became exactly 0. Inside the plot, not a subtitle: a line under the chart took the height
     * its axis label needs in a 1024 × 700 window (LessonStripFitUiTest).
     */
    private final TextTitle unchangedNote = new TextTitle("");
    private final XYTitleAnnotation unchangedAnnotation = new XYTitleAnnotation(0.99, 0.98, unchangedNote,
            RectangleAnchor.TOP_RIGHT);
    /**
     * In the ρ chart, for an LSTM or GRU run: why it has no line. The chart stood empty beside a 8,000-iteration GRU run
     * without a word.
     */
    private final TextTitle gatedNote = new TextTitle("");
    private final XYTitleAnnotation gatedAnnotation = new XYTitleAnnotation(0.5, 0.5, gatedNote, RectangleAnchor.CENTER);
    private final XYSeriesCollection ratios = new XYSeriesCollection();
    private final XYSeriesCollection spectra = new XYSeriesCollection();
    private final ChartBox lossChart;
    private final ChartBox gradChart;
    private final ChartBox ratioChart;
    private final ChartBox spectrumChart;
    private final Runnable redraw = this::redraw;
    private ServiceSnapshot pending;
    private ServiceSnapshot shown;
    private double baseline = Double.NaN;
    /** The loss legend's chance-level entry and the update-ratio legend's healthy-band entry (null: none). */
    private LegendItem chanceKey, healthyKey;
    private Runnable onRedrawn;

    /** @param prefix put before every chart title, e.g. "A: " in the A/B view; "" otherwise */
    public TrainingCharts(String prefix, ObservableValue<ChartAppearance> appearance) {
        this.prefix = prefix;
        lossChart = lossChart();
        gradChart = gradChart();
        ratioChart = ratioChart();
        spectrumChart = spectrumChart();
        for (ChartBox b : List.of(lossChart, gradChart, ratioChart, spectrumChart)) b.appearanceProperty().bind(appearance);
        lossChart.setHoverReadout(this::describeLoss);
        gradChart.setHoverReadout(this::describeGradient);
    }

    /** The loss point nearest iteration x: {@code iteration 120: loss 0.1523} (and its band when decimated). */
    public String describeLoss(double x) {
        int i = nearest(loss.getItemCount(), loss::getX, x);
        if (i < 0) return null;
        double low = loss.getYLowValue(i), high = loss.getYHighValue(i);
        String band = low < high ? String.format(Locale.ROOT, " (%s–%s over the iterations it covers)", num(low), num(high)) : "";
        double it = loss.getX(i).doubleValue();
        if (Double.isNaN(loss.getYValue(i)) && shown != null) {
            // A gap: the history's own value, as the watchdog's line gives it ("inf"), not the gap's NaN.
            MetricHistory.Series raw = shown.history().loss();
            for (int k = 0; k < raw.size(); k++) {
                if (raw.x()[k] == it) return "iteration " + Math.round(it) + ": loss " + Numbers.g(raw.y()[k], 4)
                        + " (not drawn: no place on a log axis)";
            }
        }
        return "iteration " + Math.round(it) + ": loss " + num(loss.getYValue(i)) + band;
    }

    /** The gradient norm nearest iteration x, before and after clipping, and whether clipping fired there. */
    String describeGradient(double x) {
        int i = nearest(gradBefore.getItemCount(), gradBefore::getX, x);
        if (i < 0) return null;
        double it = gradBefore.getX(i).doubleValue();
        StringBuilder sb = new StringBuilder("iteration ").append(Math.round(it)).append(": ‖g‖ = ")
                .append(num(gradBefore.getY(i).doubleValue()));
        int j = clipping ? gradAfter.indexOf(it) : -1;
        if (j >= 0) sb.append(", after clipping ").append(num(gradAfter.getY(j).doubleValue()));
        if (clippedAt(it)) sb.append(" (clipped)");
        return sb.toString();
    }

    /** The gradient-norm legend's name for the norm of a run without clipping. */
    static final String NORM_WITHOUT_CLIPPING = "‖∂L/∂θ‖₂ (no clipping)";

    /**
     * A run with clipping draws and names the norm before and after it and the steps where it fired; one without
     * draws one norm under its own name: "after clipping" and "clipping fired" beside a run that has none said there
     * was something to look for.
     */
    void showClipping(boolean on) {
        if (on == clipping) return;
        clipping = on;
        gradBefore.setKey(on ? "before clipping" : NORM_WITHOUT_CLIPPING);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) gradChart.chart().getXYPlot().getRenderer();
        for (int series : new int[] {1, 2}) {
            r.setSeriesVisible(series, on, false);
            r.setSeriesVisibleInLegend(series, on, false);
        }
        gradChart.chart().fireChartChanged();
    }

    /**
     * Whether the run the pane would start clips its gradients: the legend of the empty charts follows it (before any
     * run it named "before clipping", "after clipping" and "clipping fired" beside Clipping: none).
     */
    public void clippingWhileEmpty(boolean on) {
        clippingWhileEmpty = on;
        if (shown == null && pending == null) showClipping(on);
    }

    /** Whether clipping fired at the point of iteration x: from the history, as the dots are thinned out. */
    private boolean clippedAt(double x) {
        if (shown == null) return false;
        MetricHistory.Series fired = shown.history().clipped();
        for (int i = 0; i < fired.size(); i++) if (fired.x()[i] == x) return fired.yMax()[i] > 0;
        return false;
    }

    /** Index of the item whose x is nearest {@code x}, items in increasing x; -1 when there are none. */
    private static int nearest(int count, IntFunction<Number> xOf, double x) {
        if (count == 0 || Double.isNaN(x)) return -1;
        int lo = 0, hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xOf.apply(mid).doubleValue() < x) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0 && x - xOf.apply(lo - 1).doubleValue() < xOf.apply(lo).doubleValue() - x) lo--;
        return lo;
    }

    private static String num(double v) {
        return new Compact().format(v);
    }

    /** Shows a snapshot's history on the next frame (only the newest of several before it). */
    public void show(ServiceSnapshot snapshot) {
        pending = snapshot;
        FrameScheduler.requestFrame(redraw);
    }

    /** Empties every chart. */
    public void clear() {
        pending = null;
        shown = null;
        loss.clear();
        lossEma.clear();
        for (XYSeries s : List.of(gradBefore, gradAfter, clipEvents)) s.clear();
        showClipping(clippingWhileEmpty);
        ratios.removeAllSeries();
        showUnchanged("");
        showNote(spectrumChart, gatedAnnotation, gatedNote, "");
        spectra.removeAllSeries();
        setBaseline(Double.NaN);
        if (onRedrawn != null) onRedrawn.run();
    }

    private void redraw() {
        ServiceSnapshot s = pending;
        pending = null;
        if (s == null) return;
        if (shown != null && shown.spec() == s.spec() && shown.iteration() == s.iteration()
                && shown.history() == s.history()) return;
        shown = s;
        TrainingSeries.Charts c = TrainingSeries.of(s.history());

        loss.setNotify(false);
        loss.clear();
        TrainingSeries.Curve l = c.loss();
        for (int i = 0; i < l.size(); i++) loss.add(l.x()[i], l.y()[i], l.low()[i], l.high()[i]);
        loss.setNotify(true);
        lossEma.setNotify(false);
        lossEma.clear();
        TrainingSeries.Curve e = c.lossEma();
        for (int i = 0; i < e.size(); i++) lossEma.add(e.x()[i], e.y()[i], e.y()[i], e.y()[i]);
        lossEma.setNotify(true);
        setBaseline(c.baseline());

        showClipping(s.spec().clipping().kind() != GradientClipping.Kind.NONE);
        replace(gradBefore, c.gradNorm());
        replace(gradAfter, c.gradNormClipped());
        replace(clipEvents, c.clipEvents());
        if (!clipEvents.getKey().equals(c.clipEventsName())) clipEvents.setKey(c.clipEventsName());
        replaceAll(ratios, c.updateRatios(), "", "");
        String unchanged = TrainingSeries.unchangedSince(s.history().updateRatios());
        showUnchanged(unchanged);
        showNote(spectrumChart, gatedAnnotation, gatedNote, gatedNoteFor(s));
        replaceAll(spectra, c.spectralRadius(), "ρ ", "");
        replaceAll(spectra, c.sigmaMax(), "σ_max ", "");
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) spectrumChart.chart().getXYPlot().getRenderer();
        for (int i = 0; i < spectra.getSeriesCount(); i++) {
            boolean sigma = spectra.getSeriesKey(i).toString().startsWith("σ");
            r.setSeriesStroke(i, sigma ? DASHED : new BasicStroke(1.5f), false);
            r.setSeriesShape(i, SAMPLE_DOT, false);
            // Set only when it changes: the setter fires a redraw of its own (the one below covers this frame).
            Boolean dotted = sampledSparsely(spectra.getSeries(i));
            if (!dotted.equals(r.getSeriesShapesVisible(i))) r.setSeriesShapesVisible(i, dotted);
        }
        shareIterationAxis(); // redraws all four, the spectrum's new strokes included
        if (onRedrawn != null) onRedrawn.run();
    }

    /** At most this many points of a sparsely sampled ρ or σ_max series are dotted. */
    static final int DOTTED_SAMPLES = 40;
    private static final Ellipse2D SAMPLE_DOT = new Ellipse2D.Double(-2.5, -2.5, 5, 5);

    /**
     * Whether a ρ or σ_max series skips iterations and has few points: each point is then dotted, so that a line from
     * iteration 1 to 5 reads as two measurements, not as ρ climbing through 2, 3 and 4. A run that explodes within a
     * second gets a handful of measurements (each costs an eigen- and a singular-value decomposition), while the
     * update-ratio chart beside it has every iteration.
     */
    public static boolean sampledSparsely(XYSeries series) {
        int n = series.getItemCount();
        if (n < 2 || n > DOTTED_SAMPLES) return false;
        return series.getX(n - 1).doubleValue() - series.getX(0).doubleValue() > n - 1;
    }

    /**
     * All four charts over the same iterations, so that a spike in the loss lines up with the gradient norm, the
     * update ratios and ρ above and beside it (ρ and σ_max are sampled less often, and would otherwise start later).
     */
    private void shareIterationAxis() {
        double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
        for (ChartBox b : List.of(lossChart, gradChart, ratioChart, spectrumChart)) {
            XYDataset d = b.chart().getXYPlot().getDataset();
            for (int i = 0; i < d.getSeriesCount(); i++) {
                int n = d.getItemCount(i);
                if (n == 0) continue;
                low = Math.min(low, d.getXValue(i, 0));
                high = Math.max(high, d.getXValue(i, n - 1));
            }
        }
        for (ChartBox b : List.of(lossChart, gradChart, ratioChart, spectrumChart)) {
            ValueAxis x = b.chart().getXYPlot().getDomainAxis();
            if (high > low) x.setRange(low, high);
            else x.setAutoRange(true);
            // JFreeChart fits an auto-ranged y axis to the points inside the x range it had when the data changed,
            // which is the previous redraw's: a run that climbs by tens of decades in its last iterations (the
            // exploding preset) would end drawn off the top. Fit y again now that x holds every point.
            ValueAxis y = b.chart().getXYPlot().getRangeAxis();
            if (y.isAutoRange()) y.configure();
            // configure() sets the range without an event: without this the canvas kept the drawing made with the
            // previous y range, and the exploding run's loss, gradient norm and ρ left through the top of their charts.
            b.chart().fireChartChanged();
        }
    }

    /** The note in the update-ratio chart naming the parameters whose lines stopped at 0; "" when none did. */
    public String unchangedNote() {
        return ratioChart.chart().getXYPlot().getAnnotations().contains(unchangedAnnotation) ? unchangedNote.getText() : "";
    }

    private void showUnchanged(String text) {
        showNote(ratioChart, unchangedAnnotation, unchangedNote, text);
    }

    /** Shows {@code text} in a chart's note, or takes the note away for "". */
    private static void showNote(ChartBox box, XYTitleAnnotation annotation, TextTitle note, String text) {
        XYPlot plot = box.chart().getXYPlot();
        boolean shown = plot.getAnnotations().contains(annotation);
        if (text.isEmpty()) {
            if (shown) plot.removeAnnotation(annotation);
            return;
        }
        // setText redraws the chart: only when the note changes, not on every frame of a run.
        if (!text.equals(note.getText())) note.setText(text);
        if (!shown) plot.addAnnotation(annotation);
    }

    /** Why a gated run's ρ chart has no line; "" for an Elman RNN's. */
    static String gatedNoteFor(ServiceSnapshot s) {
        if (s == null || s.spec() == null || !s.spec().config().isGated()) return "";
        var mode = s.spec().config().mode();
        return "nn." + mode.moduleName() + "'s W_hh stacks " + mode.gateCount() + " gate blocks: it has no one ρ or "
                + "σ_max. The Weights pane shows each block's spectrum.";
    }

    /** The note in the ρ chart; "" when none is shown. */
    public String gatedNote() {
        return spectrumChart.chart().getXYPlot().getAnnotations().contains(gatedAnnotation) ? gatedNote.getText() : "";
    }

    /** Runs after each redraw and after {@link #clear} (null for nothing): lets a view link these axes to others. */
    public void setOnRedrawn(Runnable action) {
        onRedrawn = action;
    }

    /** Where a chart's data lies: x from low to high, y from low to high (positive, for the log axes). */
    public record Extent(double xLow, double xHigh, double yLow, double yHigh) {
        /** The smallest extent holding both; either may be null. */
        public static Extent union(Extent a, Extent b) {
            if (a == null) return b;
            if (b == null) return a;
            return new Extent(Math.min(a.xLow, b.xLow), Math.max(a.xHigh, b.xHigh), Math.min(a.yLow, b.yLow),
                    Math.max(a.yHigh, b.yHigh));
        }
    }

    /** The loss chart's data, its min–max bands and the chance level included; null while empty. */
    public Extent lossExtent() {
        Extent e = null;
        for (int i = 0; i < loss.getItemCount(); i++) {
            e = widen(e, loss.getX(i).doubleValue(), loss.getYLowValue(i));
            e = widen(e, loss.getX(i).doubleValue(), loss.getYHighValue(i));
        }
        if (e != null && baseline > 0) e = widen(e, e.xLow(), baseline);
        return e;
    }

    /** The gradient-norm chart's data, before and after clipping; null while empty. */
    public Extent gradientExtent() {
        Extent e = null;
        for (XYSeries s : List.of(gradBefore, gradAfter)) {
            for (int i = 0; i < s.getItemCount(); i++) e = widen(e, s.getX(i).doubleValue(), s.getY(i).doubleValue());
        }
        return e;
    }

    /** e widened to hold (x, y); y that a log axis cannot show (≤ 0, not finite) is left out. */
    private static Extent widen(Extent e, double x, double y) {
        if (!Double.isFinite(x)) return e;
        boolean yOk = y > 0 && Double.isFinite(y);
        if (e == null) return yOk ? new Extent(x, x, y, y) : null;
        return new Extent(Math.min(e.xLow(), x), Math.max(e.xHigh(), x), yOk ? Math.min(e.yLow(), y) : e.yLow(),
                yOk ? Math.max(e.yHigh(), y) : e.yHigh());
    }

    /**
     * Draws the loss and gradient-norm charts over these extents instead of their own data's (null: their own), so
     * that two runs side by side share their scales. The log axes get a little room above and below.
     */
    public void fixRanges(Extent lossRange, Extent gradientRange) {
        fix(lossChart, lossRange);
        fix(gradChart, gradientRange);
    }

    private static void fix(ChartBox box, Extent e) {
        XYPlot p = box.chart().getXYPlot();
        ValueAxis x = p.getDomainAxis(), y = p.getRangeAxis();
        if (e == null) {
            x.setAutoRange(true);
            y.setAutoRange(true);
            return;
        }
        if (e.xHigh() > e.xLow()) x.setRange(e.xLow(), e.xHigh());
        else x.setAutoRange(true);
        double pad = Math.pow(e.yHigh() / e.yLow(), 0.04) * 1.05;  // about 4% of the decades shown, at least 5%
        double[] r = AxisTicks.wholeDecades(e.yLow() / pad, e.yHigh() * pad);
        y.setRange(r[0], r[1]);
    }

    /** Range of an axis now shown (for tests): {low, high}. */
    public static double[] range(ChartBox box, boolean xAxis) {
        XYPlot p = box.chart().getXYPlot();
        ValueAxis a = xAxis ? p.getDomainAxis() : p.getRangeAxis();
        return new double[] {a.getLowerBound(), a.getUpperBound()};
    }

    private static void replace(XYSeries series, TrainingSeries.Curve c) {
        series.setNotify(false);
        series.clear();
        for (int i = 0; i < c.size(); i++) series.add(c.x()[i], c.y()[i], false);
        series.setNotify(true);
    }

    /** Keeps one series per name (keys "ρ l0", ...), adding those a new run brings. */
    private static void replaceAll(XYSeriesCollection collection, Map<String, TrainingSeries.Curve> curves,
                                   String keyPrefix, String keySuffix) {
        for (var e : curves.entrySet()) {
            String key = keyPrefix + e.getKey() + keySuffix;
            int index = collection.getSeriesIndex(key);
            XYSeries series;
            if (index < 0) {
                series = new XYSeries(key, false, true);
                collection.addSeries(series);
            } else {
                series = collection.getSeries(index);
            }
            replace(series, e.getValue());
        }
    }

    /** Draws the loss chart's chance level at {@code value} (NaN: none), as a run's history gives it. */
    void setBaseline(double value) {
        if (Double.compare(value, baseline) == 0) return;
        baseline = value;
        styleLossMarkers(lossChart.chart(), lossChart.appearanceProperty().get());
    }

    // --- charts ---

    private ChartBox lossChart() {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        dataset.addSeries(loss);
        dataset.addSeries(lossEma);
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.25f);
        renderer.setSeriesStroke(1, new BasicStroke(2.2f));
        XYPlot plot = new XYPlot(dataset, iterationAxis(), logAxis("loss"), renderer);
        JFreeChart chart = new JFreeChart(prefix + "Loss", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        MarkerKeys.append(chart, () -> chanceKey);
        return new ChartBox(chart, (c, a) -> {
            XYPlot p = c.getXYPlot();
            ((DeviationRenderer) p.getRenderer()).setSeriesFillPaint(0, a.series(0));
            p.getRenderer().setSeriesPaint(1, a.series(2));
            styleLossMarkers(c, a);
        });
    }

    private void styleLossMarkers(JFreeChart chart, ChartAppearance a) {
        XYPlot p = chart.getXYPlot();
        p.clearRangeMarkers();
        chanceKey = null;
        if (Double.isNaN(baseline) || !(baseline > 0)) return;
        // Named in the legend, not over the line: the loss of a run that does not learn lies on the chance level, and
        // a label there hid the very curve it explains.
        p.addRangeMarker(new ValueMarker(baseline, a.series(1), DASHED));
        chanceKey = MarkerKeys.dashed(String.format(Locale.ROOT, "chance level %.4g", baseline), a.series(1), DASHED,
                null);
    }

    private ChartBox gradChart() {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(gradBefore);
        dataset.addSeries(gradAfter);
        dataset.addSeries(clipEvents);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesShapesVisible(2, true);
        renderer.setSeriesShape(2, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesStroke(1, DASHED);
        XYPlot plot = new XYPlot(dataset, iterationAxis(), logAxis("‖∂L/∂θ‖₂"), renderer);
        return new ChartBox(new JFreeChart(prefix + "Gradient norm", JFreeChart.DEFAULT_TITLE_FONT, plot, true), null);
    }

    private ChartBox ratioChart() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(ratios, iterationAxis(), logAxis("‖Δp‖ / ‖p‖"), renderer);
        JFreeChart chart = new JFreeChart(prefix + "Update ratio per parameter", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        MarkerKeys.append(chart, () -> healthyKey);
        unchangedAnnotation.setMaxWidth(0.9); // wraps within the plot

        return new ChartBox(chart, (c, a) -> {
            unchangedNote.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
            unchangedNote.setPaint(a.foreground());
            Color back = a.plotBackground();
            unchangedNote.setBackgroundPaint(new Color(back.getRed(), back.getGreen(), back.getBlue(), 220));
            XYPlot p = c.getXYPlot();
            p.clearRangeMarkers();
            IntervalMarker band = new IntervalMarker(1e-4, 1e-2);
            Color g = a.series(2);
            band.setPaint(new Color(g.getRed(), g.getGreen(), g.getBlue(), 40));
            p.addRangeMarker(band, Layer.BACKGROUND);
            p.addRangeMarker(new ValueMarker(1e-3, a.series(2), DASHED));
            // In the legend: a healthy run's curves lie on this line, and a label over it hid them.
            healthyKey = MarkerKeys.dashed(HEALTHY_KEY, a.series(2), DASHED, band.getPaint());
        });
    }

    private ChartBox spectrumChart() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        // Log: an exploding run takes ρ from about 1 to 10²⁰ and more; a linear axis would lay the whole run flat
        // along its bottom edge and the chart would look empty.
        // The legend under the chart tells the solid ρ from the dashed σ_max: "ρ (solid), σ_max (dashed)" ran off the
        // chart's top while a run showed its predictions at 1366 × 768.
        ValueAxis y = logAxis("ρ, σ_max");
        XYPlot plot = new XYPlot(spectra, iterationAxis(), y, renderer);
        JFreeChart chart = new JFreeChart(prefix + "ρ and σ_max of W_hh", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        gatedAnnotation.setMaxWidth(0.9); // wraps within the plot
        return new ChartBox(chart, (c, a) -> {
            gatedNote.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
            gatedNote.setPaint(a.foreground());
            XYPlot p = c.getXYPlot();
            p.clearRangeMarkers();
            ValueMarker one = new ValueMarker(1.0, a.foreground(), DASHED);
            one.setLabel("1");
            label(one, a, RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT);
            p.addRangeMarker(one);
        });
    }

    /** The update-ratio legend's last entry, for the dashed line at 10⁻³ and the shaded band. */
    static final String HEALTHY_KEY = "healthy ≈ 10⁻³, band 10⁻⁴…10⁻² (DL4J)";

    private static void label(ValueMarker m, ChartAppearance a, RectangleAnchor anchor, TextAnchor text) {
        Color back = a.plotBackground();
        m.setLabelBackgroundColor(new Color(back.getRed(), back.getGreen(), back.getBlue(), 210));
        m.setLabelPaint(a.foreground());
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(text);
    }

    private static NumberAxis iterationAxis() {
        NumberAxis x = new NumberAxis("iteration");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return x;
    }

    /**
     * A log axis labelled as every other pane's log axis is (10⁻², 10⁰, 10¹: whole powers, written as powers), so the
     * loss beside the gradient norm reads as the Gradient flow pane's ∂L/∂h_t does; it had "0.01, 1, 1e1".
     */
    static LogAxis logAxis(String label) {
        LogAxis y = AxisTicks.wholePowers(label);
        y.setAutoRangeMinimumSize(1e-9);
        return y;
    }

    /**
     * Numbers in readouts: the value to three significant digits, as BigDecimal writes it (0.167, 0.0001, 2.5e3,
     * 1e-7).
     */
    static final class Compact extends NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            if (v == 0 || !Double.isFinite(v)) return to.append(v);
            String s = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toString();
            return to.append(s.replace("E+", "e").replace('E', 'e'));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            try {
                double v = Double.parseDouble(source.substring(pos.getIndex()).trim());
                pos.setIndex(source.length());
                return v;
            } catch (NumberFormatException e) {
                pos.setErrorIndex(pos.getIndex());
                return null;
            }
        }
    }

    // --- access ---

    public ChartBox loss() {
        return lossChart;
    }

    public ChartBox gradientNorm() {
        return gradChart;
    }

    public ChartBox updateRatios() {
        return ratioChart;
    }

    public ChartBox spectra() {
        return spectrumChart;
    }

    /** Every chart, for File ▸ Export chart…. */
    public List<ExportableChart> all() {
        return new ArrayList<>(List.of(lossChart, gradChart, ratioChart, spectrumChart));
    }

    /** The moving average's points as drawn: {x, y} per point (for tests). */
    public double[][] lossEmaPoints() {
        double[][] out = new double[lossEma.getItemCount()][];
        for (int i = 0; i < out.length; i++) out[i] = new double[] {lossEma.getX(i).doubleValue(), lossEma.getYValue(i)};
        return out;
    }

    /** The legend's names of the loss chart's series, in order (for tests). */
    public List<String> lossLegend() {
        return List.of(loss.getKey().toString(), lossEma.getKey().toString());
    }

    /** Points drawn on the loss chart (for tests). */
    public int lossPoints() {
        return loss.getItemCount();
    }

    /** Points drawn on the gradient-norm chart, before clipping (for tests). */
    public int gradientPoints() {
        return gradBefore.getItemCount();
    }
}
