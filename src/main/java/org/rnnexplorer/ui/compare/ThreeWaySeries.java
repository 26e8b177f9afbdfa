package org.rnnexplorer.ui.compare;

import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.trainingcharts.TrainingSeries;

/**
 * What the three-way charts draw of one run: its loss against iteration, and ‖∂L/∂h_t‖ of its latest pass against
 * t. No JavaFX: tested on real runs without a window.
 */
public final class ThreeWaySeries {

    /**
     * @param loss     the loss per (decimated) iteration: x iteration, y mean loss; positive values only (log axis)
     * @param gradT    t of each point of {@code gradNorm}: 0 … T−1
     * @param gradNorm ‖∂L/∂h_t‖ over the batch and units of the top layer's forward direction, (T); points that a
     *                 log axis cannot show (0, NaN) are left out, so {@code gradT} may skip steps
     * @param baseline the task's chance-level loss, or NaN
     */
    public record Run(TrainingSeries.Curve loss, double[] gradT, double[] gradNorm, double baseline) {
        public static final Run EMPTY = new Run(TrainingSeries.Curve.EMPTY, new double[0], new double[0], Double.NaN);
    }

    private ThreeWaySeries() {
    }

    /** The curves of a snapshot; {@link Run#EMPTY} for null. */
    public static Run of(ServiceSnapshot s) {
        if (s == null) return Run.EMPTY;
        TrainingSeries.Charts c = TrainingSeries.of(s.history());
        double[] t = new double[0], g = new double[0];
        TraceSnapshot trace = s.trace();
        if (trace != null) {
            DirectionTrace top = trace.direction(trace.config().numLayers() - 1, 0);
            double[] norms = top.gradNorm();
            int n = 0;
            for (double v : norms) if (v > 0 && Double.isFinite(v)) n++;
            t = new double[n];
            g = new double[n];
            for (int i = 0, k = 0; i < norms.length; i++) {
                if (!(norms[i] > 0 && Double.isFinite(norms[i]))) continue;
                t[k] = i;
                g[k++] = norms[i];
            }
        }
        return new Run(c.loss(), t, g, c.baseline());
    }
}
