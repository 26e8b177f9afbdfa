package org.rnnexplorer.engine;

import java.util.Locale;

/** Numbers in the text the window and the CLI show. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * {@code %.<significant>g}, with ±inf and NaN written as Python and PyTorch write them ({@code inf}, {@code -inf},
     * {@code nan}): a diverged run's loss read "loss Infinity" beside the PyTorch code that prints {@code inf}.
     */
    public static String g(double value, int significant) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%." + significant + "g", value);
    }
}
