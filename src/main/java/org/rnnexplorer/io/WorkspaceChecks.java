package org.rnnexplorer.io;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.GradientClipping;

import java.util.Arrays;

/**
 * The checks across fields that a workspace must pass before any of it is applied: every count in range, the
 * lengths fitting the batch, the view's layer and direction existing in the model, the imported input of the form's
 * input shape and finite, the series whole. The window adds its own limits (form, zoom, task names) on top.
 */
final class WorkspaceChecks {

    private WorkspaceChecks() {
    }

    /** @throws FormatException {@code NAME: FIELD ...}, one line, for the first problem found */
    static void check(Workspace w, String name) throws FormatException {
        RnnConfig c = w.model();
        Workspace.Input in = w.input();
        atLeast(name, "input.seq_len", in.seqLen(), 0);
        atLeast(name, "input.batch", in.batch(), 0);
        if (in.unbatched() && in.batch() != 1) {
            throw problem(name, "input.batch", "is " + in.batch() + " but the input is unbatched (one sequence)");
        }
        int[] lengths = in.lengths();
        if (lengths != null) {
            if (in.unbatched()) throw problem(name, "input.lengths", "apply to batched input only");
            if (lengths.length != in.batch()) {
                throw problem(name, "input.lengths", "has " + lengths.length + " values for a batch of " + in.batch());
            }
            for (int k = 0; k < lengths.length; k++) {
                if (lengths[k] < 1 || lengths[k] > in.seqLen()) {
                    throw problem(name, "input.lengths[" + k + "]", "is " + lengths[k] + ", outside 1.." + in.seqLen()
                            + " (seq_len)");
                }
            }
        }

        Workspace.Training t = w.training();
        atLeast(name, "training.steps", t.steps(), 1);
        atLeast(name, "training.batch_size", t.batchSize(), 1);
        atLeast(name, "training.tbptt_chunk", t.tbpttChunk(), 0);
        if (!Double.isNaN(t.rho()) && !(t.rho() > 0)) throw problem(name, "training.rho", "must be positive, got " + t.rho());
        GradientClipping g = t.clipping();
        if (!Double.isNaN(g.maxNorm()) && !(g.maxNorm() > 0)) {
            throw problem(name, "training.clipping.max_norm", "must be positive, got " + g.maxNorm());
        }
        if (!Double.isNaN(g.clipValue()) && !(g.clipValue() > 0)) {
            throw problem(name, "training.clipping.clip_value", "must be positive, got " + g.clipValue());
        }
        if (!(g.normType() > 0)) throw problem(name, "training.clipping.norm_type", "must be positive or inf, got " + g.normType());
        float[] series = t.series();
        if (series != null) {
            atLeast(name, "training.series.features", t.seriesFeatures(), 1);
            if (series.length % t.seriesFeatures() != 0) {
                throw problem(name, "training.series", "has " + series.length + " values, not a whole number of rows of "
                        + t.seriesFeatures());
            }
            finite(name, "training.series", series);
        }

        Workspace.View v = w.view();
        if (v.layer() < 0 || v.layer() >= c.numLayers()) {
            throw problem(name, "view.layer", "is " + v.layer() + "; the model has layers 0.." + (c.numLayers() - 1));
        }
        if (v.direction() < 0 || v.direction() >= c.numDirections()) {
            throw problem(name, "view.direction", "is " + v.direction() + "; the model has directions 0.."
                    + (c.numDirections() - 1));
        }
        if (!(v.zoom() > 0) || Double.isInfinite(v.zoom())) throw problem(name, "view.zoom", "must be positive, got " + v.zoom());
        int sequences = in.unbatched() ? 1 : Math.max(1, in.batch());
        if (v.sequence() < 0 || v.sequence() >= sequences) {
            throw problem(name, "view.sequence", "is " + v.sequence() + "; the input has sequences 0.." + (sequences - 1));
        }

        InputLayout layout = new InputLayout(in.seqLen(), in.batch(), in.unbatched(), c.batchFirst());
        Tensor x = w.importedInput();
        if (x != null) {
            shape(name, "tensors.explore.input", x, layout.inputShape(c));
            finite(name, "tensors.explore.input", x.data());
        }
        Tensor y = w.referenceOutput();
        if (y != null) {
            if (x == null) throw problem(name, "tensors.explore.reference_output", "is there without an imported input");
            shape(name, "tensors.explore.reference_output", y, layout.outputShape(c));
            finite(name, "tensors.explore.reference_output", y.data());
        }
    }

    private static void atLeast(String name, String field, long value, long min) throws FormatException {
        if (value < min) throw problem(name, field, "must be at least " + min + ", got " + value);
    }

    private static void shape(String name, String field, Tensor t, int[] expected) throws FormatException {
        if (!Arrays.equals(t.shape(), expected)) {
            throw problem(name, field, "is " + Tensor.formatTuple(t.shape()) + ", but the model's input is "
                    + Tensor.formatTuple(expected));
        }
    }

    private static void finite(String name, String field, float[] values) throws FormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw problem(name, field, "holds " + values[i] + " at flat index " + i + "; only finite values are kept");
            }
        }
    }

    private static FormatException problem(String name, String field, String what) {
        return new FormatException(name + ": " + field + " " + what);
    }
}
