package org.rnnexplorer.engine;

/** Per-timestep summaries of (L, N, H) or (L, H) traces, the quantities the explorer charts. */
public final class Traces {

    private Traces() {
    }

    /**
     * The Euclidean norm of each time slice: for ∂L/∂h_t this is ‖∂L/∂h_t‖ over batch and units.
     *
     * @param trace (L, N, H) or (L, H)
     * @return (L)
     */
    public static double[] normPerTimestep(Tensor trace) {
        int steps = trace.dim(0);
        int per = steps == 0 ? 0 : trace.size() / steps;
        double[] norms = new double[steps];
        float[] d = trace.data();
        for (int t = 0; t < steps; t++) {
            double s = 0;
            for (int i = t * per; i < (t + 1) * per; i++) s += (double) d[i] * d[i];
            norms[t] = Math.sqrt(s);
        }
        return norms;
    }
}
