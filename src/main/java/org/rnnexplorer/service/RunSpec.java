package org.rnnexplorer.service;

import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.OptimizerKind;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Everything that defines a run: the same spec with the same seed on the same backend gives the same run, step for
 * step. Built with {@link #builder}; what is not set is empty, never a NaN or 0 standing for "not set".
 *
 * @param config         the RNN; input_size must match the task's inputs
 * @param init           initialisation of the RNN (ignored when {@code initialModel} is given)
 * @param spectralRadius rescale every W_hh to this radius after initialisation; empty to leave it
 * @param initialModel   weights to start from (RNN and optional head); empty to initialise from the seed
 * @param task           what to run on
 * @param batchSize      N
 * @param optimizer      the optimiser and its PyTorch keyword arguments; empty for a run that only explores (passes,
 *                       no updates)
 * @param clipping       gradient clipping
 * @param tbpttChunk     truncated BPTT chunk length; empty to backpropagate through whole sequences
 * @param seed           seeds initialisation, batches and dropout
 * @param backend        the compute backend asked for
 * @param probes         per-timestep probes and how often
 */
public record RunSpec(RnnConfig config, Initializers.Scheme init, OptionalDouble spectralRadius,
                      Optional<Model> initialModel, TaskSpec task, int batchSize, Optional<Optimization> optimizer,
                      GradientClipping clipping, OptionalInt tbpttChunk, long seed, BackendChoice backend,
                      ProbeSettings probes) {

    public RunSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(spectralRadius, "spectralRadius");
        Objects.requireNonNull(initialModel, "initialModel");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(tbpttChunk, "tbpttChunk");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(probes, "probes");
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (tbpttChunk.isPresent() && tbpttChunk.getAsInt() <= 0) {
            throw new IllegalArgumentException("TBPTT chunk must be positive, got " + tbpttChunk.getAsInt());
        }
        if (spectralRadius.isPresent() && Double.isNaN(spectralRadius.getAsDouble())) {
            throw new IllegalArgumentException("spectral radius is NaN; leave it empty to keep the initialiser's");
        }
    }

    /**
     * An optimiser with its PyTorch keyword arguments (lr, momentum, betas, ...); what is not given takes PyTorch's
     * default when the run starts.
     */
    public record Optimization(OptimizerKind kind, Map<String, Object> args) {
        public Optimization {
            Objects.requireNonNull(kind, "kind");
            args = Map.copyOf(args);
        }
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

        /** These settings following sequence {@code b} of the batch instead. */
        public ProbeSettings following(int b) {
            return new ProbeSettings(b, jacobians, products, budgetFraction);
        }
    }

    /**
     * A run of {@code config} on {@code task}. Unless set: PyTorch's default initialisation without rescaling, no
     * starting weights, no optimiser, no clipping, whole-sequence BPTT, seed 0, the best backend, no probes. The batch
     * size has no default.
     */
    public static Builder builder(RnnConfig config, TaskSpec task) {
        return new Builder(config, task);
    }

    /** A builder holding every value of this spec, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder(config, task);
        b.init = init;
        b.spectralRadius = spectralRadius;
        b.initialModel = initialModel;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.clipping = clipping;
        b.tbpttChunk = tbpttChunk;
        b.seed = seed;
        b.backend = backend;
        b.probes = probes;
        return b;
    }

    /** Whether this run can train (it has an optimiser) rather than only explore. */
    public boolean trains() {
        return optimizer.isPresent();
    }

    public RunSpec withConfig(RnnConfig c) {
        return toBuilder().config(c).build();
    }

    public RunSpec withTask(TaskSpec t) {
        return toBuilder().task(t).build();
    }

    public RunSpec withBatchSize(int n) {
        return toBuilder().batchSize(n).build();
    }

    public RunSpec withClipping(GradientClipping c) {
        return toBuilder().clipping(c).build();
    }

    public RunSpec withProbes(ProbeSettings p) {
        return toBuilder().probes(p).build();
    }

    /** Named setters for a {@link RunSpec}; {@link #build()} validates. */
    public static final class Builder {
        private RnnConfig config;
        private TaskSpec task;
        private Initializers.Scheme init = Initializers.Scheme.PYTORCH_DEFAULT;
        private OptionalDouble spectralRadius = OptionalDouble.empty();
        private Optional<Model> initialModel = Optional.empty();
        private int batchSize;
        private Optional<Optimization> optimizer = Optional.empty();
        private GradientClipping clipping = GradientClipping.none();
        private OptionalInt tbpttChunk = OptionalInt.empty();
        private long seed;
        private BackendChoice backend = BackendChoice.AUTO;
        private ProbeSettings probes = ProbeSettings.none();

        private Builder(RnnConfig config, TaskSpec task) {
            this.config = config;
            this.task = task;
        }

        public Builder config(RnnConfig c) {
            config = c;
            return this;
        }

        public Builder task(TaskSpec t) {
            task = t;
            return this;
        }

        /** How the RNN is initialised from the seed, without rescaling. */
        public Builder init(Initializers.Scheme scheme) {
            init = scheme;
            spectralRadius = OptionalDouble.empty();
            return this;
        }

        /** How the RNN is initialised from the seed, then every W_hh rescaled to spectral radius {@code rho}. */
        public Builder init(Initializers.Scheme scheme, double rho) {
            init = scheme;
            spectralRadius = OptionalDouble.of(rho);
            return this;
        }

        /** Start from these weights (copied when the run starts) instead of initialising; null for none. */
        public Builder initialModel(Model m) {
            initialModel = Optional.ofNullable(m);
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder optimizer(OptimizerKind kind, Map<String, ?> args) {
            optimizer = Optional.of(new Optimization(kind, Map.copyOf(args)));
            return this;
        }

        /** No optimiser: the run explores (passes and traces) and cannot step. */
        public Builder noOptimizer() {
            optimizer = Optional.empty();
            return this;
        }

        public Builder clipping(GradientClipping c) {
            clipping = c;
            return this;
        }

        /** Truncated BPTT over chunks of {@code k} steps; 0 backpropagates through whole sequences. */
        public Builder tbpttChunk(int k) {
            if (k < 0) throw new IllegalArgumentException("TBPTT chunk must be ≥ 0, got " + k);
            tbpttChunk = k == 0 ? OptionalInt.empty() : OptionalInt.of(k);
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder backend(BackendChoice b) {
            backend = b;
            return this;
        }

        public Builder probes(ProbeSettings p) {
            probes = p;
            return this;
        }

        /** @throws IllegalArgumentException with a one-line message for a value that cannot run */
        public RunSpec build() {
            return new RunSpec(config, init, spectralRadius, initialModel, task, batchSize, optimizer, clipping,
                    tbpttChunk, seed, backend, probes);
        }
    }
}
