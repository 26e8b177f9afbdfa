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

    /**
     * For each masked cell, a stripe colour that stands out against the cell's own colour (near-black on light
     * cells, near-white on dark ones); 0 for cells that are not masked.
     *
     * @param cells  (rows, columns) ARGB as {@link #render} wrote them
     * @param mask   (rows, columns)
     * @param stripe (rows, columns) output
     */
    public static void stripeColors(int[] cells, boolean[] mask, int[] stripe) {
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) {
                stripe[i] = 0;
                continue;
            }
            int c = cells[i];
            int luma = (299 * ((c >> 16) & 0xFF) + 587 * ((c >> 8) & 0xFF) + 114 * (c & 0xFF)) / 1000;
            stripe[i] = luma > 110 ? 0xFF1E1E1E : 0xFFF2F2F2;
        }
    }

    /**
     * Draws diagonal stripes over the pixels of cells whose stripe colour is not 0, with the same nearest-neighbour
     * mapping as {@link #scaleNearest}, so hatching follows cell edges.
     *
     * @param stripe (rows, columns) ARGB or 0
     * @param out    (height, width) ARGB, already holding the scaled cells
     * @param width  of a stripe in pixels; stripes repeat every 3 widths
     */
    public static void hatch(int[] stripe, int rows, int columns, int[] out, int width, int height, int stripeWidth) {
        int w = Math.max(1, stripeWidth), period = 3 * w;
        int[] sourceColumn = new int[width];
        for (int x = 0; x < width; x++) sourceColumn[x] = Math.min(columns - 1, (int) ((x + 0.5) * columns / width));
        for (int y = 0; y < height; y++) {
            int r = Math.min(rows - 1, (int) ((y + 0.5) * rows / height));
            int src = r * columns, dst = y * width;
            for (int x = 0; x < width; x++) {
                int s = stripe[src + sourceColumn[x]];
                if (s != 0 && (x + y) % period < w) out[dst + x] = s;
            }
        }
    }
}
