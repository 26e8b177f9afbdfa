package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a step measures and how passes accumulate. */
class TrainerTest {

    static Model model(long seed) {
        RnnConfig c = RnnConfig.of(2, 4);
        return new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, seed), Linear.pytorchDefault(4, 1, seed),
                Readout.ALL);
    }

    @Test
    void twoAccumulatedPassesEqualOneStepOnTheirSummedGradients() {
        Random r = new Random(1);
        Tensor x1 = ModelTest.random(r, 5, 2, 2), x2 = ModelTest.random(r, 5, 2, 2);
        Target y1 = new Target.Values(ModelTest.random(r, 5, 2, 1)), y2 = new Target.Values(ModelTest.random(r, 5, 2, 1));
        Model a = model(3), b = model(3);
        try (Network na = new Network(a, new ScalarBackend()); Network nb = new Network(b, new ScalarBackend())) {
            Trainer ta = new Trainer(na, new Sgd(Sgd.Options.of(0.1)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            ta.accumulate(x1, null, null, y1);
            ta.accumulate(x2, null, null, y2);
            StepMetrics m = ta.update();
            assertEquals(2, m.passes());
            // The same by hand: gradients of both passes summed, then p − lr·g.
            List<float[]> g1 = nb.backward(nb.forward(x1, null, null, org.rnnexplorer.engine.ForwardOptions.evalWithTrace()),
                    Losses.compute(LossKind.MSE, nb.forward(x1, null, null,
                            org.rnnexplorer.engine.ForwardOptions.evalWithTrace()).prediction(), y1).gradPrediction(), null)
                    .inModelOrder();
            Network.Forward f2 = nb.forward(x2, null, null, org.rnnexplorer.engine.ForwardOptions.evalWithTrace());
            List<float[]> g2 = nb.backward(f2, Losses.compute(LossKind.MSE, f2.prediction(), y2).gradPrediction(), null)
                    .inModelOrder();
            List<float[]> pb = b.parameterArrays();
            for (int i = 0; i < pb.size(); i++) {
                for (int j = 0; j < pb.get(i).length; j++) pb.get(i)[j] = Math.fma(g1.get(i)[j] + g2.get(i)[j], -0.1f, pb.get(i)[j]);
            }
            for (int i = 0; i < pb.size(); i++) assertArrayEquals(pb.get(i), a.parameterArrays().get(i), 1e-7f);
            assertEquals(1, ta.stepCount());
            assertThrows(IllegalStateException.class, ta::update, "no pass since the last update");
        }
    }

    @Test
    void updateRatiosAndSpectraAreMeasured() {
        Model m = model(4);
        List<float[]> before = m.copy().parameterArrays();
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer t = new Trainer(n, new Sgd(Sgd.Options.of(0.05)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch().withSpectraEvery(2).withProbes(1, 1, true));
            Random r = new Random(2);
            Tensor x = ModelTest.random(r, 6, 2, 2);
            Target y = new Target.Values(ModelTest.random(r, 6, 2, 1));
            StepMetrics first = t.step(x, null, null, y);
            assertEquals(List.of(), first.spectra(), "spectra every 2 steps");
            assertEquals(1, first.probes().size());
            assertEquals(1, first.probes().get(0).batchIndex());
            List<float[]> after = m.parameterArrays();
            List<String> names = m.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                double dd = 0, pp = 0;
                for (int j = 0; j < after.get(i).length; j++) {
                    double d = (double) after.get(i)[j] - before.get(i)[j];
                    dd += d * d;
                    pp += (double) before.get(i)[j] * before.get(i)[j];
                }
                assertEquals(Math.sqrt(dd / pp), first.updateRatios().get(names.get(i)), 1e-12, names.get(i));
            }
            StepMetrics second = t.step(x, null, null, y);
            assertEquals(1, second.spectra().size());
            RecurrentSpectrum s = second.spectra().get(0);
            float[] w = m.rnn().weightHh(0, 0);
            assertEquals(org.rnnexplorer.engine.Spectra.spectralRadius(w, 4), s.spectralRadius(), 1e-12);
            assertEquals(org.rnnexplorer.engine.Spectra.largestSingularValue(w, 4, 4), s.largestSingularValue(), 1e-12);
            assertTrue(second.loss() < first.loss(), "a small SGD step lowers the loss on the same batch");
        }
    }

    @Test
    void updateRatioOfAZeroParameter() {
        assertEquals(0.0, Trainer.updateRatio(new float[] {0}, new float[] {0}));
        assertEquals(Double.POSITIVE_INFINITY, Trainer.updateRatio(new float[] {0}, new float[] {1}));
        assertEquals(0.5, Trainer.updateRatio(new float[] {2, 0}, new float[] {3, 0}), 1e-15);
    }

    @Test
    void evaluateLeavesParametersAlone() {
        Model m = model(5);
        List<float[]> before = m.copy().parameterArrays();
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer t = new Trainer(n, new Adam(Adam.Options.defaults()), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.defaults());
            Random r = new Random(3);
            Tensor x = ModelTest.random(r, 6, 2, 2);
            Target y = new Target.Values(ModelTest.random(r, 6, 2, 1));
            double loss = t.evaluate(x, null, null, y);
            assertEquals(t.step(x, null, null, y).loss(), loss, 1e-12, "the step's loss is the loss before its update");
            for (int i = 0; i < before.size(); i++) assertTrue(!java.util.Arrays.equals(before.get(i), m.parameterArrays().get(i)));
        }
    }
}
