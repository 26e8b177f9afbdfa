package org.rnnexplorer.ui.chart;

import java.awt.Color;

/**
 * What every chart takes from the window: theme colours, the presentation zoom and the colour map for signed data.
 *
 * @param dark        dark theme
 * @param fontScale   1.0 normal; the projector zoom scales chart fonts by it
 * @param signedMap   the colour map for signed values (weights, hidden states, gradients)
 */
public record ChartAppearance(boolean dark, double fontScale, ColorMap signedMap) {

    public static final ChartAppearance DEFAULT = new ChartAppearance(false, 1.0, ColorMap.COOL_WARM);

    public Color background() {
        return dark ? new Color(0x2b, 0x2d, 0x31) : Color.WHITE;
    }

    public Color plotBackground() {
        return dark ? new Color(0x1f, 0x21, 0x24) : new Color(0xfa, 0xfa, 0xfa);
    }

    public Color foreground() {
        return dark ? new Color(0xe6, 0xe6, 0xe6) : new Color(0x20, 0x20, 0x20);
    }

    public Color gridLines() {
        return dark ? new Color(0x4a, 0x4d, 0x52) : new Color(0xd8, 0xd8, 0xd8);
    }

    /** Series colours: Okabe–Ito's colour-blind-safe palette (blue, vermillion, bluish green, orange, …). */
    public Color series(int index) {
        Color[] palette = dark
                ? new Color[] {new Color(86, 180, 233), new Color(230, 159, 0), new Color(0, 158, 115),
                    new Color(240, 228, 66), new Color(204, 121, 167), new Color(213, 94, 0)}
                : new Color[] {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
                    new Color(230, 159, 0), new Color(204, 121, 167), new Color(86, 180, 233)};
        return palette[Math.floorMod(index, palette.length)];
    }

    public ChartAppearance withFontScale(double scale) {
        return new ChartAppearance(dark, scale, signedMap);
    }

    /** A font size in points scaled by the zoom. */
    public float font(float basePoints) {
        return (float) (basePoints * fontScale);
    }
}
