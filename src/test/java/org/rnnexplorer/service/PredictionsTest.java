package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.backend.scalar.ReferenceMath;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.task.Batch;
import org.rnnexplorer.train.task.Seeds;
import org.rnnexplorer.train.task.Task;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictions the service publishes beside their targets, against a float64 reference forward pass (the
 * engine's ReferenceMath and the head in plain loops) on the same weights and the same batch.
 */
class PredictionsTest {

    /** Head(h_T) of sequence b: the adding problem reads each sequence's last output. (O) */
    private static double[] reference(Model model, Batch batch, int b) {
        int steps = batch.input().dim(0), n = batch.input().dim(1), o = model.head().outFeatures();
        double[] all = headOutputs(model, batch.input(), null);
        double[] out = new double[o];
        System.arraycopy(all, ((steps - 1) * n + b) * o, out, 0, o);
        return out;
    }

    /**
     * The model's head applied to the top layer's output at every step, in float64 (the engine's ReferenceMath and
     * the head in plain loops): (T, N, O).
     *
     * @param input time-major (T, N, I)
     * @param h0    (num_layers·D, N, H), or null for zeros
     */
    static double[] headOutputs(Model model, org.rnnexplorer.engine.Tensor input, double[] h0) {
        RnnConfig c = model.config();
        RnnParameters w = model.rnn();
        ReferenceMath.Params p = new ReferenceMath.Params(c);
        for (int k = 0; k < c.numLayers(); k++) {
            for (int d = 0; d < c.numDirections(); d++) {
                int ld = k * c.numDirections() + d;
                copy(w.weightIh(k, d), p.weightIh[ld]);
                copy(w.weightHh(k, d), p.weightHh[ld]);
                copy(w.biasIh(k, d), p.biasIh[ld]);
                copy(w.biasHh(k, d), p.biasHh[ld]);
            }
        }
        int steps = input.dim(0), n = input.dim(1);
        double[] x = new double[input.data().length];
        copy(input.data(), x);
        ReferenceMath.ForwardResult fw = ReferenceMath.forward(c, p, steps, n, x, h0, null, null);
        int width = c.outputSize();
        Linear head = model.head();
        int o = head.outFeatures();
        double[] out = new double[steps * n * o];
        for (int row = 0; row < steps * n; row++) {
            for (int j = 0; j < o; j++) {
                double s = head.bias()[j];
                for (int i = 0; i < width; i++) s += head.weight()[j * width + i] * fw.output[row * width + i];
                out[row * o + j] = s;
            }
        }
        return out;
    }

    private static void copy(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) to[i] = from[i];
    }

    private static void assertMatchesReference(Predictions shown, Model weights, Batch batch, long iteration) {
        assertNotNull(shown);
        assertEquals(iteration, shown.iteration());
        assertEquals(Predictions.SEQUENCES, shown.rows().size());
        float[] targets = ((Target.Values) batch.target()).values().data();
        int steps = batch.input().dim(0), n = batch.input().dim(1);
        for (Predictions.Row row : shown.rows()) {
            int b = row.sequence();
            assertEquals(steps - 1, row.step());
            double expected = reference(weights, batch, b)[0];
            assertEquals(expected, row.prediction()[0], 1e-5 * Math.max(1, Math.abs(expected)), "prediction of b = " + b);
            // A per-sequence target is (N, 1); a per-step one (L, N, 1), of which the last step's is shown.
            float target = shown.perSequence() ? targets[b] : targets[(steps - 1) * n + b];
            assertEquals(target, row.target()[0], 0.0, "target of b = " + b);
        }
    }

    @Test
    void thePublishedPredictionsAreTheModelsOutputsOnTheBatchItTrainedOnBesideThatBatchsTargets() throws Exception {
        RunSpec spec = EngineServiceTest.tinySpec().toBuilder().batchSize(6).build();
        Task task = spec.task().create();
        try (EngineService service = new EngineService()) {
            // Before training: the first batch through the initial weights.
            ServiceSnapshot start = service.configure(spec).get(30, TimeUnit.SECONDS);
            assertMatchesReference(start.predictions(), start.model(), task.batch(6, Seeds.forStep(spec.seed(), 0)), 0);
            assertTrue(start.predictions().perSequence(), "the adding problem has one target per sequence");

            for (int i = 0; i < 3; i++) service.stepIteration().get(30, TimeUnit.SECONDS);
            Model before = service.snapshot().model();
            ServiceSnapshot fourth = service.stepIteration().get(30, TimeUnit.SECONDS);
            // Iteration 4 trained on step 3's batch with the weights of iteration 3 (its update came after the pass).
            assertMatchesReference(fourth.predictions(), before, task.batch(6, Seeds.forStep(spec.seed(), 3)), 4);
            assertTrue(fourth.predictions().rows().get(0).prediction()[0] != start.predictions().rows().get(0).prediction()[0]);
        }
    }

    @Test
    void aPerStepTaskShowsTheLastStepsPredictionBesideItsTarget() throws Exception {
        RunSpec spec = EngineServiceTest.tinySpec().toBuilder().task(TaskSpec.of("sine", 9)).batchSize(5).build();
        Task task = spec.task().create();
        try (EngineService service = new EngineService()) {
            service.configure(spec).get(30, TimeUnit.SECONDS);
            service.stepIteration().get(30, TimeUnit.SECONDS);
            Model before = service.snapshot().model();
            ServiceSnapshot second = service.stepIteration().get(30, TimeUnit.SECONDS);
            assertFalse(second.predictions().perSequence());
            assertMatchesReference(second.predictions(), before, task.batch(5, Seeds.forStep(spec.seed(), 1)), 2);
        }
    }

    @Test
    void aClassTargetHasNoPredictionsBesideIt() throws Exception {
        RunSpec spec = RunSpec.builder(new RnnConfig(2, 8, 1, org.rnnexplorer.engine.Nonlinearity.TANH, true, false, 0,
                        false), TaskSpec.of("copy", 5)).batchSize(4)
                .optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 0.05)).seed(1)
                .backend(BackendChoice.SCALAR).build();
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(spec).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.IDLE, s.state(), s.message());
            assertNull(s.predictions());
        }
    }
}
