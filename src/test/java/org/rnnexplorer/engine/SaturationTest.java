package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaturationTest {

    @Test
    void aTanhUnitIsSaturatedWhereItsDerivativeIsBelowATenth() {
        assertTrue(Saturation.inactive(Nonlinearity.TANH, -0.96f));
        assertFalse(Saturation.inactive(Nonlinearity.TANH, 0.94f));
        // At the threshold tanh' = 1 - h^2 = 0.0975 < 0.1: what "passes little gradient" means here.
        double atThreshold = 1 - Saturation.THRESHOLD * Saturation.THRESHOLD;
        assertTrue(atThreshold < 0.1 && atThreshold > 0.09);
    }

    @Test
    void aReluUnitIsDeadWhereItsDerivativeIsZero() {
        for (float h : new float[] {0f, -0f, Float.NaN}) {
            assertTrue(Saturation.inactive(Nonlinearity.RELU, h), Float.toString(h));
            assertTrue(Nonlinearity.RELU.derivativeFromOutput(h) == 0 || Float.isNaN(h));
        }
        assertFalse(Saturation.inactive(Nonlinearity.RELU, 1e-30f));
    }

    @Test
    void theFractionCountsValidSequencesOnlyAndIsNanWhereNoneIsValid() {
        // (T=3, N=2, H=2): sequence 1 is one step long.
        float[] h = {
            0.99f, 0.1f,   -0.97f, 0.98f,
            0.2f, 0.96f,   0.99f, 0.99f,
            0.99f, 0.99f,  0.99f, 0.99f,
        };
        double[] f = Saturation.fractionPerStep(Nonlinearity.TANH, h, 3, 2, 2, new int[] {2, 1});
        assertArrayEquals(new double[] {3 / 4.0, 1 / 2.0, Double.NaN}, f);
        assertArrayEquals(new double[] {3 / 4.0, 3 / 4.0, 1.0}, Saturation.fractionPerStep(Nonlinearity.TANH, h, 3, 2, 2, null));
        assertArrayEquals(new double[] {Double.NaN}, Saturation.fractionPerStep(Nonlinearity.TANH, h, 1, 2, 2, new int[] {0, 0}));
    }
}
