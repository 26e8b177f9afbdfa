package org.rnnexplorer.train;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-timestep probes against explicit matrices: each factor diag(f′)·W_hh and each product of factors formed
 * with EJML and measured by a full SVD.
 */
class TimestepProbesTest {
    static final int H = 5, T = 8, N = 3;

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu"})
    void factorsAndProductsMatchExplicitSvd(String f) {
        RnnConfig c = new RnnConfig(2, H, 2, Nonlinearity.parse(f), true, false, 0, true);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        // Larger recurrent weights so that products neither vanish nor explode within T steps.
        for (int k = 0; k < 2; k++) for (int d = 0; d < 2; d++) scale(p.weightHh(k, d), 2.0f);
        int[] lengths = {8, 5, 3};
        Random r = new Random(9);
        try (Rnn rnn = new Rnn(p, new ScalarBackend())) {
            rnn.forward(ModelTest.random(r, T, N, 2), null, lengths, ForwardOptions.evalWithTrace());
            rnn.backward(ModelTest.random(r, T, N, 2 * H), null);
            for (int b : new int[] {0, 1}) {
                List<DirectionProbe> probes = TimestepProbes.compute(rnn, lengths, b, true);
                assertEquals(4, probes.size());
                for (DirectionProbe probe : probes) {
                    check(probe, rnn, c.nonlinearity(), lengths, b);
                }
            }
        }
    }

    private static void check(DirectionProbe probe, Rnn rnn, Nonlinearity f, int[] lengths, int b) {
        float[] hs = rnn.hidden(probe.layer(), probe.direction()).data();
        float[] w = rnn.parameters().weightHh(probe.layer(), probe.direction());
        int len = lengths[b];
        String at = probe.label() + " b" + b;
        DMatrixRMaj product = CommonOps_DDRM.identity(H);
        for (int i = 0; i < len; i++) {
            int t = probe.direction() == 0 ? len - 1 - i : i;
            DMatrixRMaj factor = new DMatrixRMaj(H, H);
            for (int u = 0; u < H; u++) {
                double fp = f.derivativeFromOutput(hs[(t * N + b) * H + u]);
                for (int j = 0; j < H; j++) factor.set(u, j, fp * w[u * H + j]);
            }
            double sigma = Arrays.stream(SingularOps_DDRM.singularValues(factor.copy())).max().orElse(0);
            assertEquals(sigma, probe.jacobianNorm()[t], 1e-9 * Math.max(1, sigma), at + " factor at t=" + t);
            double productNorm = Arrays.stream(SingularOps_DDRM.singularValues(product.copy())).max().orElse(0);
            assertEquals(Math.log(productNorm), probe.productLogNorm()[t], 1e-8, at + " product at t=" + t);
            DMatrixRMaj next = new DMatrixRMaj(H, H);
            CommonOps_DDRM.mult(product, factor, next);
            product = next;
        }
        for (int t = len; t < T; t++) {
            assertTrue(Double.isNaN(probe.jacobianNorm()[t]) && Double.isNaN(probe.productLogNorm()[t]), at + " past length");
        }
        assertEquals(0.0, probe.productLogNorm()[probe.direction() == 0 ? len - 1 : 0], 1e-12, "identity at the last step");
    }

    @Test
    void gradNormAndInactiveFractionCoverTheBatch() {
        RnnConfig c = RnnConfig.of(2, H).withNonlinearity(Nonlinearity.RELU);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 6);
        int[] lengths = {8, 4, 6};
        Random r = new Random(3);
        try (Rnn rnn = new Rnn(p, new ScalarBackend())) {
            rnn.forward(ModelTest.random(r, T, N, 2), null, lengths, ForwardOptions.evalWithTrace());
            rnn.backward(ModelTest.random(r, T, N, H), null);
            DirectionProbe probe = TimestepProbes.compute(rnn, lengths, 0, false).get(0);
            float[] h = rnn.hidden(0, 0).data(), g = rnn.gradHidden(0, 0).data();
            for (int t = 0; t < T; t++) {
                double sq = 0;
                int dead = 0, valid = 0;
                for (int b = 0; b < N; b++) {
                    for (int u = 0; u < H; u++) sq += (double) g[(t * N + b) * H + u] * g[(t * N + b) * H + u];
                    if (t >= lengths[b]) continue;
                    valid++;
                    for (int u = 0; u < H; u++) if (h[(t * N + b) * H + u] == 0) dead++;
                }
                assertEquals(Math.sqrt(sq), probe.gradNorm()[t], 1e-12);
                assertEquals((double) dead / (valid * H), probe.inactiveFraction()[t], 1e-12);
                assertTrue(Double.isNaN(probe.productLogNorm()[t]), "products not asked for");
            }
        }
    }

    @Test
    void productVanishesWhenEveryReluIsDead() {
        RnnConfig c = RnnConfig.of(1, 3).withNonlinearity(Nonlinearity.RELU);
        RnnParameters p = RnnParameters.zeros(c);
        Arrays.fill(p.weightHh(0, 0), 0.5f);
        Arrays.fill(p.biasIh(0, 0), -1f); // every pre-activation is -1: h = 0, f′ = 0
        try (Rnn rnn = new Rnn(p, new ScalarBackend())) {
            rnn.forward(Tensor.zeros(4, 1, 1), null, null, ForwardOptions.evalWithTrace());
            rnn.backward(Tensor.zeros(4, 1, 3), null);
            DirectionProbe probe = TimestepProbes.compute(rnn, null, 0, true).get(0);
            assertEquals(0.0, probe.productLogNorm()[3], 1e-12);
            for (int t = 0; t < 3; t++) assertEquals(Double.NEGATIVE_INFINITY, probe.productLogNorm()[t]);
            for (int t = 0; t < 4; t++) {
                assertEquals(0.0, probe.jacobianNorm()[t]);
                assertEquals(1.0, probe.inactiveFraction()[t]);
            }
        }
    }

    @Test
    void identityRecurrenceKeepsTheProductAtOne() {
        // IRNN with positive states: every factor is the identity, so the product's norm stays exactly 1.
        RnnConfig c = RnnConfig.of(1, 4).withNonlinearity(Nonlinearity.RELU);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.IDENTITY, 1);
        Arrays.fill(p.biasIh(0, 0), 1f);
        try (Rnn rnn = new Rnn(p, new ScalarBackend())) {
            rnn.forward(Tensor.zeros(50, 1, 1), null, null, ForwardOptions.evalWithTrace());
            rnn.backward(Tensor.zeros(50, 1, 4), null);
            DirectionProbe probe = TimestepProbes.compute(rnn, null, 0, true).get(0);
            for (int t = 0; t < 50; t++) {
                assertEquals(1.0, probe.jacobianNorm()[t], 1e-12);
                assertEquals(0.0, probe.productLogNorm()[t], 1e-12);
                assertEquals(0.0, probe.inactiveFraction()[t]);
            }
        }
    }

    @Test
    void orthogonalRecurrenceFactorIsTheLargestSlope() {
        // diag(s)·Q with Q orthogonal has singular values |s_i|: the exact factor norm is max_i (1 − h_i²), a truth
        // independent of any iteration, and the densest top spectrum the probes meet (H above the Krylov cap).
        RnnConfig c = RnnConfig.of(3, 100);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.ORTHOGONAL, 2);
        try (Rnn rnn = new Rnn(p, new ScalarBackend())) {
            rnn.forward(ModelTest.random(new Random(4), 30, 1, 3), null, null, ForwardOptions.evalWithTrace());
            rnn.backward(ModelTest.random(new Random(5), 30, 1, 100), null);
            DirectionProbe probe = TimestepProbes.compute(rnn, null, 0, false).get(0);
            float[] h = rnn.hidden(0, 0).data();
            for (int t = 0; t < 30; t++) {
                double exact = 0;
                for (int u = 0; u < 100; u++) exact = Math.max(exact, 1 - (double) h[t * 100 + u] * h[t * 100 + u]);
                assertEquals(exact, probe.jacobianNorm()[t], 1e-4 * exact, "t=" + t);
                assertTrue(probe.jacobianNorm()[t] <= exact * (1 + 1e-12), "Ritz values approach from below");
            }
        }
    }

    private static void scale(float[] a, float s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
    }
}
