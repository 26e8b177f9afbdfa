package org.rnnexplorer.ui.chart;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.ValueAxisPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick choices a class can read: a time or iteration axis ticks whole steps only (no "t = 0.2"), a log axis ticks
 * whole powers of ten (no 10^-1.2), and 2 and 5 times them where it spans one decade only. JFreeChart picks fractional units when an axis spans little, so a log axis
 * made here also spans at least the decade around its data, and thus always has a power of ten to label.
 */
public final class AxisTicks {

    private AxisTicks() {
    }

    /** Ticks at whole numbers: for axes of timesteps, iterations, indices. */
    public static NumberAxis wholeSteps(NumberAxis axis) {
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return axis;
    }

    /** A base-10 log axis with ticks at whole powers of ten only, spanning at least whole decades. */
    public static LogAxis wholePowers(String label) {
        LogAxis axis = new WholeDecadeLogAxis(label);
        // LogAxis draws anything below its smallest value at that value. Every positive number these charts show
        // comes from float32 tensors and is at least float32's smallest subnormal: at 10⁻³⁰, Pitfall 3's curve
        // began at t = 39 of a stream whose text said the gradient reached t = 0 (it did, at 10⁻⁴⁰).
        axis.setSmallestValue(Float.MIN_VALUE);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // a LogAxis's unit is in exponent space
        return axis;
    }

    /** m·10ᵏ as a class reads it: 0.02 … 500 in decimals, else "2·10⁻⁵" (the ticks between powers of ten). */
    static String label(int m, int k) {
        if (k >= -2 && k <= 2) return BigDecimal.valueOf(m).scaleByPowerOfTen(k).toPlainString();
        return m + "·10" + superscript(k);
    }

    /** n in superscript digits, e.g. −3 → "⁻³": for 10ⁿ in labels. */
    public static String superscript(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(n < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) sb.append(digits.charAt(c - '0'));
        return sb.toString();
    }

    /**
     * {low, high} widened outwards to whole powers of ten (positive bounds; others returned as given); a single value
     * (high = low) gets the decade it lies in.
     */
    public static double[] wholeDecades(double low, double high) {
        if (!(low > 0) || !(high >= low) || !Double.isFinite(high)) return new double[] {low, high};
        double l = Math.pow(10, Math.floor(Math.log10(low) + 1e-9));
        double h = Math.pow(10, Math.ceil(Math.log10(high) - 1e-9));
        if (h <= l) h = l * 10;
        return new double[] {l, h};
    }

    private static final class WholeDecadeLogAxis extends LogAxis {
        WholeDecadeLogAxis(String label) {
            super(label);
        }

        @Override
        protected void autoAdjustRange() {
            // One positive value (a run whose tanh units all saturated has ∂L/∂h_t = 0 at every step but the last):
            // JFreeChart widens a zero-length range by its minimum size of 1e-8, which is nothing beside 5.8e36, and
            // throws "A positive range length is required"; the chart was then not drawn at all.
            Range data = getPlot() instanceof ValueAxisPlot plot ? plot.getDataRange(this) : null;
            if (isAutoRange() && data != null && data.getLowerBound() > 0 && data.getLowerBound() == data.getUpperBound()) {
                double[] r = wholeDecades(data.getLowerBound(), data.getUpperBound());
                setRange(new Range(r[0], r[1]), false, false);
                return;
            }
            super.autoAdjustRange();
            double[] r = wholeDecades(getLowerBound(), getUpperBound());
            if (r[0] != getLowerBound() || r[1] != getUpperBound()) setRange(new Range(r[0], r[1]), false, false);
        }

        /**
         * Whole powers of ten; where the axis spans one decade only, also 2 and 5 times its lower power (a run's ρ of
         * 1.7 and σ_max of 2.6 were read off a decade with no label between 10⁰ and 10¹, a loss at chance, 0.17,
         * between 10⁻¹ and 10⁰).
         */
        @Override
        protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<ValueTick> ticks = super.refreshTicksVertical(g2, dataArea, edge);
            double low = getLowerBound(), high = getUpperBound();
            double decades = Math.log10(high / low);
            if (!(low > 0) || decades > 1 + 1e-9) return ticks;
            // The nearest two (1 and 2, 5 and 10) are log₁₀ 2 of a decade apart: only where their labels stay apart.
            double gap = Math.log10(2) / decades * dataArea.getHeight();
            if (gap < 1.5 * getTickLabelFont().getSize2D()) return ticks;
            int k = (int) Math.floor(Math.log10(low) + 1e-9);
            TextAnchor anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
            List<ValueTick> out = new ArrayList<>(ticks);
            for (int m : new int[] {2, 5}) {
                double v = m * Math.pow(10, k);
                if (v > low && v < high) out.add(new LogTick(TickType.MAJOR, v, new AttributedString(label(m, k)), anchor));
            }
            return out;
        }


        /**
         * log₁₀ exactly at powers of ten: LogAxis divides natural logs, which gives log(0.01) = −1.9999999999999996,
         * so the tick at an axis's lower bound of 10⁻² was skipped and the bottom of every log chart went unlabelled.
         */
        @Override
        public double calculateLog(double value) {
            return getBase() == 10 ? Math.log10(value) : super.calculateLog(value);
        }
    }
}
