package org.rnnexplorer.engine.backend.simd;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorMath} against {@link StrictMath} in double, over every 7th float of the ranges the kernels feed it
 * (millions of values, every lane position, masked tails), in ulps of the correctly rounded float result; and its
 * special values.
 */
class VectorMathTest {
    /** The in-place form of VectorMath's functions. */
    private interface InPlace {
        void apply(float[] a, int from, int to);
    }

    /** A length that is no multiple of the vector's, so the masked tail is checked too. */
    private static final int BLOCK = 4099;

    /** The largest error in ulps over every float from {@code from} to {@code to}, stepping by {@code stride} floats. */
    private static double maxUlps(InPlace f, DoubleUnaryOperator truth, float from, float to, int stride) {
        float[] in = new float[BLOCK + 3], out = new float[BLOCK + 3];
        double worst = 0;
        int bits = Float.floatToRawIntBits(from);
        int n = 0;
        while (true) {
            float x = Float.intBitsToFloat(bits);
            if (x > to || Float.isNaN(x)) break;
            in[3 + n++] = x;
            if (n == BLOCK) {
                // At an offset of 3, with sentinels around: the elements outside [from, to) stay as they were.
                System.arraycopy(in, 0, out, 0, in.length);
                out[0] = out[1] = out[2] = 7f;
                f.apply(out, 3, 3 + n);
                assertTrue(out[0] == 7f && out[1] == 7f && out[2] == 7f, "written before its range");
                for (int i = 0; i < n; i++) worst = Math.max(worst, ulps(out[3 + i], truth.applyAsDouble(in[3 + i])));
                n = 0;
            }
            // Floats grow with their bits for x ≥ 0; below zero the bits shrink towards −0 (Integer.MIN_VALUE) as x
            // grows, and past it the walk goes on at +0.
            if (x >= 0) bits += stride;
            else bits = bits - stride > Integer.MIN_VALUE ? bits - stride : 0;
        }
        return worst;
    }

    private static double ulps(float got, double exact) {
        float rounded = (float) exact;
        if (got == rounded) return 0;
        if (Float.isInfinite(rounded) || Float.isNaN(got)) return Double.POSITIVE_INFINITY;
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    private static float one(InPlace f, float x) {
        float[] a = {x, 7f};
        f.apply(a, 0, 1);
        assertEquals(7f, a[1], "written past its range");
        return a[0];
    }

    @Test
    void tanhIsWithinTwoUlpsEverywhere() {
        double small = maxUlps(VectorMath::tanh, StrictMath::tanh, 0f, 0.7f, 7);
        double large = maxUlps(VectorMath::tanh, StrictMath::tanh, 0.6f, 10f, 7);
        double negative = maxUlps(VectorMath::tanh, StrictMath::tanh, -10f, -1e-30f, 7);
        assertTrue(small <= 2 && large <= 2 && negative <= 2, "tanh: " + small + " / " + large + " / " + negative + " ulp");
    }

    @Test
    void sigmoidIsWithinThreeUlpsEverywhere() {
        DoubleUnaryOperator truth = x -> 1 / (1 + StrictMath.exp(-x));
        double left = maxUlps(VectorMath::sigmoid, truth, -87f, -1e-30f, 7);
        double right = maxUlps(VectorMath::sigmoid, truth, 0f, 20f, 7);
        assertTrue(left <= 3 && right <= 3, "sigmoid: " + left + " / " + right + " ulp");
    }

    @Test
    void specialValuesAreAsPyTorchGivesThem() {
        assertEquals(0f, one(VectorMath::tanh, 0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(one(VectorMath::tanh, -0f)), "tanh(-0) = -0");
        assertEquals(1f, one(VectorMath::tanh, Float.POSITIVE_INFINITY));
        assertEquals(-1f, one(VectorMath::tanh, Float.NEGATIVE_INFINITY));
        assertEquals(1f, one(VectorMath::tanh, 50f));
        assertTrue(Float.isNaN(one(VectorMath::tanh, Float.NaN)));
        assertEquals(1f, one(VectorMath::sigmoid, 200f));
        assertEquals(0f, one(VectorMath::sigmoid, -200f));
        assertEquals(0.5f, one(VectorMath::sigmoid, 0f));
        assertTrue(Float.isNaN(one(VectorMath::sigmoid, Float.NaN)));
        // Below −88.7, e^−x overflows float and σ is 0 where PyTorch gives e^x, a subnormal under 1.2e-38.
        assertEquals((float) (1 / (1 + StrictMath.exp(100))), one(VectorMath::sigmoid, -100f), 1.2e-38);
        assertEquals(0f, one(VectorMath::sigmoid, Float.NEGATIVE_INFINITY));
        assertEquals(1f, one(VectorMath::sigmoid, Float.POSITIVE_INFINITY));
    }
}
