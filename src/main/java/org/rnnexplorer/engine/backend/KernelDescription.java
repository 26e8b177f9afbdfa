package org.rnnexplorer.engine.backend;

/**
 * Implemented by kernels that can say how they computed their last pass (which GPU path, which tiles), so that
 * {@code rnnx selftest} and diagnostics can show it next to the result.
 */
public interface KernelDescription {

    /** A one-line description of how the last forward and backward passes ran, or of the kernel when none has. */
    String describe();
}
