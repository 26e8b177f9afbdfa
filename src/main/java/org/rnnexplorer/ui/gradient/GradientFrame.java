package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.live.Curve;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Gradient flow pane draws for one pass, prepared off the FX thread.
 *
 * @param trace     the pass
 * @param direction the layer and direction whose heatmap, bound and step-through are shown
 * @param norms     ‖∂L/∂h_t‖ against t over the whole batch, one curve per layer and direction
 * @param bound     Pascanu's bound for the shown direction: ‖∂L/∂h_last‖·(γ·σ_max)^k at k steps back from
 *                  {@code last}, or null when σ_max is unknown; points above {@link #BOUND_CEILING} times the largest
 *                  norm are left out (NaN) so that the measured curves stay readable
 * @param product   ‖∂L/∂h_last‖·‖∂h_last/∂h_t‖₂, the measured running product of the followed sequence's Jacobian
 *                  factors, or null when the pass was not probed
 * @param gradients ∂L/∂h_t of the followed sequence as (H, T), or log10 |∂L/∂h_t| with {@code logMagnitude}
 * @param scale     symmetric around 0, or (log) the top {@link #LOG_DECADES} decades
 * @param last      where the shown direction's BPTT starts: the followed sequence's last step (forward) or 0 (reverse)
 * @param sigmaMax  σ_max(W_hh) used for the bound (NaN when unknown)
 * @param gamma     the bound on |f′|: 1 for tanh and relu
 */
public record GradientFrame(TraceSnapshot trace, DirectionTrace direction, List<Curve> norms, Curve bound,
                            Curve product, HeatmapData gradients, ColorScale scale, boolean logMagnitude, int last,
                            double sigmaMax, double gamma) {

    /** The bound is drawn up to this multiple of the largest measured norm. */
    public static final double BOUND_CEILING = 100;
    /** Decades of |∂L/∂h_t| the log-magnitude heatmap spans below its largest value. */
    public static final int LOG_DECADES = 8;

    /** Key of a direction's norm curve: {@code ‖∂L/∂h_t‖ l0_reverse}. */
    public static String normKey(DirectionTrace d) {
        return "‖∂L/∂h_t‖ " + d.label();
    }

    /**
     * Builds the frame: O(T·H), meant for a background thread.
     *
     * @param sigmaMax σ_max(W_hh) of the shown direction (the pass's own, or the latest known), NaN if unknown
     */
    static GradientFrame prepare(TraceSnapshot trace, int layer, int dir, double sigmaMax, boolean logMagnitude) {
        DirectionTrace d = trace.direction(layer, dir);
        int steps = trace.steps(), hidden = trace.config().hiddenSize();
        List<Curve> norms = new ArrayList<>();
        double largest = 0;
        for (DirectionTrace each : trace.directions()) {
            norms.add(Curve.perStep(normKey(each), each.gradNorm().clone()));
            for (double v : each.gradNorm()) if (v > largest && Double.isFinite(v)) largest = v;
        }
        double gamma = 1; // |tanh′| ≤ 1 and relu′ ∈ {0, 1}
        int length = Math.max(1, Math.min(trace.length(), steps));
        int last = dir == 0 ? length - 1 : 0;
        double atLast = d.gradNorm()[last];
        Curve bound = null, product = null;
        if (Double.isFinite(sigmaMax) && atLast > 0 && Double.isFinite(atLast)) {
            double[] y = new double[steps];
            for (int t = 0; t < steps; t++) {
                int k = dir == 0 ? last - t : t - last;
                double b = k < 0 || t >= length ? Double.NaN : atLast * Math.pow(gamma * sigmaMax, k);
                y[t] = b <= BOUND_CEILING * largest ? b : Double.NaN;
            }
            bound = Curve.perStep("bound ‖∂L/∂h_last‖·(γσ_max)^k " + d.label(), y);
        }
        if (d.productLogNorm() != null && atLast > 0 && Double.isFinite(atLast)) {
            double[] y = new double[steps];
            for (int t = 0; t < steps; t++) y[t] = atLast * Math.exp(d.productLogNorm()[t]);
            product = Curve.perStep("‖∂L/∂h_last‖·‖∂h_last/∂h_t‖₂ " + d.label(), y);
        }
        float[] src = d.gradHidden();
        float[] grid = new float[hidden * steps];
        float maxAbs = 0;
        for (int t = 0; t < steps; t++) {
            for (int u = 0; u < hidden; u++) {
                float g = src[t * hidden + u];
                grid[u * steps + t] = g;
                if (Float.isFinite(g)) maxAbs = Math.max(maxAbs, Math.abs(g));
            }
        }
        ColorScale scale;
        if (logMagnitude) {
            double top = maxAbs > 0 ? Math.ceil(Math.log10(maxAbs)) : 0;
            for (int i = 0; i < grid.length; i++) grid[i] = (float) Math.log10(Math.abs(grid[i])); // 0 → −∞: lowest colour
            scale = new ColorScale(top - LOG_DECADES, top);
        } else {
            scale = maxAbs > 0 ? new ColorScale(-maxAbs, maxAbs) : new ColorScale(-1, 1);
        }
        return new GradientFrame(trace, d, List.copyOf(norms), bound, product, new HeatmapData(hidden, steps, grid),
                scale, logMagnitude, last, sigmaMax, gamma);
    }
}
