package org.rnnexplorer.train;

/**
 * The float32 elementwise kernels PyTorch 1.13 runs on CPU for the optimisers' in-place tensor ops, with the
 * rounding of each one. Scalar arguments (Python floats) are cast to float32 first, as ATen does. The AVX2 build
 * fuses {@code a + alpha·b} and the final add of addcmul into one FMA (checked against torch 1.13.1 on this
 * machine's build); addcdiv divides, so nothing fuses there.
 */
final class TorchOps {

    private TorchOps() {
    }

    /** {@code self.add(other, alpha=alpha)}: one rounding. */
    static float add(float self, float other, double alpha) {
        return Math.fma(other, (float) alpha, self);
    }

    /** {@code self.mul(scalar)}. */
    static float mul(float self, double scalar) {
        return self * (float) scalar;
    }

    /** {@code self.addcmul(t1, t2, value=value)}: (value·t1) rounded, then fused multiply-add with t2 and self. */
    static float addcmul(float self, float t1, float t2, double value) {
        return Math.fma((float) value * t1, t2, self);
    }

    /** {@code self.addcdiv(t1, t2, value=value)}: self + (value·t1)/t2, each operation rounded. */
    static float addcdiv(float self, float t1, float t2, double value) {
        return self + ((float) value * t1) / t2;
    }

    /** {@code self / scalar}: a true division by the float32 scalar. */
    static float div(float self, double scalar) {
        return self / (float) scalar;
    }

    /** {@code sqrt} in float32 (correctly rounded, as the double square root rounded to float is). */
    static float sqrt(float self) {
        return (float) Math.sqrt(self);
    }

    /** {@code torch.maximum}: NaN wins, as in PyTorch. */
    static float maximum(float a, float b) {
        return Math.max(a, b);
    }
}
