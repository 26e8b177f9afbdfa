package org.rnnexplorer.train.task;

import java.util.SplittableRandom;

/**
 * Random streams indexed by (seed, step), so that step k's batch is the same whatever happened before it: a run
 * can be replayed, paused, or compared with another run on identical data.
 */
public final class Seeds {

    private Seeds() {
    }

    /** The stream for one step of a run. */
    public static SplittableRandom forStep(long seed, long step) {
        return new SplittableRandom(mix(mix(seed) + step));
    }

    /** A 64-bit finaliser (Stafford's variant 13), spreading nearby inputs across the stream's cycle. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
