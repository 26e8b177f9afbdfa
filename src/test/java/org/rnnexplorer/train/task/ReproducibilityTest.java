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
    void runnerRejectsAModelThatCannotTakeTheTask() {
        Model m = new Model(Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1),
                Linear.pytorchDefault(4, 1, 1), org.rnnexplorer.train.Readout.LAST);
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer t = new Trainer(n, new Adam(Adam.Options.defaults()), GradientClipping.none(),
                    org.rnnexplorer.train.LossKind.MSE, TrainerOptions.defaults());
            org.rnnexplorer.train.TrainingConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.rnnexplorer.train.TrainingConfigException.class, () -> new TaskRunner(AddingProblem.uniform(5), t, 4, 1));
            assertEquals("task adding has 2 input features but the RNN's input_size is 3", e.getMessage());
        }
    }

    @Test
    void batchFirstModelsGetTransposedBatches() {
        RnnConfig c = RnnConfig.of(1, 3).withBatchFirst(true);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 1), Linear.pytorchDefault(3, 1, 1),
                org.rnnexplorer.train.Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            Trainer t = new Trainer(n, new Adam(Adam.Options.defaults()), GradientClipping.none(),
                    org.rnnexplorer.train.LossKind.MSE, TrainerOptions.defaults());
            TaskRunner runner = new TaskRunner(new SineForecast(7, 5, 0), t, 3, 9);
            assertArrayEquals(new int[] {3, 7, 1}, runner.batch(0).input().shape());
            assertEquals(1, runner.step().step());
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
            TaskRunner runner = new TaskRunner(task, t, 8, seed);
            for (int step = 0; step < 4; step++) {
                StepMetrics s = runner.step();
                curve.add(s.loss());
                curve.add(s.gradNorm());
            }
        }
        for (float[] p : m.parameterArrays()) for (float v : p) curve.add((double) v);
        return curve;
    }
}
