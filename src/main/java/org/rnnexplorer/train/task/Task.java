package org.rnnexplorer.train.task;

import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;

import java.util.SplittableRandom;

/**
 * A seeded data generator for a training experiment, knowing the loss a model reaches without learning anything
 * useful (its chance-level baseline), so that "learned" and "stuck at baseline" can be told apart on a loss chart.
 */
public interface Task {

    /** Short identifier, e.g. {@code adding}. */
    String name();

    /** One line for a menu or a log. */
    String description();

    /** I: features per input step. */
    int inputSize();

    /** O: features of the prediction (the head's out_features; classes for cross-entropy). */
    int outputSize();

    LossKind loss();

    /** Whether the target is per step (ALL) or per sequence (LAST). */
    Readout readout();

    /** The chance-level loss (see {@link #baselineDescription()} for what strategy reaches it). */
    double chanceBaseline();

    /** What the baseline is, in one line. */
    String baselineDescription();

    /**
     * A batch of fresh examples, deterministic in the random stream's state.
     *
     * @param batchSize N
     * @return input time-major (L, N, I); target (L, N, O) / (L, N) per step or (N, O) / (N) per sequence
     */
    Batch batch(int batchSize, SplittableRandom random);
}
