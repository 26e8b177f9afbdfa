package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which cell indices a heatmap labels: a 1-2-5 step, the smallest that keeps labels apart. */
class IndexTicksTest {

    @Test
    void everyIndexWhenCellsAreWideEnough() {
        // 10 cells over 400 px: 40 px per cell, labels need 30.
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, IndexTicks.indices(10, 400, 30));
    }

    @Test
    void stepIsTheSmallestOneTwoFiveValueThatFits() {
        // 1000 time steps over 1200 px = 1.2 px per cell; 40 px apart needs 34 cells, so the step is 50.
        assertEquals(50, IndexTicks.step(1000, 1200, 40));
        int[] t = IndexTicks.indices(1000, 1200, 40);
        assertEquals(0, t[0]);
        assertEquals(950, t[t.length - 1]);
        assertEquals(20, t.length);
        // 48 units over 320 px (6.67 px each), 14 px apart: 2.1 cells, so 5.
        assertEquals(5, IndexTicks.step(48, 320, 14));
        assertEquals(2, IndexTicks.step(48, 480, 14));  // exactly 2 cells of 10 px = 20 px >= 14
        assertEquals(10, IndexTicks.step(200, 300, 14));
        assertEquals(20, IndexTicks.step(200, 150, 14));
    }

    @Test
    void neighbouringLabelsAreNeverCloserThanAsked() {
        for (int count = 1; count <= 3000; count += 37) {
            for (double length = 20; length <= 2000; length *= 1.7) {
                int step = IndexTicks.step(count, length, 25);
                if (step == 0) continue;
                assertTrue(step * length / count >= 25 - 1e-9, count + " cells over " + length + " px, step " + step);
                // and the next smaller 1-2-5 step would not have fitted
                int smaller = smallerNice(step);
                if (smaller > 0) assertTrue(smaller * length / count < 25, count + " / " + length + ": " + smaller + " fits");
            }
        }
    }

    @Test
    void nothingWhenNotEvenOneLabelFits() {
        assertEquals(0, IndexTicks.indices(0, 300, 20).length);
        assertEquals(0, IndexTicks.indices(5, 10, 20).length);
        assertArrayEquals(new int[] {0}, IndexTicks.indices(1, 300, 20));
        assertArrayEquals(new int[] {0}, IndexTicks.indices(3, 25, 20), "step 5 > 3 cells: only index 0");
    }

    @Test
    void centreIsTheMiddleOfTheCell() {
        assertEquals(105.0, IndexTicks.centre(0, 10, 100, 100));
        assertEquals(195.0, IndexTicks.centre(9, 10, 100, 100));
    }

    @Test
    void aZoomedAxisLabelsRoundIndicesWhereverItStarts() {
        // Steps 123..222 (100 cells) over 500 px with labels 40 px apart: step 10, labels at 130, 140, ..., 220.
        int[] t = IndexTicks.indices(123, 100, 500, 40);
        assertEquals(130, t[0]);
        assertEquals(220, t[t.length - 1]);
        assertEquals(10, t.length);
        assertArrayEquals(new int[0], IndexTicks.indices(121, 8, 40, 40), "8 cells, step 10: no multiple inside 121..128");
        assertArrayEquals(IndexTicks.indices(50, 500, 40), IndexTicks.indices(0, 50, 500, 40));
    }

    private static int smallerNice(int step) {
        int decade = 1;
        while (decade * 10 <= step) decade *= 10;
        int m = step / decade;
        if (m == 1) return decade == 1 ? 0 : decade / 2;
        return m == 2 ? decade : 2 * decade;
    }
}
