package org.rnnexplorer.train;

import java.util.SplittableRandom;

/**
 * {@code nn.Linear(F, O)}, the readout head applied to the last axis: y = x·Wᵀ + b.
 * Arrays are live and row-major: weight (O, F), bias (O).
 */
public final class Linear {
    private final int inFeatures;
    private final int outFeatures;
    private final float[] weight;
    private final float[] bias;

    /** Zero weights and bias. */
    public Linear(int inFeatures, int outFeatures) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new TrainingConfigException("head", "a linear head needs positive sizes, got in_features="
                    + inFeatures + ", out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new float[outFeatures * inFeatures];
        this.bias = new float[outFeatures];
    }

    /**
     * PyTorch's default initialisation's distribution: weight and bias from U(-1/√F, 1/√F) (kaiming_uniform with
     * a=√5 gives that bound), drawn weight first then bias from a seeded stream.
     */
    public static Linear pytorchDefault(int inFeatures, int outFeatures, long seed) {
        Linear l = new Linear(inFeatures, outFeatures);
        SplittableRandom random = new SplittableRandom(seed);
        double k = 1.0 / Math.sqrt(inFeatures);
        for (int i = 0; i < l.weight.length; i++) l.weight[i] = (float) (-k + 2 * k * random.nextDouble());
        for (int i = 0; i < l.bias.length; i++) l.bias[i] = (float) (-k + 2 * k * random.nextDouble());
        return l;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** (O, F), live. */
    public float[] weight() {
        return weight;
    }

    /** (O), live. */
    public float[] bias() {
        return bias;
    }

    public Linear copy() {
        Linear c = new Linear(inFeatures, outFeatures);
        System.arraycopy(weight, 0, c.weight, 0, weight.length);
        System.arraycopy(bias, 0, c.bias, 0, bias.length);
        return c;
    }

    /**
     * y = x·Wᵀ + b over rows, accumulated in float64.
     *
     * @param x (R, F) row-major
     * @return (R, O)
     */
    public float[] forward(float[] x) {
        int rows = x.length / inFeatures;
        float[] y = new float[rows * outFeatures];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outFeatures; o++) {
                double s = bias[o];
                int wb = o * inFeatures, xb = r * inFeatures;
                for (int f = 0; f < inFeatures; f++) s += (double) x[xb + f] * weight[wb + f];
                y[r * outFeatures + o] = (float) s;
            }
        }
        return y;
    }

    /**
     * Gradients of Σ⟨gradY, y⟩.
     *
     * @param x         (R, F), the forward input
     * @param gradY     (R, O)
     * @param gradW     (O, F) out: ∂/∂W = gradYᵀ·x
     * @param gradB     (O) out: Σ_rows gradY
     * @return ∂/∂x, (R, F) = gradY·W
     */
    public float[] backward(float[] x, float[] gradY, float[] gradW, float[] gradB) {
        int rows = x.length / inFeatures;
        for (int o = 0; o < outFeatures; o++) {
            double sb = 0;
            for (int r = 0; r < rows; r++) sb += gradY[r * outFeatures + o];
            gradB[o] = (float) sb;
            for (int f = 0; f < inFeatures; f++) {
                double s = 0;
                for (int r = 0; r < rows; r++) s += (double) gradY[r * outFeatures + o] * x[r * inFeatures + f];
                gradW[o * inFeatures + f] = (float) s;
            }
        }
        float[] gradX = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < inFeatures; f++) {
                double s = 0;
                for (int o = 0; o < outFeatures; o++) s += (double) gradY[r * outFeatures + o] * weight[o * inFeatures + f];
                gradX[r * inFeatures + f] = (float) s;
            }
        }
        return gradX;
    }
}
