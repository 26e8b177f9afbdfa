package org.rnnexplorer.cli;

import java.util.Locale;

/** Range checks of numeric flags, each refusal naming the flag and the value given. */
final class Flags {

    private Flags() {
    }

    /** {@code value ≥ min}. */
    static void atLeast(String flag, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be " + (min == 1 ? "positive" : "at least " + min)
                    + ", got " + value);
        }
    }

    /** {@code min ≤ value ≤ max}. */
    static void within(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** A finite number ≥ min (NaN and infinities refused); null means the flag was not given. */
    static void finiteAtLeast(String flag, Double value, double min) {
        if (value == null) return;
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(flag + " must be a finite number " + (min == 0 ? "≥ 0" : "≥ " + text(min))
                    + ", got " + text(value));
        }
    }

    /** A finite number (NaN and infinities refused); null means the flag was not given. */
    static void finite(String flag, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(flag + " must be a finite number, got " + text(value));
        }
    }

    /** A finite number &gt; 0. */
    static void finitePositive(String flag, Double value) {
        if (value == null) return;
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(flag + " must be a finite number > 0, got " + text(value));
        }
    }

    private static String text(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
