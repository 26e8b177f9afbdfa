package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hatching of masked heatmap cells (saturated units): stripes only inside masked cells, visible on any colour. */
class HeatmapHatchTest {

    @Test
    void stripesFallOnlyInsideMaskedCellsAndLeaveTheCellsColourBetweenThem() {
        // 2 rows × 3 columns scaled to 60 × 20 pixels: each cell is 20 × 10 pixels.
        HeatmapData data = new HeatmapData(2, 3, new float[] {-1, 0, 1, 0.5f, -0.5f, 0.99f});
        boolean[] mask = {true, false, false, false, false, true};
        int[] cells = new int[6];
        HeatmapRenderer.render(data, new ColorScale(-1, 1), ColorMap.COOL_WARM, cells);
        int[] stripe = new int[6];
        HeatmapRenderer.stripeColors(cells, mask, stripe);
        assertEquals(0, stripe[1]);
        assertNotEquals(0, stripe[0]);
        int[] plain = new int[60 * 20];
        HeatmapRenderer.scaleNearest(cells, 2, 3, plain, 60, 20);
        int[] hatched = plain.clone();
        HeatmapRenderer.hatch(stripe, 2, 3, hatched, 60, 20, 2);
        int striped = 0, kept = 0;
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 60; x++) {
                int cell = (y / 10) * 3 + x / 20;
                int i = y * 60 + x;
                if (!mask[cell]) {
                    assertEquals(plain[i], hatched[i], "unmasked pixel (" + x + ", " + y + ") untouched");
                } else if (hatched[i] == stripe[cell]) {
                    striped++;
                    assertTrue((x + y) % 6 < 2, "stripes are 2 px wide every 6 px");
                } else {
                    assertEquals(plain[i], hatched[i]);
                    kept++;
                }
            }
        }
        assertEquals(2 * 200 / 3, striped, 1, "a third of each masked cell is stripe");
        assertTrue(kept > striped, "the cell's own colour stays visible between stripes");
    }

    @Test
    void stripesAreDarkOnLightCellsAndLightOnDarkCells() {
        int[] cells = {0xFFF0F0F0, 0xFF202060};
        int[] stripe = new int[2];
        HeatmapRenderer.stripeColors(cells, new boolean[] {true, true}, stripe);
        assertTrue(luma(stripe[0]) < 60, "dark stripe on a light cell");
        assertTrue(luma(stripe[1]) > 200, "light stripe on a dark cell");
    }

    private static int luma(int argb) {
        return (299 * ((argb >> 16) & 0xFF) + 587 * ((argb >> 8) & 0xFF) + 114 * (argb & 0xFF)) / 1000;
    }
}
