package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the GPU backend splits the K range of a product with few tiles (pure arithmetic; no GPU needed). */
class GemmSplitTest {

    private static int splits(int k, int slice) {
        return (k + slice - 1) / slice;
    }

    @Test
    void longSequenceWeightGradientsAtSmallWidthSpreadOverManyBlocks() {
        // dW_hh of the long shape: 128 x 128 in 64-tiles = 4 tiles, K = T*B = 1000, an H200's 132 multiprocessors.
        int slice = DeviceProducts.splitLength(4, 132, 1000);
        assertEquals(0, slice % 8, "whole tiles of depth 8");
        assertTrue(slice >= 64 && slice <= 72, "each block walks at most 72 of the 1000 steps, got " + slice);
        assertTrue(splits(1000, slice) * slice >= 1000, "the slices cover K");
        assertTrue(4 * splits(1000, slice) <= 2 * 132, "at most two blocks per multiprocessor");
    }

    @Test
    void enoughTilesOrAShortKRunWhole() {
        assertEquals(1000, DeviceProducts.splitLength(132, 132, 1000), "one tile per multiprocessor already");
        assertEquals(500, DeviceProducts.splitLength(4, 132, 500), "short K");
    }

    @Test
    void wideShapesAreLimitedByTheMultiprocessorsNotBySliceLength() {
        // wide: dW_hh 512 x 512 in 64-tiles = 64 tiles, K = 1000 * 16: ceil(264 / 64) = 5 slices.
        int slice = DeviceProducts.splitLength(64, 132, 16000);
        assertEquals(5, splits(16000, slice));
        // Every split count keeps slices of at least 64 and covers K exactly once.
        for (int tiles = 1; tiles < 132; tiles += 7) {
            for (int k = 512; k < 40000; k = k * 3 / 2 + 1) {
                int s = DeviceProducts.splitLength(tiles, 132, k);
                int n = splits(k, s);
                assertTrue(s >= 64 || n == 1, tiles + " tiles, K " + k + ": slice " + s);
                assertTrue((n - 1) * s < k && n * s >= k, tiles + " tiles, K " + k + ": no empty slice");
                assertTrue(n <= (2 * 132 + tiles - 1) / tiles, tiles + " tiles, K " + k + ": " + n + " slices, about two blocks per multiprocessor at most");
            }
        }
    }
}
