package org.rnnexplorer.service;

import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.task.Batch;
import org.rnnexplorer.train.task.Task;

import java.util.SplittableRandom;

/**
 * The task of {@code rnnx train}'s fixed-batch form: the same batch at every step, as a PyTorch loop over one
 * batch does. It has no chance baseline (NaN). Its batch is in the model's own layout, so {@link Session} feeds it
 * to the trainer directly instead of through a {@code TaskRunner}.
 */
final class FixedBatchTask implements Task {
    private final TaskSpec.FixedBatch fixed;

    FixedBatchTask(TaskSpec.FixedBatch fixed) {
        this.fixed = fixed;
    }

    TaskSpec.FixedBatch fixed() {
        return fixed;
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public String description() {
        return "one fixed batch " + fixed.input().shapeString() + ", trained on at every step";
    }

    @Override
    public int inputSize() {
        return fixed.input().dim(-1);
    }

    @Override
    public int outputSize() {
        return -1; // decided by the model it is given
    }

    @Override
    public LossKind loss() {
        return fixed.loss();
    }

    @Override
    public Readout readout() {
        return fixed.readout();
    }

    @Override
    public double chanceBaseline() {
        return Double.NaN;
    }

    @Override
    public String baselineDescription() {
        return "none: a fixed batch has no chance level";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        return new Batch(fixed.input(), fixed.target(), fixed.lengths());
    }
}
