package org.rnnexplorer.service;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The model's prediction beside its target for the first few sequences of the latest pass's batch, for a task with
 * real-valued targets (MSE): what "the loss went down" means for single examples.
 *
 * @param iteration    the pass's iteration, as {@link TraceSnapshot#iteration()} (0: before any update)
 * @param perSequence  whether each sequence has one target (read at its last step) rather than one per step, of
 *                     which the last step's is shown
 * @param rows         one per sequence, at most {@link #SEQUENCES}
 */
public record Predictions(long iteration, boolean perSequence, List<Row> rows) {

    /** Sequences shown. */
    public static final int SEQUENCES = 4;

    /**
     * @param sequence   b, the sequence's index in the batch
     * @param step       t, the step whose output is compared
     * @param prediction (O)
     * @param target     (O)
     */
    public record Row(int sequence, int step, float[] prediction, float[] target) {
    }

    /**
     * Reads the rows out of one pass, or returns null for a class target (cross-entropy), whose prediction is a
     * distribution rather than a value beside the target.
     *
     * @param prediction (N, O) for a per-sequence readout, else the output's layout (L, N, O) / (N, L, O); unbatched
     *                   without N
     * @param target     of the prediction's shape
     * @param lengths    valid steps per sequence, or null for all L
     */
    static Predictions of(long iteration, Readout readout, Tensor prediction, Target target, InputLayout layout,
                          int[] lengths) {
        if (!(target instanceof Target.Values values)) return null;
        int outputs = prediction.dim(prediction.rank() - 1);
        int batch = layout.batch(), steps = layout.steps(); // 1 for unbatched input
        float[] p = prediction.data(), y = values.values().data();
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < Math.min(SEQUENCES, batch); b++) {
            int t = lengths == null ? steps - 1 : lengths[b] - 1;
            int row = readout == Readout.LAST ? b : layout.batchFirst() ? b * steps + t : t * batch + b;
            float[] pb = new float[outputs], yb = new float[outputs];
            System.arraycopy(p, row * outputs, pb, 0, outputs);
            System.arraycopy(y, row * outputs, yb, 0, outputs);
            rows.add(new Row(b, t, pb, yb));
        }
        return new Predictions(iteration, readout == Readout.LAST, List.copyOf(rows));
    }
}
