package org.rnnexplorer.ui.presets;

import org.rnnexplorer.ui.chart.AxisTicks;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One thing a preset says will happen, as data: the window shows {@link #describe()} and {@code PresetClaimsTest}
 * runs the preset headless for its budget on two seeds and checks it. A claim that holds for one seed only is not a
 * claim.
 *
 * @param run        which run it is about: the Training pane's, or side A, B or C of the A/B view
 * @param metric     what is measured
 * @param comparison how the measurement relates to {@code threshold}
 * @param threshold  the bound; a ratio for {@link Metric#LOSS_TO_CHANCE}, {@link Metric#GRADIENT_FADE},
 *                   {@link Metric#GRADIENT_GROWTH}, {@link Metric#SPECTRAL_RADIUS_GROWTH} and
 *                   {@link Metric#CLIPPED_SHARE}, an iteration for {@link Metric#WATCHDOG_STOP}, a count of updates
 *                   for {@link Metric#RECURRENT_STILL}
 * @param at         the iteration at which it is measured
 */
public record Claim(Run run, Metric metric, Comparison comparison, double threshold, long at) {

    /** Iterations the loss is averaged over: one batch's loss is noisy. */
    public static final int LOSS_WINDOW = 250;

    public enum Run {
        MAIN(""), A("A's "), B("B's "), C("C's ");

        private final String possessive;

        Run(String possessive) {
            this.possessive = possessive;
        }
    }

    public enum Metric {
        /** Mean loss of the {@value #LOSS_WINDOW} iterations up to {@code at}, over the task's chance level. */
        LOSS_TO_CHANCE,
        /** ‖∂L/∂h_0‖ / ‖∂L/∂h_{T−1}‖ of layer 0 in the pass at iteration {@code at}. */
        GRADIENT_FADE,
        /** The iteration at which the watchdog stopped the run, or +∞ when it ran to {@code at}. */
        WATCHDOG_STOP,
        /** The largest finite ‖g‖ before the watchdog's stop over ‖g‖ of the first update. */
        GRADIENT_GROWTH,
        /** The fraction of the first {@code at} updates that clipping rescaled. */
        CLIPPED_SHARE,
        /** ρ of layer 0's W_hh where the run ended (at the watchdog's stop or at {@code at}) over ρ at its start. */
        SPECTRAL_RADIUS_GROWTH,
        /**
         * How many of the updates applied (before the watchdog's stop, up to {@code at}) left every W_hh exactly where
         * it was: ‖ΔW_hh‖ = 0, as where every tanh unit is saturated and tanh′ is 0 in float32.
         */
        RECURRENT_STILL
    }

    public enum Comparison {
        BELOW, ABOVE,
        /** |value − 1| ≤ threshold. */
        WITHIN
    }

    public Claim {
        if (metric == Metric.WATCHDOG_STOP && comparison == Comparison.WITHIN) {
            throw new IllegalArgumentException("a stop is before or after an iteration");
        }
    }

    public static Claim lossBelow(Run run, double timesChance, long at) {
        return new Claim(run, Metric.LOSS_TO_CHANCE, Comparison.BELOW, timesChance, at);
    }

    public static Claim lossAbove(Run run, double timesChance, long at) {
        return new Claim(run, Metric.LOSS_TO_CHANCE, Comparison.ABOVE, timesChance, at);
    }

    public static Claim lossNearChance(Run run, double tolerance, long at) {
        return new Claim(run, Metric.LOSS_TO_CHANCE, Comparison.WITHIN, tolerance, at);
    }

    /** Whether a measurement of this claim's metric bears it out. */
    public boolean holds(double value) {
        return switch (comparison) {
            case BELOW -> value < threshold;
            case ABOVE -> value > threshold;
            case WITHIN -> Math.abs(value - 1) <= threshold;
        };
    }

    /** The claim in words, with its numbers, e.g. "at iteration 3000, A's loss is below 0.5 × the chance level". */
    public String describe() {
        String who = run.possessive;
        return switch (metric) {
            case LOSS_TO_CHANCE -> String.format(Locale.ROOT, "at iteration %d %sloss (mean of the last %d) is %s",
                    at, who, LOSS_WINDOW, switch (comparison) {
                        case BELOW -> "below " + number(threshold) + " × the chance level";
                        case ABOVE -> "above " + number(threshold) + " × the chance level";
                        case WITHIN -> "within ±" + number(threshold * 100) + "% of the chance level";
                    });
            case GRADIENT_FADE -> String.format(Locale.ROOT, "at iteration %d %s‖∂L/∂h_t‖ at the first step is %s %s"
                    + " × its value at the last step", at, who, comparison == Comparison.BELOW ? "below" : "above",
                    number(threshold));
            case WATCHDOG_STOP -> comparison == Comparison.BELOW
                    ? String.format(Locale.ROOT, "the watchdog stops %srun at the first NaN or ∞ before iteration %s",
                    who.isEmpty() ? "the " : who, number(threshold))
                    : String.format(Locale.ROOT, "no NaN or ∞ stops %srun before iteration %s",
                    who.isEmpty() ? "the " : who, number(threshold));
            case GRADIENT_GROWTH -> String.format(Locale.ROOT, "before that, %s‖g‖ climbs to %s %s × its first value",
                    who, comparison == Comparison.BELOW ? "less than" : "more than", number(threshold));
            case CLIPPED_SHARE -> String.format(Locale.ROOT, "clipping rescales %s %s%% of %sfirst %d updates",
                    comparison == Comparison.BELOW ? "fewer than" : "more than", number(threshold * 100),
                    who.isEmpty() ? "the " : who, at);
            case SPECTRAL_RADIUS_GROWTH -> String.format(Locale.ROOT, "%sρ of W_hh ends %s %s × where it started", who,
                    comparison == Comparison.BELOW ? "less than" : "more than", number(threshold));
            case RECURRENT_STILL -> String.format(Locale.ROOT, "%s of %supdates before the stop leave W_hh exactly "
                    + "where it was (‖ΔW_hh‖ = 0)", (comparison == Comparison.BELOW ? "fewer than " : "more than ")
                    + number(threshold), who.isEmpty() ? "the " : who);
        };
    }

    /** Integers plainly, powers of ten as 10ⁿ, anything else as the shortest decimal. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        double e = Math.log10(Math.abs(v));
        if (v > 0 && e == Math.rint(e)) return "10" + AxisTicks.superscript((int) e);
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
