package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

import java.util.Arrays;

/**
 * PyTorch's MSE and cross-entropy losses with mean reduction, each with its gradient. The math runs in float64 and
 * the loss is then given as PyTorch's float32 result reads: rounded to float32, and infinite where PyTorch's float32
 * sum overflows (see {@link #float32Mean}).
 */
public final class Losses {

    /** PyTorch's default ignore_index: positions with this class take no part in the loss or the mean. */
    public static final int IGNORE_INDEX = -100;

    private Losses() {
    }

    /** The loss of a kind against a target of the matching kind. */
    public static LossResult compute(LossKind kind, Tensor prediction, Target target) {
        return switch (kind) {
            case MSE -> {
                if (!(target instanceof Target.Values v)) {
                    throw new TrainingConfigException("target", "MSE needs a real-valued target, got class indices");
                }
                yield mse(prediction, v.values());
            }
            case CROSS_ENTROPY -> {
                if (!(target instanceof Target.Classes c)) {
                    throw new TrainingConfigException("target", "cross-entropy needs class indices as its target");
                }
                yield crossEntropy(prediction, c);
            }
        };
    }

    /**
     * {@code F.mse_loss(prediction, target)}: mean of (p - t)² over every element; gradient 2(p - t)/n.
     *
     * @param target exactly the prediction's shape (no broadcasting)
     */
    public static LossResult mse(Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new TrainingConfigException("target", "MSE target must have the prediction's shape "
                    + prediction.shapeString() + ", got " + target.shapeString());
        }
        float[] p = prediction.data(), t = target.data();
        int n = p.length;
        float[] grad = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double diff = (double) p[i] - t[i];
            sum += diff * diff;
            grad[i] = (float) (2 * diff / n);
        }
        return new LossResult(float32Mean(sum, n), new Tensor(prediction.shape(), grad));
    }

    /**
     * {@code F.cross_entropy(prediction.reshape(-1, C), target.reshape(-1))}: mean over the non-ignored rows of
     * −log softmax(row)[class], with a max-shifted (stable) log-sum-exp; gradient (softmax − onehot)/count.
     *
     * @param prediction (…, C) logits, classes on the last axis
     * @param target     the prediction's shape without its last axis
     */
    public static LossResult crossEntropy(Tensor prediction, Target.Classes target) {
        int[] shape = prediction.shape();
        if (shape.length == 0) throw new TrainingConfigException("prediction", "cross-entropy needs a class axis");
        int classes = shape[shape.length - 1];
        int[] expected = Arrays.copyOf(shape, shape.length - 1);
        if (!Arrays.equals(expected, target.shape())) {
            throw new TrainingConfigException("target", "cross-entropy target must have shape "
                    + Tensor.formatList(expected) + " (the prediction's shape " + prediction.shapeString()
                    + " without its class axis), got " + Tensor.formatList(target.shape()));
        }
        int[] idx = target.indices();
        float[] logits = prediction.data();
        float[] grad = new float[logits.length];
        int rows = idx.length;
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            if (idx[r] == IGNORE_INDEX) continue;
            if (idx[r] < 0 || idx[r] >= classes) {
                throw new TrainingConfigException("target", "Target " + idx[r] + " is out of bounds.");
            }
            counted++;
        }
        double sum = 0;
        double[] softmax = new double[classes];
        for (int r = 0; r < rows; r++) {
            if (idx[r] == IGNORE_INDEX) continue;
            int base = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[base + c]);
            double z = 0;
            for (int c = 0; c < classes; c++) {
                softmax[c] = StrictMath.exp(logits[base + c] - max);
                z += softmax[c];
            }
            double logZ = max + StrictMath.log(z);
            sum += logZ - logits[base + idx[r]];
            for (int c = 0; c < classes; c++) {
                double g = softmax[c] / z - (c == idx[r] ? 1 : 0);
                grad[base + c] = (float) (g / counted);
            }
        }
        return new LossResult(float32Mean(sum, counted), new Tensor(shape, grad));
    }

    /**
     * The mean of {@code count} non-negative float32 terms whose float64 sum is {@code sum}, as PyTorch's float32
     * reduction gives it: infinite once the sum passes float32's range (its accumulator is float32: an exploding run
     * whose predictions reach 1e20 has loss inf in PyTorch, where float64 said 1.95e42), otherwise the mean rounded to
     * float32; NaN over no terms (every row ignored: PyTorch's mean over nothing).
     */
    static double float32Mean(double sum, int count) {
        if (count == 0) return Double.NaN;
        if (Float.isInfinite((float) sum)) return sum > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return (float) (sum / count);
    }
}
