package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.service.MetricHistory;
import org.rnnexplorer.service.TrainingHistory;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.trainingcharts.TrainingSeries;

import java.util.Arrays;

/**
 * The gradient norm per training iteration before and after clipping, and where clipping fired. With a long run
 * the history is decimated ({@link MetricHistory}): a point then covers {@code stride} iterations, its norm is their
 * largest (so spikes survive) and it counts as clipped when clipping fired in any of them.
 *
 * @param before   total ‖g‖ before clipping (per point: the largest)
 * @param after    after clipping (per point: the largest)
 * @param events   the points where clipping fired, at their pre-clip norm: at most
 *                 {@link TrainingSeries#MAX_CLIP_MARKERS}, evenly spaced, as the Training pane's chart marks them (the
 *                 clipping preset fires at most updates, and 1,700 dots buried both lines under one orange band)
 * @param points   points recorded
 * @param stride   iterations per point
 * @param firedAt  points where clipping fired, all of them
 * @param clips    whether the run clips its gradients at all; without, {@code after} and {@code events} are empty and
 *                 {@code before} is named as the one norm there is
 */
public record ClipHistory(Curve before, Curve after, Curve events, int points, long stride, int firedAt, boolean clips) {

    public static final ClipHistory EMPTY = of(TrainingHistory.EMPTY, true);

    /** The history of a run that clips ({@code clips}) or does not: "before clipping" said there was an after. */
    public static ClipHistory of(TrainingHistory h, boolean clips) {
        MetricHistory.Series pre = h.gradNorm(), post = h.gradNormClipped(), fired = h.clipped();
        int n = Math.min(pre.size(), Math.min(post.size(), fired.size()));
        int count = 0;
        for (int i = 0; i < n; i++) if (fired.yMax()[i] > 0) count++;
        double[] ex = new double[count], ey = new double[count];
        for (int i = 0, j = 0; i < n; i++) {
            if (fired.yMax()[i] > 0) {
                ex[j] = pre.x()[i];
                ey[j++] = pre.yMax()[i];
            }
        }
        if (!clips) {
            double[] none = new double[0];
            return new ClipHistory(new Curve(NORM_WITHOUT_CLIPPING, prefix(pre.x(), n), prefix(pre.yMax(), n)),
                    new Curve("‖g‖ after clipping", none, none), new Curve(TrainingSeries.clipMarkerName(0), none, none),
                    n, pre.stride(), 0, false);
        }
        return new ClipHistory(new Curve("‖g‖ before clipping", prefix(pre.x(), n), prefix(pre.yMax(), n)),
                new Curve("‖g‖ after clipping", prefix(post.x(), n), prefix(post.yMax(), n)),
                thinned(new Curve(TrainingSeries.clipMarkerName(count), ex, ey), TrainingSeries.MAX_CLIP_MARKERS), n,
                pre.stride(), count, true);
    }

    /** Points where clipping fired. */
    public int fired() {
        return firedAt;
    }

    /** At most {@code max} points of c, evenly spaced over it, first and last kept. */
    static Curve thinned(Curve c, int max) {
        if (c.size() <= max) return c;
        double[] x = new double[max], y = new double[max];
        int[] kept = TrainingSeries.evenlySpaced(c.size(), max);
        for (int k = 0; k < max; k++) {
            x[k] = c.x()[kept[k]];
            y[k] = c.y()[kept[k]];
        }
        return new Curve(c.key(), x, y);
    }

    /** The norm's name in a run without clipping. */
    public static final String NORM_WITHOUT_CLIPPING = "‖g‖ (no clipping)";

    /** {@code clipping fired at 12 of 300 iterations} (or points, when decimated). */
    public String describe() {
        if (points == 0) return "No training iterations yet: train to see the gradient norm per iteration.";
        if (!clips) {
            return "This run does not clip its gradients (Training ▸ Clipping: none): the norm of each of its "
                    + (stride == 1 ? points + " iterations" : points + " points, each the largest of " + stride
                    + " iterations") + ".";
        }
        if (stride == 1) {
            return fired() == 0 ? "Clipping never fired (" + points + " iterations)."
                    : "Clipping fired at " + fired() + " of " + points + " iterations.";
        }
        // "at 11 of 1197 points of 8 iterations" read as if the run had 8 iterations.
        String points = this.points + " points, each covering " + stride + " iterations";
        return fired() == 0 ? "Clipping never fired (" + points + ")."
                : "Clipping fired in " + fired() + " of " + points + " (a point counts when it fired in any of them).";
    }

    private static double[] prefix(double[] a, int n) {
        return Arrays.copyOf(a, n);
    }
}
