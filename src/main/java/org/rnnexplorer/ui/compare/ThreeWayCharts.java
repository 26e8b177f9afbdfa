package org.rnnexplorer.ui.compare;

import javafx.beans.value.ObservableValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.chart.AxisTicks;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.MarkerKeys;
import org.rnnexplorer.ui.fx.FrameScheduler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The three-way comparison's two charts: the loss of runs A, B and C against iteration with the chance level, and
 * ‖∂L/∂h_t‖ of each run's latest pass against t, both on log axes so that a gradient 10⁻²⁰ of another's and a loss
 * a hundred times lower than chance are both visible. Each curve is named by its side and variant
 * ("A: tanh, PyTorch default init"). FX thread; redraws at most once per frame.
 */
public final class ThreeWayCharts {

    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {6f, 4f}, 0f);
    private static final List<String> SIDES = List.of("A", "B", "C");

    private final XYSeries[] loss = new XYSeries[SIDES.size()];
    private final XYSeries[] grad = new XYSeries[SIDES.size()];
    private final XYSeriesCollection lossData = new XYSeriesCollection();
    private final XYSeriesCollection gradData = new XYSeriesCollection();
    private final ServiceSnapshot[] pending = new ServiceSnapshot[SIDES.size()];
    private final boolean[] due = new boolean[SIDES.size()];
    private final ChartBox lossChart;
    private final ChartBox gradChart;
    private final Runnable redraw = this::redraw;
    private double baseline = Double.NaN;
    /** The loss legend's chance-level entry (null: none). */
    private LegendItem chanceKey;
    /** Per side, the steps of the latest pass whose ‖∂L/∂h_t‖ is exactly 0, and the steps it has. */
    private final int[] zeroSteps = new int[SIDES.size()], passSteps = new int[SIDES.size()];
    /**
     * In the gradient chart's top left corner, while a run has steps of exactly 0: they have no place on a log axis,
     * and a ReLU run's curve began at t = 79 without a word.
     */
    private final TextTitle zeroNote = new TextTitle("");
    private final XYTitleAnnotation zeroAnnotation = new XYTitleAnnotation(0.01, 0.98, zeroNote, RectangleAnchor.TOP_LEFT);

    public ThreeWayCharts(ObservableValue<ChartAppearance> appearance) {
        for (int i = 0; i < SIDES.size(); i++) {
            loss[i] = new XYSeries(SIDES.get(i), false, true);
            grad[i] = new XYSeries(SIDES.get(i), false, true);
            lossData.addSeries(loss[i]);
            gradData.addSeries(grad[i]);
        }
        NumberAxis iteration = AxisTicks.wholeSteps(new NumberAxis("iteration"));
        iteration.setAutoRangeIncludesZero(false);
        lossChart = new ChartBox(new JFreeChart("Loss: A, B and C", JFreeChart.DEFAULT_TITLE_FONT,
                new XYPlot(lossData, iteration, logAxis("loss"), new XYLineAndShapeRenderer(true, false)), true),
                (c, a) -> styleChance(c, a));
        MarkerKeys.append(lossChart.chart(), () -> chanceKey);
        NumberAxis t = AxisTicks.wholeSteps(new NumberAxis("time step t"));
        gradChart = new ChartBox(new JFreeChart("‖∂L/∂h_t‖ of the latest pass: A, B and C",
                JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(gradData, t, logAxis("‖∂L/∂h_t‖"),
                new XYLineAndShapeRenderer(true, false)), true), (c, a) -> {
                    zeroNote.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(a.font(11))));
                    zeroNote.setPaint(a.foreground());
                    Color back = a.plotBackground();
                    zeroNote.setBackgroundPaint(new Color(back.getRed(), back.getGreen(), back.getBlue(), 220));
                });
        zeroAnnotation.setMaxWidth(0.6);
        for (ChartBox b : List.of(lossChart, gradChart)) b.appearanceProperty().bind(appearance);
    }

    /** Names side {@code side} (0 A, 1 B, 2 C) in both legends, e.g. "B: LSTM, PyTorch default init". */
    public void label(int side, String variant) {
        String key = SIDES.get(side) + ": " + variant;
        if (key.equals(loss[side].getKey())) return;
        loss[side].setKey(key);
        grad[side].setKey(key);
    }

    /** Shows a side's snapshot on the next frame (null empties its curves). */
    public void show(int side, ServiceSnapshot s) {
        pending[side] = s;
        due[side] = true;
        FrameScheduler.requestFrame(redraw);
    }

    private void redraw() {
        for (int side = 0; side < SIDES.size(); side++) {
            if (!due[side]) continue;
            due[side] = false;
            ThreeWaySeries.Run r = ThreeWaySeries.of(pending[side]);
            pending[side] = null;
            replace(loss[side], r.loss().x(), r.loss().y());
            replace(grad[side], r.gradT(), r.gradNorm());
            zeroSteps[side] = 0;
            for (double g : r.gradNorm()) if (g == 0) zeroSteps[side]++;
            passSteps[side] = r.gradNorm().length;
            if (!Double.isNaN(r.baseline()) && Double.compare(r.baseline(), baseline) != 0) {
                baseline = r.baseline();
                styleChance(lossChart.chart(), lossChart.appearanceProperty().get());
            }
        }
        String note = zeroNote(zeroSteps, passSteps);
        XYPlot plot = gradChart.chart().getXYPlot();
        boolean shown = plot.getAnnotations().contains(zeroAnnotation);
        if (note.isEmpty()) {
            if (shown) plot.removeAnnotation(zeroAnnotation);
        } else {
            if (!note.equals(zeroNote.getText())) zeroNote.setText(note); // setText redraws: only on a change
            if (!shown) plot.addAnnotation(zeroAnnotation);
        }
    }

    /** e.g. "‖∂L/∂h_t‖ = 0 exactly (not on a log axis): A at 79 of 100 steps"; "" when no side has such a step. */
    static String zeroNote(int[] zeros, int[] steps) {
        List<String> parts = new ArrayList<>();
        for (int side = 0; side < zeros.length; side++) {
            if (zeros[side] > 0) parts.add(SIDES.get(side) + " at " + zeros[side] + " of " + steps[side] + " steps");
        }
        return parts.isEmpty() ? "" : "‖∂L/∂h_t‖ = 0 exactly (not on a log axis): " + String.join(", ", parts);
    }

    /** The gradient chart's note on steps of exactly 0; "" when none is shown (for tests). */
    public String zeroNote() {
        return gradChart.chart().getXYPlot().getAnnotations().contains(zeroAnnotation) ? zeroNote.getText() : "";
    }

    private static void replace(XYSeries series, double[] x, double[] y) {
        series.setNotify(false);
        series.clear();
        for (int i = 0; i < x.length; i++) if (y[i] > 0 && Double.isFinite(y[i])) series.add(x[i], y[i], false);
        series.setNotify(true);
    }

    private void styleChance(JFreeChart chart, ChartAppearance a) {
        XYPlot p = chart.getXYPlot();
        p.clearRangeMarkers();
        chanceKey = null;
        if (!(baseline > 0)) return;
        // Named in the legend: the runs that do not learn lie on the line, and a label over it hid them.
        p.addRangeMarker(new ValueMarker(baseline, a.foreground(), DASHED));
        chanceKey = MarkerKeys.dashed(String.format(Locale.ROOT, "chance level %.4g", baseline), a.foreground(), DASHED,
                null);
    }

    private static LogAxis logAxis(String label) {
        LogAxis y = AxisTicks.wholePowers(label);
        y.setBase(10);
        y.setAutoRangeMinimumSize(1e-9);
        return y;
    }

    public ChartBox loss() {
        return lossChart;
    }

    public ChartBox gradientPerStep() {
        return gradChart;
    }

    /** Legend names of the curves that have points, loss chart first then the gradient chart (for tests). */
    public List<String> drawnCurves() {
        return Arrays.stream(new XYSeries[][] {loss, grad}).flatMap(Arrays::stream)
                .filter(s -> s.getItemCount() > 0).map(s -> s.getKey().toString()).toList();
    }
}
