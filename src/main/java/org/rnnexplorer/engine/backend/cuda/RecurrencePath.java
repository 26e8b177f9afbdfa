package org.rnnexplorer.engine.backend.cuda;

import java.util.Locale;

/**
 * How the CUDA backend runs the recurrence over time, from the cheapest per-step barrier to the most general:
 * one block holding all of W_hh, a Hopper thread-block cluster sharing it through distributed shared memory, a
 * cooperative grid exchanging the state through global memory, or one launch per step. AUTO takes the first that
 * fits the hidden size, the batch and the device.
 */
public enum RecurrencePath {
    AUTO, BLOCK, CLUSTER, GRID, STEP;

    /** Lowercase name as on the command line and in {@code -Drnnx.cuda.path}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses auto, block, cluster, grid or step (any case); null or blank is AUTO.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RecurrencePath parse(String s) {
        if (s == null || s.isBlank()) return AUTO;
        for (RecurrencePath p : values()) if (p.key().equals(s.trim().toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("unknown CUDA recurrence path '" + s + "' (expected auto, block, cluster, grid or step)");
    }
}
