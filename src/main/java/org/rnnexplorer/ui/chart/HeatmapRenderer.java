package org.rnnexplorer.ui.chart;

/** Turns heatmap values into opaque ARGB pixels, one pixel per cell; pure arithmetic, callable from any thread. */
public final class HeatmapRenderer {

    private HeatmapRenderer() {
    }

    /**
     * Writes {@code data}'s colours into {@code pixels}, row-major with the heatmap's own size.
     *
     * @param pixels (rows, columns) ARGB, at least rows·columns long
     */
    public static void render(HeatmapData data, ColorScale scale, ColorMap map, int[] pixels) {
        int[] lut = map.lut();
        float[] v = data.values();
        double low = scale.low();
        double perUnit = (ColorMap.SIZE - 1) / (scale.high() - low);
        int last = ColorMap.SIZE - 1;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (x != x) {
                pixels[i] = ColorMap.NAN_ARGB;
                continue;
            }
            double idx = (x - low) * perUnit + 0.5;
            pixels[i] = lut[idx <= 0 ? 0 : idx >= last ? last : (int) idx];
        }
    }

    /**
     * Scales a rows × columns cell image to width × height pixels, nearest neighbour: every output pixel takes the
     * colour of the cell under its centre, so cells stay sharp blocks (and with more cells than pixels, the cells
     * under pixel centres are shown).
     *
     * @param cells (rows, columns) ARGB
     * @param out   (height, width) ARGB, at least width·height long
     */
    public static void scaleNearest(int[] cells, int rows, int columns, int[] out, int width, int height) {
        int[] sourceColumn = new int[width];
        for (int x = 0; x < width; x++) sourceColumn[x] = Math.min(columns - 1, (int) ((x + 0.5) * columns / width));
        int previousRow = -1;
        for (int y = 0; y < height; y++) {
            int r = Math.min(rows - 1, (int) ((y + 0.5) * rows / height));
            int dst = y * width;
            if (r == previousRow) {
                System.arraycopy(out, dst - width, out, dst, width);
                continue;
            }
            int src = r * columns;
            for (int x = 0; x < width; x++) out[dst + x] = cells[src + sourceColumn[x]];
            previousRow = r;
        }
    }
}
