package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The watchdog stops at the first non-finite value and says where it is. */
class WatchdogTest {

    /** relu RNN with one unit: h_t = 10·h_{t−1} + x_t, no head. */
    static Model growingModel() {
        RnnConfig c = RnnConfig.of(1, 1).withNonlinearity(Nonlinearity.RELU).withBias(false);
        RnnParameters p = RnnParameters.zeros(c);
        p.weightIh(0, 0)[0] = 1f;
        p.weightHh(0, 0)[0] = 10f;
        return new Model(p, null, Readout.ALL);
    }

    @Test
    void overflowIsReportedAtTheTimestepWhereItHappens() {
        // With x_t = 1e30: h_t = 1e30·(10^(t+1) − 1)/9, beyond float32's 3.4e38 first at t = 9.
        Model m = growingModel();
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer trainer = new Trainer(n, new Sgd(Sgd.Options.of(0.1)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            float[] x = new float[12];
            Arrays.fill(x, 1e30f);
            float[] before = m.rnn().weightHh(0, 0).clone();
            StepMetrics metrics = trainer.step(Tensor.of(x, 12, 1, 1), null, null, new Target.Values(Tensor.zeros(12, 1, 1)));
            NonFinite bad = metrics.nonFinite();
            assertEquals(new NonFinite(1, "h (layer 0, forward)", 9, 0, Float.POSITIVE_INFINITY), bad);
            assertEquals("step 1: h (layer 0, forward) is inf at timestep 9 (element 0)", bad.describe());
            assertArrayEquals(before, m.rnn().weightHh(0, 0), "no update after a non-finite pass");
            assertEquals(bad, trainer.stoppedAt());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.step(Tensor.of(x, 12, 1, 1),
                    null, null, new Target.Values(Tensor.zeros(12, 1, 1))));
            assertEquals("training stopped at step 1: h (layer 0, forward) is inf at timestep 9 (element 0)", e.getMessage());
            trainer.reset();
            assertNull(trainer.stoppedAt());
        }
    }

    @Test
    void nanInTheInputIsFoundInTheUsersLayout() {
        RnnConfig c = RnnConfig.of(2, 3).withBatchFirst(true);
        Model m = new Model(org.rnnexplorer.engine.Initializers.create(c,
                org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 1), null, Readout.LAST);
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer trainer = new Trainer(n, new Sgd(Sgd.Options.of(0.1)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            Tensor x = Tensor.zeros(2, 5, 2); // (N, L, I)
            x.data()[(1 * 5 + 3) * 2 + 1] = Float.NaN; // sequence 1, step 3, feature 1
            Pass pass = trainer.accumulate(x, null, null, new Target.Values(Tensor.zeros(2, 3)));
            // Time-major slice of step 3 is (N, I): sequence 1, feature 1 is element 3.
            assertEquals(new NonFinite(1, "input", 3, 3, Float.NaN), pass.nonFinite());
            assertEquals(pass.nonFinite(), trainer.update().nonFinite());
        }
    }

    @Test
    void divergingUpdateIsCaughtAfterTheStep() {
        // A finite pass, then an update so large that the parameter overflows.
        RnnConfig c = RnnConfig.of(1, 1).withBias(false);
        RnnParameters p = RnnParameters.zeros(c);
        p.weightIh(0, 0)[0] = 0.5f;
        Model m = new Model(p, null, Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer trainer = new Trainer(n, new Sgd(Sgd.Options.of(1e39)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            StepMetrics metrics = trainer.step(Tensor.of(new float[] {1}, 1, 1, 1), null, null,
                    new Target.Values(Tensor.of(new float[] {2}, 1, 1, 1)));
            assertEquals("weight_ih_l0 after the update", metrics.nonFinite().tensor());
            assertEquals(-1, metrics.nonFinite().timestep());
        }
    }

    @Test
    void scanOrderFollowsTheDirectionsProcessingOrder() {
        float[] data = {1, Float.NaN, 2, Float.POSITIVE_INFINITY}; // (T=4, 1)
        assertEquals(1, Watchdog.timeMajor(1, "h", data, 4, true).timestep());
        assertEquals(3, Watchdog.timeMajor(1, "h", data, 4, false).timestep(), "a reverse direction starts at the end");
        assertNull(Watchdog.flat(1, "x", new float[] {1, 2}));
    }
}
