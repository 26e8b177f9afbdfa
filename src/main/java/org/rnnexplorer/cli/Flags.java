package org.rnnexplorer.cli;

import java.util.Locale;

/** Range checks of numeric flags, each refusal naming the flag and the value given. */
final class Flags {

    private Flags() {
    }

    /**
     * A comma-separated list of integers ({@code --lengths 5,3,2}), in ASCII digits with an optional minus sign (the
     * engine gives PyTorch's message for a length of 0 or less); null for null. Parsed here, not by picocli's
     * {@code split}, which dropped a trailing empty item ({@code 5,3,2,} was read as 5,3,2) and whose
     * {@link Integer#parseInt} takes any script's digits ({@code ٥,3,2} was read as 5,3,2): PyTorch, given such a
     * list from the shell, would take neither.
     */
    static int[] integers(String flag, String text) {
        if (text == null) return null;
        String[] items = text.split(",", -1);
        int[] values = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (item.isEmpty()) {
                throw new IllegalArgumentException(flag + " has an empty item in '" + text
                        + "' (a stray comma?); give integers separated by commas, e.g. 5,3,2");
            }
            boolean ascii = item.matches("-?[0-9]+");
            try {
                if (!ascii) throw new NumberFormatException();
                values[i] = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": '" + item + "' is not an integer (digits 0-9"
                        + (ascii ? ", at most " + Integer.MAX_VALUE : "") + "); give integers separated by commas,"
                        + " e.g. 5,3,2");
            }
        }
        return values;
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
