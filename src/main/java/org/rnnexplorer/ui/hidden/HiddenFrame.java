package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Saturation;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.GatedTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.HeatmapData;

/**
 * What the Hidden states pane draws for one layer and direction of one pass, prepared off the FX thread: one of the
 * trace's (T, W) quantities (h_t; an LSTM's c_t; a gate) turned into a units × time grid, and its saturation mask on
 * the same grid.
 *
 * @param trace             the pass
 * @param direction         the layer and direction shown
 * @param quantity          the key shown ({@link HiddenQuantity}): h, c or a gate's name
 * @param states            the quantity as (W, T): row = unit, column = t (W = H_out for h, else H)
 * @param saturated         (W, T): where the quantity is saturated ({@link #maskMeaning}); false past the length
 * @param saturatedFraction per t: over the whole batch and all units (an RNN's h_t), else over the followed sequence's
 *                          units; NaN past its length; null where the quantity has no saturation threshold (a gated
 *                          cell's h_t and c_t)
 * @param scale             RNN tanh h_t, gated h_t within ±1, g and n: fixed [−1, 1]; sigmoid gates: fixed [0, 1];
 *                          RNN relu h_t: [0, max]; c_t (and a projected h_t beyond ±1): symmetric from its values
 * @param signed            diverging map (signed quantities) or sequential (relu h_t, sigmoid gates)
 * @param saturation        the gate-saturation scatter of the shown direction, or null for an Elman RNN
 */
public record HiddenFrame(TraceSnapshot trace, DirectionTrace direction, String quantity, HeatmapData states,
                          boolean[] saturated, double[] saturatedFraction, ColorScale scale, boolean signed,
                          GateSaturation saturation) {

    /** A sigmoid gate counts as saturated below this value (shut) … */
    public static final double GATE_LOW = 0.1;
    /** … and above this one (open), as in Karpathy, Johnson &amp; Fei-Fei (2015). */
    public static final double GATE_HIGH = 0.9;

    public int steps() {
        return trace.steps();
    }

    /** W: rows of the grid (units of the quantity shown). */
    public int hidden() {
        return states.rows();
    }

    public boolean tanh() {
        return !gated() && trace.config().nonlinearity() == Nonlinearity.TANH;
    }

    public boolean gated() {
        return direction.isGated();
    }

    /** What a hatched cell means, e.g. {@code saturated (|h| > 0.95)}; null when nothing is hatched. */
    public String maskMeaning() {
        if (!gated()) return tanh() ? "saturated (|h| > 0.95)" : "dead (h = 0)";
        if (HiddenQuantity.sigmoidGate(quantity)) return "saturated (" + quantity + " < 0.1 or > 0.9)";
        if (HiddenQuantity.tanhGate(quantity)) return "saturated (|" + quantity + "| > 0.95)";
        return null;
    }

    /** Builds the frame: O(T·H), meant for a background thread. */
    static HiddenFrame prepare(TraceSnapshot trace, int layer, int dir, String quantity) {
        DirectionTrace d = trace.direction(layer, dir);
        if (!d.isGated()) return prepareElman(trace, d);
        GatedTrace g = d.gated();
        String key = HiddenQuantity.choices(g.mode()).contains(quantity) ? quantity : HiddenQuantity.HIDDEN;
        float[] src = key.equals(HiddenQuantity.HIDDEN) ? d.hidden() : key.equals(HiddenQuantity.CELL) ? g.cell() : g.gate(key);
        int steps = trace.steps(), width = src.length / steps;
        int valid = Math.min(trace.length(), steps);
        float[] grid = new float[width * steps];
        boolean[] mask = new boolean[width * steps];
        double[] fraction = key.equals(HiddenQuantity.HIDDEN) || key.equals(HiddenQuantity.CELL) ? null : new double[steps];
        double maxAbs = 0;
        for (int t = 0; t < steps; t++) {
            int count = 0;
            for (int u = 0; u < width; u++) {
                float v = src[t * width + u];
                grid[u * steps + t] = v;
                if (t < valid && Float.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
                boolean sat = t < valid && fraction != null && (HiddenQuantity.sigmoidGate(key)
                        ? v < GATE_LOW || v > GATE_HIGH : Math.abs(v) > Saturation.THRESHOLD);
                mask[u * steps + t] = sat;
                if (sat) count++;
            }
            if (fraction != null) fraction[t] = t < valid ? (double) count / width : Double.NaN;
        }
        ColorScale scale;
        boolean signed = !HiddenQuantity.sigmoidGate(key);
        if (HiddenQuantity.sigmoidGate(key)) scale = new ColorScale(0, 1);
        else if (HiddenQuantity.tanhGate(key) || key.equals(HiddenQuantity.HIDDEN) && maxAbs <= 1) scale = new ColorScale(-1, 1);
        else scale = maxAbs > 0 ? new ColorScale(-maxAbs, maxAbs) : new ColorScale(-1, 1);
        return new HiddenFrame(trace, d, key, new HeatmapData(width, steps, grid), mask, fraction, scale, signed,
                GateSaturation.of(g, trace.config().hiddenSize(), valid));
    }

    private static HiddenFrame prepareElman(TraceSnapshot trace, DirectionTrace d) {
        int steps = trace.steps(), hidden = trace.config().hiddenSize();
        Nonlinearity f = trace.config().nonlinearity();
        boolean tanh = f == Nonlinearity.TANH;
        float[] src = d.hidden();
        float[] grid = new float[hidden * steps];
        boolean[] mask = new boolean[hidden * steps];
        int valid = Math.min(trace.length(), steps);
        float max = 0;
        for (int t = 0; t < steps; t++) {
            int row = t * hidden;
            for (int u = 0; u < hidden; u++) {
                float h = src[row + u];
                grid[u * steps + t] = h;
                if (t < valid) mask[u * steps + t] = Saturation.inactive(f, h);
                if (h > max) max = h;
            }
        }
        double[] fraction = d.inactiveFraction() != null ? d.inactiveFraction()
                : Saturation.fractionPerStep(f, src, steps, 1, hidden, new int[] {valid});
        ColorScale scale = tanh ? new ColorScale(-1, 1) : new ColorScale(0, max > 0 ? max : 1);
        return new HiddenFrame(trace, d, HiddenQuantity.HIDDEN, new HeatmapData(hidden, steps, grid), mask, fraction,
                scale, tanh, null);
    }
}
