package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;

/**
 * A way of computing the RNN: scalar reference loops, Vector API kernels, or CUDA. Implementations are found by
 * {@link Backends} by class name, so a backend whose module or native library is missing fails to load alone.
 */
public interface Backend {

    /** Short lowercase name used on the command line and in the window: scalar, simd, cuda. */
    String name();

    /** Whether this backend can run here, and if not, why. Cheap after the first call. */
    Availability availability();

    /**
     * Whether this backend runs a cell type here: {@link #availability()}, narrowed for cells it has no kernels for
     * (see {@link Availability#rnnOnly}).
     */
    default Availability availability(CellMode mode) {
        return availability();
    }

    /**
     * A kernel holding backend-owned buffers for one configuration: parameters live in it between calls, and the
     * activations of the last forward pass stay in it for the backward pass.
     *
     * @throws IllegalStateException when the backend is unavailable
     * @throws IllegalArgumentException when it is available but not for this cell ({@link #availability(CellMode)})
     */
    RnnKernel createKernel(RnnConfig config);
}
