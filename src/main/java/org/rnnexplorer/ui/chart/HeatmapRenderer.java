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
}
