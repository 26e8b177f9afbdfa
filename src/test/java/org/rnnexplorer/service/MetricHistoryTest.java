package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricHistoryTest {

    @Test
    void keepsEveryPointUntilFull() {
        MetricHistory h = new MetricHistory(8);
        for (int i = 1; i <= 7; i++) h.add(i, i * 10);
        MetricHistory.Series s = h.snapshot();
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7}, s.x());
        assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70}, s.y());
        h.add(8, 80);
        assertArrayEquals(new double[] {15, 35, 55, 75}, h.snapshot().y());
        assertEquals(2, h.snapshot().stride());
        assertEquals(1, s.stride());
    }

    @Test
    void aLongRunStaysBoundedAndSpansTheWholeRun() {
        MetricHistory h = new MetricHistory(16);
        int n = 100_000;
        for (int i = 1; i <= n; i++) h.add(i, i);
        MetricHistory.Series s = h.snapshot();
        assertTrue(s.size() <= 16 && s.size() >= 8, "size " + s.size());
        assertEquals(1, s.x()[0]);
        assertTrue(s.x()[s.size() - 1] > n - 2 * s.stride(), "last point near the end");
        // Each point's mean is the mean of the iterations it covers: first + (stride - 1) / 2.
        for (int i = 0; i < s.size(); i++) assertEquals(s.x()[i] + (s.stride() - 1) / 2.0, s.y()[i], 1e-9);
    }

    @Test
    void aSpikeSurvivesDecimationInTheMax() {
        MetricHistory h = new MetricHistory(8);
        for (int i = 1; i <= 1000; i++) h.add(i, i == 377 ? 1e6 : 1.0);
        MetricHistory.Series s = h.snapshot();
        double maxOfMax = 0;
        for (double v : s.yMax()) maxOfMax = Math.max(maxOfMax, v);
        assertEquals(1e6, maxOfMax);
    }
}
