package org.rnnexplorer.ui.chart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Colour maps readable by colour-blind viewers. The diverging maps run between a blue end and a red/orange end
 * (hues that protanopes and deuteranopes still tell apart, unlike red–green) through a neutral light grey, so that
 * zero is the lightest colour and sign is read by hue; they are built with Moreland's Msh interpolation. Viridis is
 * the sequential standard (perceptually uniform, monotone in lightness, so it also survives greyscale printing).
 *
 * <p>Each map is a lookup table of {@value #SIZE} opaque ARGB colours; the size is odd so that fraction 0.5
 * (value 0 under a symmetric scale) falls exactly on the middle entry.
 */
public enum ColorMap {
    /** Moreland's cool–warm: blue (59, 76, 192) → light grey → red (180, 4, 38). The default for signed data. */
    COOL_WARM("Cool–warm (diverging)", true) {
        @Override
        double[] colorAt(double t) {
            return ColorSpaces.diverging(rgb(59, 76, 192), rgb(180, 4, 38), t);
        }
    },
    /** Purple (94, 60, 153) → light grey → orange (230, 97, 1): ColorBrewer PuOr's end colours, Msh-interpolated. */
    PURPLE_ORANGE("Purple–orange (diverging)", true) {
        @Override
        double[] colorAt(double t) {
            return ColorSpaces.diverging(rgb(94, 60, 153), rgb(230, 97, 1), t);
        }
    },
    /** Viridis (van der Walt and Smith), from matplotlib's 256-entry table, linearly resampled. */
    VIRIDIS("Viridis (sequential)", false) {
        @Override
        double[] colorAt(double t) {
            double[][] table = ViridisTable.TABLE;
            double x = t * (table.length - 1);
            int i = (int) Math.floor(x);
            if (i >= table.length - 1) return table[table.length - 1].clone();
            double f = x - i;
            double[] out = new double[3];
            for (int c = 0; c < 3; c++) out[c] = (1 - f) * table[i][c] + f * table[i + 1][c];
            return out;
        }
    };

    /** Entries in each lookup table. */
    public static final int SIZE = 257;

    /** Drawn for NaN: a dark grey that none of the maps uses. */
    public static final int NAN_ARGB = 0xFF3C3C3C;

    private final String displayName;
    private final boolean diverging;
    private volatile int[] lut;

    ColorMap(String displayName, boolean diverging) {
        this.displayName = displayName;
        this.diverging = diverging;
    }

    /** sRGB in [0, 1] at fraction t ∈ [0, 1] along the map. */
    abstract double[] colorAt(double t);

    public String displayName() {
        return displayName;
    }

    /** True for maps whose middle is neutral, meant for signed data on a symmetric scale. */
    public boolean diverging() {
        return diverging;
    }

    /** The lookup table: {@value #SIZE} opaque ARGB colours, low to high. Shared: do not modify. */
    public int[] lut() {
        int[] l = lut;
        if (l == null) {
            l = new int[SIZE];
            for (int i = 0; i < SIZE; i++) {
                double[] c = colorAt(i / (double) (SIZE - 1));
                l[i] = argb(c[0], c[1], c[2]);
            }
            lut = l;
        }
        return l;
    }

    /** The ARGB colour for a fraction in [0, 1] (clamped), NaN → {@link #NAN_ARGB}. */
    public int argbAt(double fraction) {
        if (Double.isNaN(fraction)) return NAN_ARGB;
        double f = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
        return lut()[(int) Math.round(f * (SIZE - 1))];
    }

    @Override
    public String toString() {
        return displayName;
    }

    static double[] rgb(int r, int g, int b) {
        return new double[] {r / 255.0, g / 255.0, b / 255.0};
    }

    static int argb(double r, double g, double b) {
        return 0xFF000000 | channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    /** The viridis table, loaded once from the resource that src/test/python/make_viridis_table.py writes. */
    private static final class ViridisTable {
        static final double[][] TABLE = load();

        private static double[][] load() {
            try (InputStream in = ColorMap.class.getResourceAsStream("viridis.csv")) {
                if (in == null) throw new IllegalStateException("viridis.csv is missing from the program's resources");
                List<double[]> rows = new ArrayList<>();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    String[] parts = line.split(",");
                    rows.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2])});
                }
                return rows.toArray(double[][]::new);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
