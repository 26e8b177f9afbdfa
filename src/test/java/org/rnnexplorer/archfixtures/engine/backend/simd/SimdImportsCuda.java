package org.rnnexplorer.archfixtures.engine.backend.simd;

/** Planted: one backend depends on another. */
public class SimdImportsCuda {
    Object other = new org.rnnexplorer.archfixtures.engine.backend.cuda.CudaBackendStandIn();
}
