package org.rnnexplorer.train;

import java.util.List;

/**
 * Which clipping a training step applies after backward and before the optimiser step.
 *
 * @param kind             none, norm ({@code clip_grad_norm_}) or value ({@code clip_grad_value_})
 * @param maxNorm          max_norm for NORM
 * @param normType         norm_type for NORM: 2, any p &gt; 0, or infinity
 * @param clipValue        clip_value for VALUE
 * @param errorIfNonfinite error_if_nonfinite for NORM
 */
public record GradientClipping(Kind kind, double maxNorm, double normType, double clipValue, boolean errorIfNonfinite) {

    public enum Kind { NONE, NORM, VALUE }

    /** What clipping did in one step. */
    public record Outcome(boolean fired, double clipTotal) {
    }

    public GradientClipping {
        if (kind == Kind.NORM && !(normType > 0)) {
            throw new TrainingConfigException("norm_type", "norm_type must be positive or inf, got "
                    + PyFormat.number(normType));
        }
    }

    public static GradientClipping none() {
        return new GradientClipping(Kind.NONE, Double.NaN, 2, Double.NaN, false);
    }

    /** {@code clip_grad_norm_(params, maxNorm, normType)}. */
    public static GradientClipping norm(double maxNorm, double normType) {
        return new GradientClipping(Kind.NORM, maxNorm, normType, Double.NaN, false);
    }

    /** {@code clip_grad_value_(params, clipValue)}. */
    public static GradientClipping value(double clipValue) {
        return new GradientClipping(Kind.VALUE, Double.NaN, 2, clipValue, false);
    }

    /**
     * Clips in place. {@code fired}: for NORM the coefficient was below 1 (gradients shrank), for VALUE some element
     * was clamped. {@code clipTotal}: the total norm clip_grad_norm_ returned (in its norm type), NaN otherwise.
     */
    public Outcome apply(List<float[]> grads) {
        return switch (kind) {
            case NONE -> new Outcome(false, Double.NaN);
            case VALUE -> new Outcome(Clipping.clipGradValue(grads, clipValue), Double.NaN);
            case NORM -> {
                float total = Clipping.clipGradNorm(grads, maxNorm, normType, errorIfNonfinite);
                yield new Outcome(Clipping.coefficient(total, maxNorm) < 1f, total);
            }
        };
    }

    /** A short description, e.g. {@code clip_grad_norm_(max_norm=1.0, norm_type=2.0)}. */
    public String describe() {
        return switch (kind) {
            case NONE -> "no clipping";
            case NORM -> "clip_grad_norm_(max_norm=" + PyFormat.repr(maxNorm) + ", norm_type=" + PyFormat.repr(normType) + ")";
            case VALUE -> "clip_grad_value_(clip_value=" + PyFormat.repr(clipValue) + ")";
        };
    }
}
