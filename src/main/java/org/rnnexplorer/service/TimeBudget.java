package org.rnnexplorer.service;

/**
 * A share of engine time for optional work (the Jacobian probes, ρ and σ_max between probes): the work runs when
 * what it has cost so far plus what it cost last time stays within {@code fraction} of the engine time measured so
 * far, so it never takes more than that share however slow one measurement is. Engine-thread only.
 */
final class TimeBudget {
    private final double fraction;
    private long spentNanos;
    private long lastCostNanos;

    /**
     * @param fraction          share of engine time the work may take
     * @param expectedCostNanos what the first measurement is expected to cost, until one has been timed
     */
    TimeBudget(double fraction, long expectedCostNanos) {
        this.fraction = fraction;
        this.lastCostNanos = expectedCostNanos;
    }

    /** Whether another measurement fits, given the engine time spent so far. */
    boolean fits(long engineNanos) {
        return spentNanos + lastCostNanos <= fraction * engineNanos;
    }

    /** Counts a measurement against the budget. */
    void spend(long costNanos) {
        lastCostNanos = costNanos;
        spentNanos += costNanos;
    }

    /** A measurement outside the budget (the first pass's probe): sets the expected cost only. */
    void calibrate(long costNanos) {
        lastCostNanos = costNanos;
    }

    long spentNanos() {
        return spentNanos;
    }
}
