package org.rnnexplorer.train;

import org.rnnexplorer.engine.ForwardMode;

/**
 * How a {@link Trainer} runs its passes and what it measures besides loss and gradient norms.
 *
 * @param training        PyTorch's {@code module.train()}: inter-layer dropout on (masks drawn per pass from
 *                        dropoutSeed and the pass number)
 * @param dropoutSeed     base seed of the dropout masks
 * @param mode            TRAINING, or TRACE to keep pre-activations for the explorer's traces
 * @param spectraEvery    compute ρ and σ_max of each W_hh every this many steps (0: never)
 * @param probeEvery      compute {@link TimestepProbes} every this many steps (0: never), before the update
 * @param probeBatchIndex the sequence the probes' Jacobians follow
 * @param probeProducts   whether probes include the running products (O(L·H³))
 * @param watchdog        stop at the first non-finite value (otherwise NaN flows on, as in PyTorch)
 */
public record TrainerOptions(boolean training, long dropoutSeed, ForwardMode mode, int spectraEvery, int probeEvery,
                             int probeBatchIndex, boolean probeProducts, boolean watchdog) {

    public TrainerOptions {
        if (mode == ForwardMode.INFERENCE) throw new IllegalArgumentException("training needs a TRAINING or TRACE pass");
        if (spectraEvery < 0 || probeEvery < 0) throw new IllegalArgumentException("intervals must be ≥ 0");
    }

    /** train() mode, nothing extra measured, watchdog on. */
    public static TrainerOptions defaults() {
        return new TrainerOptions(true, 0, ForwardMode.TRAINING, 0, 0, 0, false, true);
    }

    /** The fixed-batch form of {@code rnnx train}: no dropout, nothing extra, watchdog on. */
    public static TrainerOptions fixedBatch() {
        return new TrainerOptions(false, 0, ForwardMode.TRAINING, 0, 0, 0, false, true);
    }

    public TrainerOptions withTraining(boolean v, long seed) {
        return new TrainerOptions(v, seed, mode, spectraEvery, probeEvery, probeBatchIndex, probeProducts, watchdog);
    }

    public TrainerOptions withSpectraEvery(int v) {
        return new TrainerOptions(training, dropoutSeed, mode, v, probeEvery, probeBatchIndex, probeProducts, watchdog);
    }

    public TrainerOptions withProbes(int every, int batchIndex, boolean products) {
        return new TrainerOptions(training, dropoutSeed, mode, spectraEvery, every, batchIndex, products, watchdog);
    }

    public TrainerOptions withMode(ForwardMode v) {
        return new TrainerOptions(training, dropoutSeed, v, spectraEvery, probeEvery, probeBatchIndex, probeProducts, watchdog);
    }
}
