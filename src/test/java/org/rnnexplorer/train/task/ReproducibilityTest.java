package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;
import org.rnnexplorer.train.Adam;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.StepMetrics;
import org.rnnexplorer.train.Trainer;
import org.rnnexplorer.train.TrainerOptions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Same seed, same batches and the same training curve, bit for bit; another seed, other data. */
class ReproducibilityTest {

    static List<Task> tasks() {
        float[] series = new float[40];
        for (int i = 0; i < series.length; i++) series[i] = (float) Math.sin(i * 0.3);
        return List.of(AddingProblem.uniform(12), AddingProblem.hochreiterSchmidhuber(20), new CopyMemory(5),
                new Latching(10, 2, 0.3), new SineForecast(8, 10, 0.1), new SeriesForecast(series, 2, 5),
                new CharText("to be or not to be, that is the question", 6));
    }

    @Test
    void batchesDependOnlyOnSeedAndStep() {
        for (Task task : tasks()) {
            Batch a = task.batch(4, Seeds.forStep(42, 3));
            Batch b = task.batch(4, Seeds.forStep(42, 3));
            assertEquals(a.input(), b.input(), task.name());
            assertEquals(a.target().shape().length, b.target().shape().length);
            assertArrayEquals(a.lengths(), b.lengths(), task.name());
            assertNotEquals(a.input(), task.batch(4, Seeds.forStep(42, 4)).input(), task.name() + " next step");
            assertNotEquals(a.input(), task.batch(4, Seeds.forStep(43, 3)).input(), task.name() + " other seed");
        }
    }

    @Test
    void trainingCurvesRepeatExactly() {
        // With inter-layer dropout on, so the masks must repeat too.
        assertEquals(run(7), run(7));
        assertNotEquals(run(7), run(8));
    }

    /** Losses and gradient norms of 4 steps on the adding problem, from initialisation to data, all from one seed. */
    static List<Double> run(long seed) {
        AddingProblem task = AddingProblem.uniform(10);
        RnnConfig c = new RnnConfig(2, 6, 2, Nonlinearity.RELU, true, false, 0.3, false);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.IDENTITY, seed), Linear.pytorchDefault(6, 1, seed),
                task.readout());
        List<Double> curve = new ArrayList<>();
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer t = new Trainer(n, new Adam(Adam.Options.defaults().withLr(0.01)), GradientClipping.norm(1, 2),
                    task.loss(), TrainerOptions.defaults().withTraining(true, seed));
            for (int step = 0; step < 4; step++) {
                Batch b = task.batch(8, Seeds.forStep(seed, step));
                StepMetrics s = t.step(b.input(), null, b.lengths(), b.target());
                curve.add(s.loss());
                curve.add(s.gradNorm());
            }
        }
        for (float[] p : m.parameterArrays()) for (float v : p) curve.add((double) v);
        return curve;
    }
}
