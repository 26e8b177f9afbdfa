package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Saturation;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.HeatmapData;

/**
 * What the Hidden states pane draws for one layer and direction of one pass, prepared off the FX thread: the
 * trace's (T, H) states turned into a units × time grid, and the saturation mask on the same grid.
 *
 * @param trace              the pass
 * @param direction          the layer and direction shown
 * @param states             h_t as (H, T): row = unit, column = t
 * @param saturated          (H, T): tanh |h| &gt; 0.95, relu h = 0 (dead); false past the sequence's length
 * @param saturatedFraction  per t, over the whole batch and all units, (T)
 * @param scale              tanh: fixed [-1, 1]; relu: [0, max h]
 * @param signed             diverging map (tanh) or sequential (relu)
 */
public record HiddenFrame(TraceSnapshot trace, DirectionTrace direction, HeatmapData states, boolean[] saturated,
                          double[] saturatedFraction, ColorScale scale, boolean signed) {

    public int steps() {
        return trace.steps();
    }

    public int hidden() {
        return trace.config().hiddenSize();
    }

    public boolean tanh() {
        return trace.config().nonlinearity() == Nonlinearity.TANH;
    }

    /** Builds the frame: O(T·H), meant for a background thread. */
    static HiddenFrame prepare(TraceSnapshot trace, int layer, int dir) {
        DirectionTrace d = trace.direction(layer, dir);
        int steps = trace.steps(), hidden = trace.config().hiddenSize();
        boolean tanh = trace.config().nonlinearity() == Nonlinearity.TANH;
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
                if (t < valid) mask[u * steps + t] = Saturation.inactive(trace.config().nonlinearity(), h);
                if (h > max) max = h;
            }
        }
        double[] fraction = d.inactiveFraction() != null ? d.inactiveFraction()
                : Saturation.fractionPerStep(trace.config().nonlinearity(), src, steps, 1, hidden, new int[] {valid});
        ColorScale scale = tanh ? new ColorScale(-1, 1) : new ColorScale(0, max > 0 ? max : 1);
        return new HiddenFrame(trace, d, new HeatmapData(hidden, steps, grid), mask, fraction, scale, tanh);
    }
}
