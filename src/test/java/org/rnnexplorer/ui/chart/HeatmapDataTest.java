package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cutting a time window out of a units × time grid. */
class HeatmapDataTest {

    @Test
    void aColumnRangeKeepsEachRowsCellsOfThoseColumns() {
        // 2 rows × 5 columns: value = 10 * row + column
        float[] v = {0, 1, 2, 3, 4, 10, 11, 12, 13, 14};
        HeatmapData d = new HeatmapData(2, 5, v);
        HeatmapData cut = d.columnRange(1, 3);
        assertEquals(2, cut.rows());
        assertEquals(3, cut.columns());
        assertArrayEquals(new float[] {1, 2, 3, 11, 12, 13}, cut.values());
        assertEquals(13f, cut.value(1, 2));
        assertSame(d, d.columnRange(0, 4), "the whole grid is not copied");
        boolean[] mask = {true, false, false, true, false, false, true, true, false, true};
        assertArrayEquals(new boolean[] {true, false, false, true}, HeatmapData.columnRange(mask, 2, 5, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> d.columnRange(3, 5));
        assertThrows(IllegalArgumentException.class, () -> d.columnRange(2, 1));
    }
}
