package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorMapTest {

    static int[] rgb(int argb) {
        return new int[] {argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF};
    }

    static void assertColor(int[] expected, int argb, int tolerance, String what) {
        int[] got = rgb(argb);
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(expected[c] - got[c]) <= tolerance,
                    what + ": expected " + java.util.Arrays.toString(expected) + " got " + java.util.Arrays.toString(got));
        }
    }

    static double lightness(int argb) {
        int[] c = rgb(argb);
        return ColorSpaces.srgbToLab(c[0] / 255.0, c[1] / 255.0, c[2] / 255.0)[0];
    }

    @Test
    void labConversionMatchesTheCieReferenceValues() {
        // sRGB red and white in CIELAB (D65), the standard textbook values.
        double[] red = ColorSpaces.srgbToLab(1, 0, 0);
        assertEquals(53.24, red[0], 0.01);
        assertEquals(80.09, red[1], 0.01);
        assertEquals(67.20, red[2], 0.01);
        double[] white = ColorSpaces.srgbToLab(1, 1, 1);
        assertEquals(100.0, white[0], 1e-3);
        assertEquals(0.0, white[1], 1e-3);
        assertEquals(0.0, white[2], 1e-3);
        double[] back = ColorSpaces.labToSrgb(red[0], red[1], red[2]);
        assertArrayEquals(new double[] {1, 0, 0}, back, 1e-4);
    }

    @Test
    void coolWarmRunsFromMorelandsBlueToHisRed() {
        int[] lut = ColorMap.COOL_WARM.lut();
        assertColor(new int[] {59, 76, 192}, lut[0], 1, "low end");
        assertColor(new int[] {180, 4, 38}, lut[lut.length - 1], 1, "high end");
    }

    @Test
    void viridisRunsFromItsPublishedPurpleToYellow() {
        assertColor(new int[] {0x44, 0x01, 0x54}, ColorMap.VIRIDIS.argbAt(0), 1, "viridis #440154");
        assertColor(new int[] {0xFD, 0xE7, 0x25}, ColorMap.VIRIDIS.argbAt(1), 1, "viridis #FDE725");
    }

    @ParameterizedTest
    @EnumSource(value = ColorMap.class, names = {"COOL_WARM", "PURPLE_ORANGE"})
    void symmetricScaleMapsZeroToTheNeutralLightestMiddle(ColorMap map) {
        float[] values = {-3f, 0f, 1.5f, 2f};
        ColorScale scale = ColorScale.symmetric(values);
        assertEquals(-3, scale.low());
        assertEquals(3, scale.high());
        int[] pixels = new int[4];
        HeatmapRenderer.render(new HeatmapData(1, 4, values), scale, map, pixels);
        int zero = pixels[1];
        assertEquals(map.lut()[ColorMap.SIZE / 2], zero, "0 is the middle entry");
        int[] c = rgb(zero);
        assertTrue(Math.abs(c[0] - c[1]) <= 3 && Math.abs(c[1] - c[2]) <= 3, "the middle is grey: " + java.util.Arrays.toString(c));
        double mid = lightness(zero);
        int[] lut = map.lut();
        for (int i = 0; i < lut.length; i++) {
            double l = lightness(lut[i]);
            assertTrue(l <= mid + 0.5, "lightness peaks at 0, entry " + i);
            if (i > 0 && i <= ColorMap.SIZE / 2) assertTrue(l >= lightness(lut[i - 1]) - 0.5, "rises towards 0 at " + i);
            if (i > ColorMap.SIZE / 2) assertTrue(l <= lightness(lut[i - 1]) + 0.5, "falls after 0 at " + i);
        }
        assertEquals(lut[0], pixels[0], "-max is the low end");
        assertEquals(lut[(int) Math.round(0.75 * (ColorMap.SIZE - 1))], pixels[2], "1.5 of ±3 sits three quarters along");
    }

    @Test
    void viridisLightnessRisesMonotonically() {
        int[] lut = ColorMap.VIRIDIS.lut();
        for (int i = 1; i < lut.length; i++) assertTrue(lightness(lut[i]) >= lightness(lut[i - 1]) - 0.2, "entry " + i);
    }

    @Test
    void extremesAndNonFiniteValuesAreDrawnDistinctly() {
        float[] values = {Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, -1f, 1f};
        ColorScale scale = ColorScale.symmetric(values);
        assertEquals(1.0, scale.high(), "infinities do not stretch the scale");
        int[] pixels = new int[5];
        HeatmapRenderer.render(new HeatmapData(1, 5, values), scale, ColorMap.COOL_WARM, pixels);
        int[] lut = ColorMap.COOL_WARM.lut();
        assertEquals(lut[0], pixels[0]);
        assertEquals(ColorMap.NAN_ARGB, pixels[1]);
        assertEquals(lut[lut.length - 1], pixels[2]);
        assertEquals(lut[0], pixels[3]);
        assertEquals(lut[lut.length - 1], pixels[4]);
    }

    @Test
    void allZeroDataStillHasAUsableScale() {
        ColorScale s = ColorScale.symmetric(new float[] {0, 0});
        assertEquals(new ColorScale(-1, 1), s);
        assertEquals(0.5, s.fraction(0));
        ColorScale r = ColorScale.range(new float[] {2, 2});
        assertEquals(0.5, r.fraction(2));
    }

    @Test
    void nearestNeighbourScalingMakesBlocksAndPicksCellsUnderPixelCentres() {
        int[] cells = {1, 2, 3, 4}; // 2 × 2
        int[] out = new int[16];
        HeatmapRenderer.scaleNearest(cells, 2, 2, out, 4, 4);
        assertArrayEquals(new int[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, out);
        int[] wide = {10, 11, 12, 13}; // 1 × 4 into 2 pixels: centres at 0.25 and 0.75 → cells 1 and 3
        int[] two = new int[2];
        HeatmapRenderer.scaleNearest(wide, 1, 4, two, 2, 1);
        assertArrayEquals(new int[] {11, 13}, two);
    }
}
