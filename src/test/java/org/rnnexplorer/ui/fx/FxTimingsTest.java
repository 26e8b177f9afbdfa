package org.rnnexplorer.ui.fx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FX-thread probe's statistics: nearest-rank percentiles, the maximum over every call, a bounded ring. */
class FxTimingsTest {

    @Test
    void percentilesAreNearestRankOverTheKeptCallsAndTheMaximumCoversAll() {
        FxTimings.reset();
        for (int ms = 100; ms >= 1; ms--) FxTimings.record("handler", ms * 1_000_000L, ms * 500_000L);
        FxTimings.Stats wall = FxTimings.stats().get("handler");
        assertEquals(100, wall.count());
        assertEquals(100.0, wall.maxMs());
        assertEquals(99.0, wall.p99Ms(), "the 99th of 100 sorted durations");
        assertEquals(51.0, wall.medianMs());
        assertEquals(50.0, FxTimings.cpuStats().get("handler").maxMs());

        for (int i = 0; i < FxTimings.CAPACITY; i++) FxTimings.record("handler", 1_000_000L, 0);
        FxTimings.Stats later = FxTimings.stats().get("handler");
        assertEquals(100 + FxTimings.CAPACITY, later.count());
        assertEquals(1.0, later.p99Ms(), "the ring keeps the most recent calls");
        assertEquals(100.0, later.maxMs(), "the maximum is over every call");
        FxTimings.reset();
    }
}
