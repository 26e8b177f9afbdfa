package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectraAndInitializersTest {

    @Test
    void eigenvaluesOfARotationAreOnTheUnitCircle() {
        double th = 0.3;
        float[] rot = {(float) Math.cos(th), (float) -Math.sin(th), (float) Math.sin(th), (float) Math.cos(th)};
        double[][] ev = Spectra.eigenvalues(rot, 2);
        for (int i = 0; i < 2; i++) assertEquals(1.0, Math.hypot(ev[0][i], ev[1][i]), 1e-6);
        assertEquals(Math.sin(th), Math.abs(ev[1][0]), 1e-6);
    }

    @Test
    void spectralRadiusAndLargestSingularValueDifferForANonNormalMatrix() {
        // [[0.5, 2], [0, 0.5]]: eigenvalues 0.5 (double) but ‖W‖₂ = (2 + √(4 + 4·0.25))/2 ≈ 2.118.
        float[] w = {0.5f, 2f, 0f, 0.5f};
        assertEquals(0.5, Spectra.spectralRadius(w, 2), 1e-6);
        double sigma = (Math.sqrt(4 + 1) + 2) / 2; // singular values of [[a, b],[0, a]]: (√(b²+4a²) ± b)/2
        assertEquals(sigma, Spectra.largestSingularValue(w, 2, 2), 1e-6);
        double[] s = Spectra.singularValues(w, 2, 2);
        assertEquals(0.25, s[0] * s[1], 1e-6); // product of singular values = |det|
    }

    @Test
    void orthogonalInitGivesQTransposeQEqualIdentity() {
        RnnConfig c = RnnConfig.of(3, 16).withNumLayers(2);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.ORTHOGONAL, 7);
        float[] w = p.weightHh(1, 0);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                double dot = 0;
                for (int k = 0; k < 16; k++) dot += (double) w[k * 16 + i] * w[k * 16 + j];
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5);
            }
        }
        double[] s = Spectra.singularValues(w, 16, 16);
        assertEquals(1.0, s[0], 1e-5);
        assertEquals(1.0, s[15], 1e-5);
    }

    @Test
    void defaultInitIsUniformWithinOneOverRootHAndSeeded() {
        RnnConfig c = RnnConfig.of(4, 100);
        RnnParameters a = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        RnnParameters b = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        float k = 0.1f;
        double sum = 0, sumSq = 0;
        int n = 0;
        for (ParameterName name : a.names()) {
            assertArrayEquals(a.get(name), b.get(name));
            for (float v : a.get(name)) {
                assertTrue(v >= -k && v < k);
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        assertEquals(0, sum / n, 0.003);
        assertEquals(k * k / 3, sumSq / n, 3e-4); // variance of U(-k, k)
    }

    @Test
    void identityInitIsIrnn() {
        RnnConfig c = RnnConfig.of(2, 5).withNonlinearity(Nonlinearity.RELU);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.IDENTITY, 1);
        float[] w = p.weightHh(0, 0);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) assertEquals(i == j ? 1f : 0f, w[i * 5 + j]);
        for (float v : p.biasIh(0, 0)) assertEquals(0f, v);
        for (float v : p.weightIh(0, 0)) assertTrue(Math.abs(v) < 0.01);
    }

    @Test
    void rescaleSetsTheSpectralRadiusOfEveryRecurrentMatrix() {
        RnnConfig c = new RnnConfig(3, 32, 2, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        Initializers.rescaleSpectralRadius(p, 1.5);
        for (int k = 0; k < 2; k++) {
            for (int d = 0; d < 2; d++) assertEquals(1.5, Spectra.spectralRadius(p.weightHh(k, d), 32), 1e-5);
        }
    }

    @Test
    void dropoutMasksHaveTheRightRateAndScale() {
        RnnConfig c = RnnConfig.of(3, 8).withNumLayers(3).withDropout(0.4).withBidirectional(true);
        float[][] m = DropoutMasks.bernoulli(c, 50, 10, 42);
        assertEquals(2, m.length);
        assertEquals(50 * 10 * 16, m[0].length);
        int zeros = 0;
        for (float[] mask : m) {
            for (float v : mask) {
                if (v == 0) zeros++;
                else assertEquals((float) (1 / 0.6), v);
            }
        }
        assertEquals(0.4, zeros / (2.0 * m[0].length), 0.03);
        assertArrayEquals(m[1], DropoutMasks.bernoulli(c, 50, 10, 42)[1]);
        assertEquals(null, DropoutMasks.bernoulli(c.withNumLayers(1), 5, 1, 1));
    }
}
