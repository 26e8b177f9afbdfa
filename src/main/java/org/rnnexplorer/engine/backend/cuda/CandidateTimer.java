package org.rnnexplorer.engine.backend.cuda;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Autotuning's timing loop, shared by {@link CudaKernel} (RNN recurrence plans) and {@link GatedCudaKernel} (LSTM and
 * GRU plans): each candidate is run once as a warm-up (a launch the driver refuses drops it), then timed over a few
 * runs with two events on the stream, and the fastest is kept. {@value CudaKernel#AUTOTUNE_LOG_PROPERTY} logs every
 * timed candidate.
 */
final class CandidateTimer {
    private static final System.Logger LOG = System.getLogger(CandidateTimer.class.getName());
    /** Timed runs per candidate after the warm-up. */
    private static final int REPS = 2;

    private CandidateTimer() {
    }

    /**
     * @param best  the fastest candidate, or null when none ran
     * @param timed how many candidates were timed
     */
    record Result<P>(P best, int timed) {
    }

    /**
     * @param run        runs a candidate once on {@code stream}, returning the CUresult of its launch
     * @param describe   the candidate in the log
     * @param logPrefix  what the log line says before the candidate, e.g. "rnnx autotune fwd H=128 B=1 T=256 D=1"
     * @param start, end two events of the caller's
     */
    static <P> Result<P> fastest(CudaDriver driver, long stream, long start, long end, List<P> candidates,
                                 ToIntFunction<P> run, Function<P, String> describe, String logPrefix) {
        boolean log = Boolean.getBoolean(CudaKernel.AUTOTUNE_LOG_PROPERTY);
        P best = null;
        float bestMs = Float.MAX_VALUE;
        int timed = 0;
        for (P c : candidates) {
            try {
                if (run.applyAsInt(c) != CudaDriver.CUDA_SUCCESS) continue;  // warm-up; refused: not a candidate
                driver.recordEvent(start, stream);
                for (int r = 0; r < REPS; r++) run.applyAsInt(c);
                driver.recordEvent(end, stream);
                driver.synchronizeEvent(end);
                float ms = driver.elapsedMillis(start, end) / REPS;
                timed++;
                if (log) {
                    LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %-52s %9.4f ms", logPrefix,
                            describe.apply(c), ms));
                }
                if (ms < bestMs) {
                    bestMs = ms;
                    best = c;
                }
            } catch (CudaException e) {
                if (log) LOG.log(System.Logger.Level.INFO, "rnnx autotune: " + describe.apply(c) + " failed: " + e.getMessage());
            }
        }
        return new Result<>(best, timed);
    }
}
