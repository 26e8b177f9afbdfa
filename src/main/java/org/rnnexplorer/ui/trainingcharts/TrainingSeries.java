package org.rnnexplorer.ui.trainingcharts;

import org.rnnexplorer.service.MetricHistory;
import org.rnnexplorer.service.TrainingHistory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's {@link TrainingHistory} as the points the training charts draw. Log-scaled charts cannot show zero,
 * negative or non-finite values: those points become NaN, which the charts draw as a gap. No JavaFX.
 */
public final class TrainingSeries {

    /** Points of one curve: x (iteration), y, and the band [low, high] a decimated point spans. */
    public record Curve(double[] x, double[] y, double[] low, double[] high) {
        public static final Curve EMPTY = new Curve(new double[0], new double[0], new double[0], new double[0]);

        public int size() {
            return x.length;
        }
    }

    /**
     * @param loss           mean loss per point with its min–max band
     * @param baseline       the task's chance level, NaN without one
     * @param gradNorm       ‖g‖ before clipping
     * @param gradNormClipped ‖g‖ after clipping
     * @param clipEvents     points where clipping fired at least once, at the pre-clip norm; at most
 *                       {@link #MAX_CLIP_MARKERS}, evenly spaced, when it fired more often
     * @param clipEventsName the legend's name of those dots ({@link #clipMarkerName})
     * @param updateRatios   ‖Δp‖/‖p‖ per parameter name, in model order
     * @param spectralRadius ρ per W_hh label (l0, l0_reverse, ...)
     * @param sigmaMax       σ_max per W_hh label
     * @param lossEma        the loss's moving average (span {@link TrainingHistory#EMA_SPAN}) drawn over its band
     */
    public record Charts(Curve loss, double baseline, Curve gradNorm, Curve gradNormClipped, Curve clipEvents,
                         String clipEventsName,
                         Map<String, Curve> updateRatios, Map<String, Curve> spectralRadius, Map<String, Curve> sigmaMax,
                         Curve lossEma) {
    }

    /** The legend's name of the loss's moving average, e.g. "EMA, span 50". */
    public static final String EMA_LABEL = "EMA, span " + TrainingHistory.EMA_SPAN;

    private TrainingSeries() {
    }

    public static Charts of(TrainingHistory h) {
        Curve grad = curve(h.gradNorm(), true);
        MetricHistory.Series fired = h.clipped();
        int n = Math.min(fired.size(), grad.size());
        int count = 0;
        for (int i = 0; i < n; i++) if (fired.yMax()[i] > 0 && !Double.isNaN(grad.y()[i])) count++;
        double[] cx = new double[count], cy = new double[count];
        for (int i = 0, k = 0; i < n; i++) {
            if (fired.yMax()[i] > 0 && !Double.isNaN(grad.y()[i])) {
                cx[k] = grad.x()[i];
                cy[k++] = grad.y()[i];
            }
        }
        return new Charts(curve(h.loss(), true), h.baseline(), grad, curve(h.gradNormClipped(), true),
                thinned(new Curve(cx, cy, cy, cy), MAX_CLIP_MARKERS), clipMarkerName(count), curves(h.updateRatios()),
                curves(h.spectralRadius()),
                curves(h.sigmaMax()), curve(h.lossEma(), true));
    }

    /**
     * The parameters whose updates have been exactly zero since some iteration, to the end of the run so far (a layer
     * whose tanh units saturated gets no gradient): a log axis has no place for ‖Δp‖/‖p‖ = 0, so their lines stop
     * there without a word. E.g. "‖Δp‖ = 0 (not on a log axis) since iteration 8: weight_ih_l0, weight_hh_l0"; ""
     * when every parameter still moves.
     */
    public static String unchangedSince(Map<String, MetricHistory.Series> updateRatios) {
        Map<Long, List<String>> byIteration = new TreeMap<>();
        for (var e : updateRatios.entrySet()) {
            MetricHistory.Series s = e.getValue();
            int from = s.size();
            while (from > 0 && s.yMin()[from - 1] == 0 && s.yMax()[from - 1] == 0) from--;
            if (from < s.size()) byIteration.computeIfAbsent((long) s.x()[from], k -> new ArrayList<>()).add(e.getKey());
        }
        if (byIteration.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        byIteration.forEach((it, names) -> parts.add("since iteration " + it + ": " + String.join(", ", names)));
        return "‖Δp‖ = 0 (not on a log axis) " + String.join("; ", parts);
    }

    /** At most this many "clipping fired" dots: hundreds of them bury the clipped line they sit on. */
    public static final int MAX_CLIP_MARKERS = 60;

    /**
     * The legend's name of the dots where clipping fired: "clipping fired", or, when it fired at more points than
     * {@link #MAX_CLIP_MARKERS}, "clipping fired (60 of 1766 marked)" — a class counting the dots took 60 for the
     * number of clipped updates.
     *
     * @param events the points where it fired, all of them
     */
    public static String clipMarkerName(int events) {
        return events <= MAX_CLIP_MARKERS ? "clipping fired"
                : "clipping fired (" + MAX_CLIP_MARKERS + " of " + events + " marked)";
    }

    /** At most {@code max} points of c, evenly spaced over it, first and last kept. */
    static Curve thinned(Curve c, int max) {
        if (c.size() <= max) return c;
        double[] x = new double[max], y = new double[max];
        int[] kept = evenlySpaced(c.size(), max);
        for (int k = 0; k < max; k++) {
            x[k] = c.x()[kept[k]];
            y[k] = c.y()[kept[k]];
        }
        return new Curve(x, y, y, y);
    }

    /**
     * Indices of {@code max} of {@code n} points (max ≥ 2, n > max), evenly spaced, the first and the last included:
     * which clipping events a chart marks when there are more than it can show apart.
     */
    public static int[] evenlySpaced(int n, int max) {
        int[] kept = new int[max];
        for (int k = 0; k < max; k++) kept[k] = (int) Math.round((double) k * (n - 1) / (max - 1));
        return kept;
    }

    private static Map<String, Curve> curves(Map<String, MetricHistory.Series> m) {
        Map<String, Curve> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) out.put(e.getKey(), curve(e.getValue(), true));
        return out;
    }

    /** A series' points; with {@code positiveOnly} a point that a log axis cannot place becomes NaN. */
    static Curve curve(MetricHistory.Series s, boolean positiveOnly) {
        int n = s.size();
        double[] x = s.x().clone(), y = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = plottable(s.y()[i], positiveOnly);
            lo[i] = plottable(s.yMin()[i], positiveOnly);
            hi[i] = plottable(s.yMax()[i], positiveOnly);
            if (Double.isNaN(lo[i])) lo[i] = y[i];
            if (Double.isNaN(hi[i])) hi[i] = y[i];
        }
        return new Curve(x, y, lo, hi);
    }

    private static double plottable(double v, boolean positiveOnly) {
        if (!Double.isFinite(v) || positiveOnly && v <= 0) return Double.NaN;
        return v;
    }
}
