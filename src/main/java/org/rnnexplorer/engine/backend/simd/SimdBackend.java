package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.RnnKernel;

/**
 * float32 kernels on the Vector API ({@code jdk.incubator.vector}, the JVM needs
 * {@code --add-modules jdk.incubator.vector}), multi-threaded on this machine's cores. The worker threads are
 * started with the first kernel and shared by every kernel of this backend; the system property
 * {@value #THREADS_PROPERTY} caps the threads (1: the calling thread only).
 */
public final class SimdBackend extends Backend {
    /** System property: how many threads the kernels may use, default all cores. */
    public static final String THREADS_PROPERTY = "rnnx.simd.threads";
    private final Object lock = new Object();
    private volatile WorkerPool pool;

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public Availability availability() {
        try {
            // Touching the species loads the incubator module; without it this throws NoClassDefFoundError.
            int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
            if (bits < 128) return Availability.no("the preferred vector size here is only " + bits + " bits");
            return Availability.yes();
        } catch (NoClassDefFoundError e) {
            return Availability.no("the Vector API module is not added (run java with --add-modules jdk.incubator.vector)");
        }
    }

    @Override
    protected RnnKernel newKernel(RnnConfig config) {
        if (config.isGated()) return new GatedSimdKernel(config, pool());
        return new SimdKernel(config, pool());
    }

    private WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null) {
            synchronized (lock) {
                p = pool;
                if (p == null) {
                    int cores = Runtime.getRuntime().availableProcessors();
                    p = new WorkerPool(Math.max(1, Integer.getInteger(THREADS_PROPERTY, cores)));
                    pool = p;
                }
            }
        }
        return p;
    }
}
