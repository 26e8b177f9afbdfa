package org.rnnexplorer.train;

import java.math.BigDecimal;
import java.util.Locale;

/** Formats numbers as Python's {@code str.format("{}")} prints them, so that error messages read like PyTorch's. */
final class PyFormat {

    private PyFormat() {
    }

    /**
     * A float as Python prints it; integral values print as the int a user would have typed ({@code -1}), since
     * PyTorch's examples pass ints and the double we hold cannot tell {@code -1} from {@code -1.0}.
     */
    static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return Long.toString((long) v);
        return repr(v);
    }

    /** Python's repr of a float: shortest round-trip digits, fixed notation for 1e-4 ≤ |v| &lt; 1e16. */
    static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e16) {
            String s = d.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
