package org.rnnexplorer.train;

import java.util.List;

/**
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_} on float32 gradients, in place. Null entries
 * are parameters without a gradient and are left out, as PyTorch leaves out {@code p.grad is None}.
 */
public final class Clipping {

    private Clipping() {
    }

    /**
     * PyTorch's total norm, as a float32 value: for p = ∞ the largest |g|; otherwise the p-norm of the per-tensor
     * p-norms (each rounded to float32, as {@code torch.norm} returns them). 0 when there are no gradients.
     *
     * @param normType p &gt; 0, or {@code Double.POSITIVE_INFINITY}
     */
    public static float totalNorm(List<float[]> grads, double normType) {
        checkNormType(normType);
        boolean any = false;
        double acc = 0;
        for (float[] g : grads) {
            if (g == null) continue;
            any = true;
            float n = tensorNorm(g, normType);
            if (normType == Double.POSITIVE_INFINITY) acc = maxNan(acc, n);
            else acc += normType == 2 ? (double) n * n : StrictMath.pow(Math.abs(n), normType);
        }
        if (!any) return 0f;
        if (normType == Double.POSITIVE_INFINITY) return (float) acc;
        return (float) (normType == 2 ? Math.sqrt(acc) : StrictMath.pow(acc, 1 / normType));
    }

    /**
     * {@code clip_grad_norm_(params, max_norm, norm_type, error_if_nonfinite)}: scales every gradient by
     * min(1, max_norm / (total + 1e-6)) computed in float32 as PyTorch does ({@code total.reciprocal() * max_norm}),
     * unconditionally, so a coefficient of 1 leaves the gradients bit-for-bit unchanged.
     *
     * @return the total norm before clipping
     * @throws IllegalStateException with PyTorch's message when the total is non-finite and errorIfNonfinite is set
     */
    public static float clipGradNorm(List<float[]> grads, double maxNorm, double normType, boolean errorIfNonfinite) {
        float total = totalNorm(grads, normType);
        boolean anyGrad = grads.stream().anyMatch(g -> g != null);
        if (!anyGrad) return 0f;
        if (errorIfNonfinite && !Float.isFinite(total)) {
            throw new IllegalStateException("The total norm of order " + PyFormat.repr(normType) + " for gradients from "
                    + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the "
                    + "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
        }
        float coefficient = coefficient(total, maxNorm);
        for (float[] g : grads) {
            if (g == null) continue;
            for (int i = 0; i < g.length; i++) g[i] *= coefficient;
        }
        return total;
    }

    /** The clamped coefficient PyTorch multiplies by: min(1, (1 / (total + 1e-6)) · max_norm), all float32. */
    public static float coefficient(float total, double maxNorm) {
        float reciprocal = 1f / (total + 1e-6f);
        float coefficient = reciprocal * (float) maxNorm;
        return coefficient > 1f ? 1f : coefficient; // clamp(max=1) keeps NaN
    }

    /**
     * {@code clip_grad_value_(params, clip_value)}: clamps each element to [-v, v] as clamp(min=-v, max=v); a
     * negative v thus sets every element to -|v| (PyTorch does not check it).
     *
     * @return whether any element changed
     */
    public static boolean clipGradValue(List<float[]> grads, double clipValue) {
        float lo = (float) -clipValue, hi = (float) clipValue;
        boolean changed = false;
        for (float[] g : grads) {
            if (g == null) continue;
            for (int i = 0; i < g.length; i++) {
                float v = g[i];
                float c = Math.min(Math.max(v, lo), hi);
                if (Float.floatToRawIntBits(c) != Float.floatToRawIntBits(v)) changed = true;
                g[i] = c;
            }
        }
        return changed;
    }

    /** The 2-norm of all gradients as one vector, in float64 (for logs and charts). */
    public static double l2Norm(List<float[]> grads) {
        double s = 0;
        for (float[] g : grads) {
            if (g == null) continue;
            for (float v : g) s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** {@code torch.norm(g, p)} rounded to float32. */
    static float tensorNorm(float[] g, double normType) {
        if (normType == Double.POSITIVE_INFINITY) {
            float m = 0;
            for (float v : g) {
                if (Float.isNaN(v)) return Float.NaN;
                m = Math.max(m, Math.abs(v));
            }
            return m;
        }
        double s = 0;
        if (normType == 2) {
            for (float v : g) s += (double) v * v;
            return (float) Math.sqrt(s);
        }
        for (float v : g) s += StrictMath.pow(Math.abs(v), normType);
        return (float) StrictMath.pow(s, 1 / normType);
    }

    private static double maxNan(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    private static void checkNormType(double normType) {
        if (!(normType > 0)) {
            throw new TrainingConfigException("norm_type", "norm_type must be positive or inf, got "
                    + PyFormat.number(normType));
        }
    }
}
