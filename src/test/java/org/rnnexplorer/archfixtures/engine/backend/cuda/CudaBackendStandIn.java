package org.rnnexplorer.archfixtures.engine.backend.cuda;

/** A backend implementation, for others to name wrongly. */
public class CudaBackendStandIn {
}
