package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.chart.ColorScale;

import java.util.Locale;

/**
 * The followed sequence of a text-task pass as the Hidden states pane colours it (Karpathy, Johnson &amp; Fei-Fei
 * 2015): one cell per character read, its background the value of what {@link Colouring} chooses at that step.
 *
 * @param caption    what the colours are, in words, e.g. {@code Sequence b = 1 as read: each character's
 *                   background is h[5] at that step, on the heatmap's scale}
 * @param read       (T) code points of x_t
 * @param next       (T) code points of the character after x_t
 * @param values     (T) the value behind each cell's colour; all NaN when nothing colours it (no unit chosen)
 * @param scale      the colour scale of {@code values}
 * @param signed     the diverging map (signed values) or viridis
 * @param probability (T) the probability the pass gave each next character
 * @param symbol     what a value is, for the readout: {@code h[5]}, {@code gate_f[2]} or {@code p(next)}; "" when
 *                   nothing colours the text
 */
public record TextStrip(String caption, int[] read, int[] next, float[] values, ColorScale scale, boolean signed,
                        float[] probability, String symbol) {

    /** What colours the characters. */
    public enum Colouring {
        /** The first chosen unit of the quantity the heatmap shows, on the heatmap's scale. */
        UNIT("the first chosen unit"),
        /** The probability the model gave the character that came next, 0 to 1. */
        NEXT_PROBABILITY("p(next character)");

        private final String label;

        Colouring(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The most characters the strip shows (a long sequence's first ones): its cells stay within one canvas. */
    public static final int MAX_CHARACTERS = 4000;

    /** The colour scale of the next-character probability: all of [0, 1]. */
    public static final ColorScale PROBABILITY_SCALE = new ColorScale(0, 1);

    /** T. */
    public int steps() {
        return read.length;
    }

    /** A character as a cell shows it: space as ␣, newline ↵, tab ⇥, other control characters as ·. */
    public static String glyph(int codePoint) {
        return switch (codePoint) {
            case ' ' -> "␣";
            case '\n' -> "↵";
            case '\r' -> "␍";
            case '\t' -> "⇥";
            default -> Character.isISOControl(codePoint) || !Character.isDefined(codePoint) ? "·"
                    : new String(Character.toChars(codePoint));
        };
    }

    /** The hover readout of step t: {@code t = 12: read 'e', next 'n' (p = 0.3120), h[5] = 0.7310}. */
    public String describe(int t) {
        if (t < 0 || t >= steps()) return "";
        String s = String.format(Locale.ROOT, "t = %d: read '%s', next '%s' (p = %.4f)", t, glyph(read[t]),
                glyph(next[t]), probability[t]);
        if (!symbol.isEmpty() && !symbol.equals(PROBABILITY_SYMBOL)) s += ", " + symbol + " = " + HiddenStatesViewModel.format(values[t]);
        return s;
    }

    /** The symbol of the next-character probability. */
    public static final String PROBABILITY_SYMBOL = "p(next)";

    /**
     * Where each step's cell goes when lines hold {@code perLine} cells: the window and the exported drawing wrap the
     * same way.
     *
     * @param column (T) the cell's column
     * @param line   (T) the cell's line
     * @param lines  the number of lines
     */
    public record Layout(int[] column, int[] line, int lines) {
    }

    /**
     * The cells at {@code perLine} cells a line; a newline in the text also ends its line, as Karpathy shows the
     * text.
     */
    public Layout arrange(int perLine) {
        int[] col = new int[steps()], ln = new int[steps()];
        int c = 0, l = 0;
        for (int t = 0; t < steps(); t++) {
            if (c == perLine) {
                c = 0;
                l++;
            }
            col[t] = c;
            ln[t] = l;
            c++;
            if (read[t] == '\n' && t + 1 < steps()) {
                c = 0;
                l++;
            }
        }
        return new Layout(col, ln, l + 1);
    }

    /** Cell t's background (ARGB): its value's colour on the scale, or the plot background when it has none. */
    public int cellArgb(int t, ChartAppearance a) {
        float v = values[t];
        if (Float.isNaN(v)) return a.plotBackground().getRGB();
        ColorMap map = signed ? a.signedMap() : ColorMap.VIRIDIS;
        return map.argbAt(scale.fraction(v));
    }

    /** Cell t's glyph colour (ARGB): black or white, whichever reads on its background. */
    public int glyphArgb(int t, ChartAppearance a) {
        if (Float.isNaN(values[t])) return a.foreground().getRGB();
        int fill = cellArgb(t, a);
        double luminance = (0.2126 * ((fill >> 16) & 0xFF) + 0.7152 * ((fill >> 8) & 0xFF) + 0.0722 * (fill & 0xFF)) / 255;
        return luminance > 0.45 ? 0xFF000000 : 0xFFFFFFFF;
    }
}
