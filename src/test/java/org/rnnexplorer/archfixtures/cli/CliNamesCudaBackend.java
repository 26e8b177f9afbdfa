package org.rnnexplorer.archfixtures.cli;

/** Planted: the CLI names a backend implementation instead of loading it by name through the seam. */
public class CliNamesCudaBackend {
    Object backend = new org.rnnexplorer.archfixtures.engine.backend.cuda.CudaBackendStandIn();
}
