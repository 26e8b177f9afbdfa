package org.rnnexplorer.train;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Tensor;

import java.util.Locale;

/**
 * Which of the RNN's outputs the head reads.
 * ALL: every timestep ({@code head(output)}). LAST: one step per sequence, PyTorch's common idiom
 * {@code output[-1]} (time-major), {@code output[:, -1]} (batch_first), or with lengths each sequence's own last
 * valid step {@code output[len_i - 1, i]}.
 */
public enum Readout {
    ALL, LAST;

    /** Parses all or last (case-insensitive). */
    public static Readout parse(String name) {
        String k = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "all" -> ALL;
            case "last" -> LAST;
            default -> throw new TrainingConfigException("readout", "unknown readout '" + name + "' (expected all or last)");
        };
    }

    /**
     * The readout a target's rank implies: ALL keeps the output's rank, LAST drops the time axis. For MSE the target
     * has the prediction's rank; for cross-entropy one less.
     *
     * @param outputRank rank of the RNN output (3 batched, 2 unbatched)
     * @param targetRank rank of the target
     * @param loss       the loss the target is for
     */
    public static Readout infer(int outputRank, int targetRank, LossKind loss) {
        int predictionRank = loss == LossKind.MSE ? targetRank : targetRank + 1;
        if (predictionRank == outputRank) return ALL;
        if (predictionRank == outputRank - 1) return LAST;
        throw new TrainingConfigException("target", "a target of rank " + targetRank + " fits neither readout of a rank-"
                + outputRank + " output with " + loss.shortName() + " (all: rank "
                + (loss == LossKind.MSE ? outputRank : outputRank - 1) + ", last: rank "
                + (loss == LossKind.MSE ? outputRank - 1 : outputRank - 2) + ")");
    }

    /**
     * The features the head reads.
     *
     * @param output  (L, N, F), (N, L, F) batch-first, or (L, F) unbatched
     * @param lengths valid steps per sequence, or null
     * @return ALL: the output itself; LAST: (N, F), or (F) unbatched
     */
    public Tensor gather(Tensor output, InputLayout layout, int[] lengths) {
        if (this == ALL) return output;
        int f = output.dim(-1);
        int n = layout.batch();
        float[] src = output.data();
        float[] dst = new float[n * f];
        for (int b = 0; b < n; b++) System.arraycopy(src, lastIndex(layout, lengths, b) * f, dst, b * f, f);
        return layout.unbatched() ? new Tensor(new int[] {f}, dst) : new Tensor(new int[] {n, f}, dst);
    }

    /** The inverse of {@link #gather} for gradients: ∂L/∂output, zero where the head did not read. */
    public Tensor scatter(Tensor gradFeatures, int[] outputShape, InputLayout layout, int[] lengths) {
        if (this == ALL) return gradFeatures;
        int f = outputShape[outputShape.length - 1];
        Tensor out = Tensor.zeros(outputShape);
        for (int b = 0; b < layout.batch(); b++) {
            System.arraycopy(gradFeatures.data(), b * f, out.data(), lastIndex(layout, lengths, b) * f, f);
        }
        return out;
    }

    /** Row of sequence b's read step in the output's layout. */
    private static int lastIndex(InputLayout layout, int[] lengths, int b) {
        int t = lengths == null ? layout.steps() - 1 : lengths[b] - 1;
        return layout.batchFirst() ? b * layout.steps() + t : t * layout.batch() + b;
    }
}
