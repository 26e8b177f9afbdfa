package org.rnnexplorer.engine;

import java.util.List;
import java.util.Optional;

/**
 * A way of computing the RNN: scalar reference loops, Vector API kernels, or CUDA. Implementations live in
 * {@code engine.backend.*} and are found by {@code engine.backend.Backends} by class name, so a backend whose module
 * or native library is missing fails to load alone.
 *
 * <p>An abstract class rather than an interface so that {@link #createKernel} can be final: every backend's kernel
 * goes through the one {@link CheckedKernel} that checks the seam's contract, and no backend repeats those checks.
 */
public abstract class Backend {

    /** Short lowercase name used on the command line and in the window: scalar, simd, cuda. */
    public abstract String name();

    /** Whether this backend can run here, and if not, why. Cheap after the first call. */
    public abstract Availability availability();

    /**
     * Whether this backend runs a cell type here: {@link #availability()}, narrowed for cells it has no kernels for
     * (see {@link Availability#rnnOnly}).
     */
    public Availability availability(CellMode mode) {
        return availability();
    }

    /**
     * Why {@code auto} should pass this backend over for a cell it can run (say, kernels not yet checked and timed on
     * a real device), or empty when auto may pick it. A backend named explicitly still runs the cell.
     */
    public Optional<String> autoSkips(CellMode mode) {
        return Optional.empty();
    }

    /**
     * A kernel holding backend-owned buffers for one configuration: parameters live in it between calls, and the
     * activations of the last forward pass stay in it for the backward pass. Every call on it is checked against
     * the contract of {@link RnnKernel} before it reaches the backend.
     *
     * @throws IllegalStateException when the backend is unavailable, as {@code backend NAME is unavailable: REASON}
     * @throws IllegalArgumentException when it is available but not for this cell ({@link #availability(CellMode)})
     */
    public final RnnKernel createKernel(RnnConfig config) {
        Availability a = availability();
        if (!a.available()) throw new IllegalStateException("backend " + name() + " is unavailable: " + a.reason());
        Availability forCell = availability(config.mode());
        if (!forCell.available()) {
            throw new IllegalArgumentException("backend " + name() + " runs RNN only (" + forCell.reason() + ")");
        }
        return new CheckedKernel(config, newKernel(config));
    }

    /**
     * This backend's kernel for {@code config}; called only when {@link #availability()} says yes. It may assume
     * every call obeys {@link RnnKernel}'s contract: {@link CheckedKernel} refuses the others before they reach it.
     */
    protected abstract RnnKernel newKernel(RnnConfig config);

    /** The device this backend computes on, e.g. a GPU's name and compute capability, when it is worth naming. */
    public Optional<String> deviceDescription() {
        return Optional.empty();
    }

    /**
     * The other ways this backend can compute a layer of {@code config} with {@code batch} sequences (a GPU path or
     * plan forced, say), each to be checked against the reference on its own as {@code rnnx selftest} does; empty
     * when the backend has only its default way. Each names why it cannot run here, if it cannot.
     */
    public List<ConformanceVariant> conformanceVariants(RnnConfig config, int batch) {
        return List.of();
    }
}
