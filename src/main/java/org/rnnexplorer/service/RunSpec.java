package org.rnnexplorer.service;

import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Model;

import java.util.Map;

/**
 * Everything that defines a training run: the same spec with the same seed on the same backend gives the same run,
 * step for step.
 *
 * @param config           the RNN; input_size must match the task's inputs
 * @param init             initialisation of the RNN (ignored when {@code initialModel} is given)
 * @param spectralRadius   rescale every W_hh to this radius after initialisation, or NaN to leave it
 * @param initialModel     weights to start from (RNN and optional head), or null to initialise from the seed
 * @param task             what to train on
 * @param batchSize        N
 * @param optimizer        sgd, adam, rmsprop or adagrad
 * @param optimizerArgs    PyTorch keyword arguments (lr, momentum, betas, ...)
 * @param clipping         gradient clipping
 * @param tbpttChunk       truncated BPTT chunk length, or 0 to backpropagate through whole sequences
 * @param seed             seeds initialisation, batches and dropout
 * @param backend          scalar, simd, cuda or auto
 * @param probes           per-timestep probes and how often
 */
public record RunSpec(RnnConfig config, Initializers.Scheme init, double spectralRadius, Model initialModel,
                      TaskSpec task, int batchSize, String optimizer, Map<String, Object> optimizerArgs,
                      GradientClipping clipping, int tbpttChunk, long seed, String backend, ProbeSettings probes) {

    public RunSpec {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (tbpttChunk < 0) throw new IllegalArgumentException("TBPTT chunk must be ≥ 0, got " + tbpttChunk);
        optimizerArgs = Map.copyOf(optimizerArgs);
    }

    /**
     * Per-timestep probes (Jacobian factors, running products) are costly: O(T·H²) to O(T·H³) per pass.
     *
     * @param batchIndex       the sequence whose hidden states and Jacobians the traces follow
     * @param jacobians        compute ‖diag(f′)W_hh‖₂ per step
     * @param products         compute the running product norms too (O(T·H³))
     * @param budgetFraction   at most this fraction of engine time goes to probes while running
     */
    public record ProbeSettings(int batchIndex, boolean jacobians, boolean products, double budgetFraction) {
        public static ProbeSettings defaults() {
            return new ProbeSettings(0, true, true, 0.1);
        }

        public static ProbeSettings none() {
            return new ProbeSettings(0, false, false, 0);
        }
    }

    public RunSpec withSeed(long s) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, s, backend, probes);
    }

    public RunSpec withBackend(String b) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, b, probes);
    }

    public RunSpec withConfig(RnnConfig c) {
        return new RunSpec(c, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withInit(Initializers.Scheme scheme, double rho) {
        return new RunSpec(config, scheme, rho, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withInitialModel(Model m) {
        return new RunSpec(config, init, spectralRadius, m, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withTask(TaskSpec t) {
        return new RunSpec(config, init, spectralRadius, initialModel, t, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withOptimizer(String name, Map<String, Object> args) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, name, args, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withClipping(GradientClipping c) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, c,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withBatchSize(int n) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, n, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, probes);
    }

    public RunSpec withTbpttChunk(int k) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                k, seed, backend, probes);
    }

    public RunSpec withProbes(ProbeSettings p) {
        return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, optimizerArgs, clipping,
                tbpttChunk, seed, backend, p);
    }
}
