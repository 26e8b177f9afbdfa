package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.live.Curve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the Gradient flow pane draws for one pass, prepared off the FX thread.
 *
 * @param trace     the pass
 * @param direction the layer and direction whose heatmap, bound and step-through are shown
 * @param norms     ‖∂L/∂h_t‖ against t over the whole batch, one curve per layer and direction; for an LSTM then
 *                  ‖∂L/∂c_t‖ the same way (the trace's grad_c norms)
 * @param bound     Pascanu's bound for the shown direction: ‖∂L/∂h_last‖·(γ·σ_max)^k at k steps back from
 *                  {@code last}, or null when σ_max is unknown; points above {@link #BOUND_CEILING} times the largest
 *                  norm are left out (NaN) so that the measured curves stay readable
 * @param product   ‖∂L/∂h_last‖·‖∂h_last/∂h_t‖₂, the measured running product of the followed sequence's Jacobian
 *                  factors (a gated cell's measured total Jacobians), or null when the pass was not probed
 * @param gradients ∂L/∂h_t of the followed sequence as (H, T), or log10 |∂L/∂h_t| with {@code logMagnitude}
 * @param scale     symmetric around 0, or (log) the top {@link #LOG_DECADES} decades
 * @param last      where the shown direction's BPTT starts: the followed sequence's last step (forward) or 0 (reverse)
 * @param sigmaMax  σ_max(W_hh) used for the bound (NaN when unknown)
 * @param gamma     the bound on |f′|: 1 for tanh and relu
 * @param gatePath  gated cells: the gradient at the direction's last step times {@code gateProduct} — LSTM
 *                  ‖∂L/∂c_last‖·mean ∏f, GRU ‖∂L/∂h_last‖·mean ∏z: what the direct path alone would carry back;
 *                  null for an Elman RNN
 * @param gateProduct gated cells: per t, the mean over units u of ∏ over the steps s after t up to last of f_s[u]
 *                  (LSTM: ∂c_last/∂c_t along the cell path is diag of these products) or z_s[u] (GRU: the part of
 *                  ∂h_last/∂h_t that skips every n), (T), 1 at last, NaN outside the walk; null for an Elman RNN
 * @param entry     where gradient enters the shown direction besides its last step: the bound caps ‖∂L/∂h_t‖ itself
 *                  only when it enters there alone ({@link Entry#LAST_STEP_ONLY}); {@code bound} is null otherwise
 */
public record GradientFrame(TraceSnapshot trace, DirectionTrace direction, List<Curve> norms, Curve bound,
                            Curve product, HeatmapData gradients, ColorScale scale, boolean logMagnitude, int last,
                            double sigmaMax, double gamma, Curve gatePath, double[] gateProduct, Entry entry) {

    /** Where ∂L/∂h reaches a layer and direction from outside its own recurrence. */
    public enum Entry {
        /** At its last step only (the top layer under a loss read at the last step): Pascanu's bound caps the curve. */
        LAST_STEP_ONLY,
        /** At every step, from the layer above (a lower layer of a stack). */
        FROM_THE_LAYER_ABOVE,
        /** At other steps too, from the loss (a loss read at every step). */
        FROM_THE_LOSS_AT_OTHER_STEPS
    }

    /**
     * Where gradient enters direction {@code dir} of {@code layer} of the followed sequence: the layer above feeds a
     * lower layer at every step; the top layer gets the loss's ∂L/∂output, which may be non-zero at steps other than
     * the direction's last.
     */
    static Entry entry(TraceSnapshot trace, int layer, int dir, int last) {
        if (layer < trace.config().numLayers() - 1) return Entry.FROM_THE_LAYER_ABOVE;
        float[] gy = trace.gradOutput();
        if (gy == null) return Entry.LAST_STEP_ONLY;
        int width = trace.config().outputSize(), ho = trace.config().outputHiddenSize();
        int steps = gy.length / Math.max(1, width);
        for (int t = 0; t < steps; t++) {
            if (t == last) continue;
            for (int j = dir * ho; j < (dir + 1) * ho; j++) {
                if (gy[t * width + j] != 0) return Entry.FROM_THE_LOSS_AT_OTHER_STEPS;
            }
        }
        return Entry.LAST_STEP_ONLY;
    }

    /** The bound is drawn up to this multiple of the largest measured norm. */
    public static final double BOUND_CEILING = 100;
    /** Decades of |∂L/∂h_t| the log-magnitude heatmap spans below its largest value. */
    public static final int LOG_DECADES = 8;

    /** Key of a direction's norm curve: {@code ‖∂L/∂h_t‖ l0_reverse}. */
    public static String normKey(DirectionTrace d) {
        return "‖∂L/∂h_t‖ " + d.label();
    }

    /** Key of an LSTM direction's cell-gradient norm curve: {@code ‖∂L/∂c_t‖ l0_reverse}. */
    public static String cellNormKey(DirectionTrace d) {
        return "‖∂L/∂c_t‖ " + d.label();
    }

    /** The gate whose product is the direct path: f (LSTM's cell path) or z (GRU's skip). */
    public String pathGate() {
        return direction.gated().mode() == CellMode.LSTM ? "f" : "z";
    }

    public boolean gated() {
        return direction.isGated();
    }

    /**
     * Builds the frame: O(T·H), meant for a background thread.
     *
     * @param sigmaMax σ_max(W_hh) of the shown direction (the pass's own, or the latest known), NaN if unknown
     */
    static GradientFrame prepare(TraceSnapshot trace, int layer, int dir, double sigmaMax, boolean logMagnitude) {
        DirectionTrace d = trace.direction(layer, dir);
        int steps = trace.steps(), hidden = d.gradHidden().length / Math.max(1, steps);
        List<Curve> norms = new ArrayList<>();
        double largest = 0;
        for (DirectionTrace each : trace.directions()) {
            norms.add(Curve.perStep(normKey(each), each.gradNorm().clone()));
            for (double v : each.gradNorm()) if (v > largest && Double.isFinite(v)) largest = v;
        }
        for (DirectionTrace each : trace.directions()) {
            if (each.isGated() && each.gated().gradCellNorm() != null) {
                norms.add(Curve.perStep(cellNormKey(each), each.gated().gradCellNorm().clone()));
            }
        }
        double gamma = 1; // |tanh′| ≤ 1 and relu′ ∈ {0, 1}
        int length = Math.max(1, Math.min(trace.length(), steps));
        int last = dir == 0 ? length - 1 : 0;
        double atLast = d.gradNorm()[last];
        Curve bound = null, product = null;
        Entry entry = entry(trace, layer, dir, last);
        // Drawn only where it caps the curve: where gradient also enters at other steps, ‖∂L/∂h_t‖ rose far above it
        // (a stacked RNN's lower layer, 11 decades) while the pane said the gradient "must vanish".
        if (!d.isGated() && entry == Entry.LAST_STEP_ONLY && Double.isFinite(sigmaMax) && atLast > 0
                && Double.isFinite(atLast)) {
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
        double[] gateProduct = null;
        Curve gatePath = null;
        if (d.isGated()) {
            boolean lstm = d.gated().mode() == CellMode.LSTM;
            gateProduct = meanProduct(d.gated().gate(lstm ? "f" : "z"), trace.config().hiddenSize(), steps, length, dir);
            double start = lstm ? d.gated().gradCellNorm()[last] : atLast;
            if (start > 0 && Double.isFinite(start)) {
                double[] y = new double[steps];
                for (int t = 0; t < steps; t++) y[t] = start * gateProduct[t];
                gatePath = Curve.perStep((lstm ? "‖∂L/∂c_last‖·mean ∏f " : "‖∂L/∂h_last‖·mean ∏z ") + d.label(), y);
            }
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
                scale, logMagnitude, last, sigmaMax, gamma, gatePath, gateProduct, entry);
    }

    /**
     * Per t, the mean over units of ∏ gate_s[u] over the steps s BPTT passes between last and t (t+1…last forward,
     * last…t−1 reverse): 1 at last, NaN past the length.
     *
     * @param gate (T, H) after its nonlinearity
     */
    static double[] meanProduct(float[] gate, int hidden, int steps, int length, int dir) {
        double[] mean = new double[steps];
        Arrays.fill(mean, Double.NaN);
        double[] running = new double[hidden];
        Arrays.fill(running, 1);
        for (int i = 0; i < length; i++) {
            int t = dir == 0 ? length - 1 - i : i;
            double sum = 0;
            for (int u = 0; u < hidden; u++) sum += running[u];
            mean[t] = sum / hidden;
            for (int u = 0; u < hidden; u++) running[u] *= gate[t * hidden + u];
        }
        return mean;
    }
}
