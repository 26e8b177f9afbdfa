package org.rnnexplorer.train.task;

import org.rnnexplorer.train.StepMetrics;
import org.rnnexplorer.train.Trainer;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.Locale;

/**
 * Trains on a task: step k draws its batch from {@link Seeds#forStep}(seed, k), in the model's layout, so that a
 * run (and its A/B twin with another model) sees exactly the same data whatever it did before.
 */
public final class TaskRunner {
    private final Task task;
    private final Trainer trainer;
    private final int batchSize;
    private final long seed;

    /**
     * @throws TrainingConfigException when the model cannot take the task's data (sizes, loss, readout)
     */
    public TaskRunner(Task task, Trainer trainer, int batchSize, long seed) {
        var model = trainer.network().model();
        if (model.config().inputSize() != task.inputSize()) {
            throw new TrainingConfigException("input_size", "task " + task.name() + " has " + task.inputSize()
                    + " input features but the RNN's input_size is " + model.config().inputSize());
        }
        if (model.outputSize() != task.outputSize()) {
            throw new TrainingConfigException("head", "task " + task.name() + " needs " + task.outputSize()
                    + " outputs but the model predicts " + model.outputSize());
        }
        if (model.readout() != task.readout() || trainer.loss() != task.loss()) {
            throw new TrainingConfigException("readout", "task " + task.name() + " needs readout "
                    + task.readout().name().toLowerCase(Locale.ROOT) + " and loss " + task.loss().shortName());
        }
        this.task = task;
        this.trainer = trainer;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public Task task() {
        return task;
    }

    public Trainer trainer() {
        return trainer;
    }

    /** The batch of step k (0-based), in the model's layout. */
    public Batch batch(long step) {
        return task.batch(batchSize, Seeds.forStep(seed, step)).inLayout(trainer.network().model().config().batchFirst());
    }

    /** Trains one step on the next batch. */
    public StepMetrics step() {
        Batch b = batch(trainer.stepCount());
        return trainer.step(b.input(), null, b.lengths(), b.target());
    }
}
