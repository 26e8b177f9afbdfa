package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.AxisTicks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of one BPTT step of an Elman RNN for the followed sequence b, as the trace and the pass's weights
 * give it: ∂L/∂h_prev = W_hhᵀ·(f′(a_t) ⊙ ∂L/∂h_t) + direct_prev, where prev is t − 1 (forward) or t + 1 (reverse)
 * and the direct term is what reaches h_prev from outside this direction's recurrence: the loss's gradient on the
 * top layer's output, or the layer above's input gradient for a lower layer. A pure function of the snapshot.
 *
 * @param layer      k
 * @param direction  0 forward, 1 reverse
 * @param t          the step BPTT goes back through
 * @param prev       the step whose state h_t read: t − 1 or t + 1, or −1 when it is the initial state h_0
 * @param hidden     H
 * @param nonlinearity f, whose derivative is taken from h_t as autograd does
 * @param gradAtT    ∂L/∂h_t, (H)
 * @param derivative f′(a_t), (H): the diagonal of diag(f′(a_t))
 * @param weightHhT  W_hhᵀ, (H, H) row-major
 * @param recurrent  W_hhᵀ·(f′(a_t) ⊙ ∂L/∂h_t), (H)
 * @param direct     the direct term at prev, (H); null when prev is h_0 (the initial state has no other path)
 * @param directFrom where the direct term comes from
 * @param traced     ∂L/∂h_prev as the engine's backward pass computed it, (H); null when prev is h_0 (not traced)
 */
public record BpttStepArithmetic(int layer, int direction, int t, int prev, int hidden, Nonlinearity nonlinearity,
                                 double[] gradAtT, double[] derivative, double[] weightHhT, double[] recurrent,
                                 double[] direct, DirectFrom directFrom, double[] traced) {

    /** The origin of the direct term. */
    public enum DirectFrom {
        /** The top layer: the loss's gradient on the output at prev (zero where the loss does not read it). */
        LOSS,
        /** A lower layer: Σ over the layer above's directions of W_ihᵀ·(f′ ⊙ ∂L/∂h), this direction's slice. */
        LAYER_ABOVE,
        /** prev is the initial state h_0. */
        NONE
    }

    /**
     * Why the step at t cannot be shown as arithmetic, in one sentence, or null when it can.
     *
     * @param t the cursor's step
     */
    public static String whyNotShown(TraceSnapshot trace, int layer, int direction, int t) {
        RnnConfig c = trace.config();
        if (c.isGated()) {
            return "The arithmetic as matrices is shown for an Elman RNN: for "
                    + (c.mode() == CellMode.LSTM ? "an LSTM" : "a GRU") + " the step's factors are in the text above (the measured Jacobian and the gates).";
        }
        if (c.hiddenSize() > TraceSnapshot.ARITHMETIC_MAX_HIDDEN) {
            return String.format(Locale.ROOT, "The arithmetic of one step is shown for hidden_size ≤ %d: at H = %d "
                    + "W_hhᵀ alone has %,d values.", TraceSnapshot.ARITHMETIC_MAX_HIDDEN, c.hiddenSize(),
                    c.hiddenSize() * c.hiddenSize());
        }
        if (trace.weights() == null) return "This pass's weights were not kept, so its arithmetic cannot be shown.";
        if (layer < c.numLayers() - 1 && c.dropout() > 0 && trace.iteration() > 0) { // explore passes run in eval mode
            return "In training, layer " + layer + " reaches the layer above through dropout, whose mask the trace "
                    + "does not keep: the arithmetic is shown for the top layer only.";
        }
        int length = Math.min(trace.length(), trace.steps());
        if (t < 0 || t >= length) {
            return "t = " + t + " is past sequence " + trace.batchIndex() + "'s length " + length
                    + ": no gradient flows there.";
        }
        return null;
    }

    /**
     * Computes the step; O(H² + D·H²).
     *
     * @throws IllegalArgumentException when {@link #whyNotShown} gives a reason
     */
    public static BpttStepArithmetic of(TraceSnapshot trace, int layer, int direction, int t) {
        String why = whyNotShown(trace, layer, direction, t);
        if (why != null) throw new IllegalArgumentException(why);
        RnnConfig c = trace.config();
        int h = c.hiddenSize(), length = Math.min(trace.length(), trace.steps());
        Nonlinearity f = c.nonlinearity();
        DirectionTrace d = trace.direction(layer, direction);
        int prev = direction == 0 ? t - 1 : t + 1;
        if (prev < 0 || prev >= length) prev = -1;

        double[] grad = row(d.gradHidden(), t, h);
        double[] derivative = derivative(f, d.hidden(), t, h);
        float[] w = trace.weights().weightHh(layer, direction); // (H, H): a_t = … + W_hh·h_prev
        double[] wT = new double[h * h];
        for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) wT[j * h + i] = w[i * h + j];
        double[] recurrent = new double[h];
        for (int j = 0; j < h; j++) {
            double s = 0;
            for (int i = 0; i < h; i++) s += wT[j * h + i] * derivative[i] * grad[i];
            recurrent[j] = s;
        }
        if (prev < 0) {
            return new BpttStepArithmetic(layer, direction, t, -1, h, f, grad, derivative, wT, recurrent, null,
                    DirectFrom.NONE, null);
        }
        boolean top = layer == c.numLayers() - 1;
        double[] direct = top ? lossTerm(trace, direction, prev, h) : layerAboveTerm(trace, layer, direction, prev, h);
        return new BpttStepArithmetic(layer, direction, t, prev, h, f, grad, derivative, wT, recurrent, direct,
                top ? DirectFrom.LOSS : DirectFrom.LAYER_ABOVE, row(d.gradHidden(), prev, h));
    }

    /** recurrent + direct: what the step says ∂L/∂h_prev is, (H); the recurrent term alone at h_0. */
    public double[] sum() {
        double[] s = recurrent.clone();
        if (direct != null) for (int u = 0; u < hidden; u++) s[u] += direct[u];
        return s;
    }

    /** max_u |(recurrent + direct)_u − traced_u|, NaN at h_0. */
    public double largestDifference() {
        if (traced == null) return Double.NaN;
        double[] s = sum();
        double m = 0;
        for (int u = 0; u < hidden; u++) m = Math.max(m, Math.abs(s[u] - traced[u]));
        return m;
    }

    /** Whether the direct term is exactly zero (the loss does not read h_prev), or absent. */
    public boolean directIsZero() {
        if (direct == null) return true;
        for (double v : direct) if (v != 0) return false;
        return true;
    }

    /**
     * One labelled matrix of the step as the pane lays it out, left to right:
     * W_hhᵀ · diag(f′(a_t)) · ∂L/∂h_t = recurrent [+ direct = traced].
     *
     * @param operator what stands before it ("", "·", "=", "+")
     * @param caption  what it is, with its shape and, for small values, the power of ten its cells are shown in
     * @param rows     R
     * @param columns  C (1 for a vector)
     * @param values   (R, C) row-major
     * @param diagonal whether only the diagonal is meaningful (diag(f′)): off-diagonal cells are drawn blank
     * @param exponent the cells show value·10^−exponent (0: the values themselves)
     */
    public record Term(String operator, String caption, int rows, int columns, double[] values, boolean diagonal,
                       int exponent) {

        /** The text of cell (r, c): three decimals, or two of the value scaled by the caption's power of ten. */
        public String cellText(int r, int c) {
            if (diagonal && r != c) return "";
            double v = values[r * columns + c];
            String s = exponent == 0 ? String.format(Locale.ROOT, "%.3f", v)
                    : String.format(Locale.ROOT, "%.2f", v / Math.pow(10, exponent));
            return s.replace('-', '−');
        }

        /** The hover text of cell (r, c): the matrix's name, the cell's indices and its value as the pane's readouts write it. */
        public String describeCell(int r, int c) {
            String name = caption.substring(0, caption.indexOf("  ("));
            String at = columns == 1 ? "[" + r + "]" : "[" + r + ", " + c + "]";
            return name + " " + at + " = " + GradientFlowViewModel.number(values[r * columns + c]);
        }

        static Term of(String operator, String name, int rows, int columns, double[] values, boolean diagonal) {
            double largest = 0;
            for (double v : values) if (Double.isFinite(v)) largest = Math.max(largest, Math.abs(v));
            int exponent = largest > 0 && largest < 0.01 ? (int) Math.floor(Math.log10(largest)) : 0;
            String caption = name + "  (" + rows + " × " + columns + (exponent == 0 ? ")" : ", ×10" + AxisTicks.superscript(exponent) + ")");
            return new Term(operator, caption, rows, columns, values, diagonal, exponent);
        }
    }

    /** The matrices of the step in the order the pane shows them. */
    public List<Term> terms() {
        String now = "h_" + t;
        double[] diag = new double[hidden * hidden];
        for (int u = 0; u < hidden; u++) diag[u * hidden + u] = derivative[u];
        List<Term> out = new ArrayList<>();
        out.add(Term.of("", "W_hhᵀ", hidden, hidden, weightHhT, false));
        out.add(Term.of("·", "diag(f′(a_" + t + ")), f′ = " + (nonlinearity == Nonlinearity.TANH ? "1 − " + now + "²"
                : "1 where " + now + " > 0, else 0"), hidden, hidden, diag, true));
        out.add(Term.of("·", "∂L/∂" + now, hidden, 1, gradAtT, false));
        out.add(Term.of("=", prev < 0 ? "recurrent term, to the initial state" : "recurrent term", hidden, 1, recurrent, false));
        if (direct != null) {
            out.add(Term.of("+", directFrom == DirectFrom.LOSS ? "direct: the loss at h_" + prev
                    : "direct: from layer " + (layer + 1), hidden, 1, direct, false));
        }
        if (traced != null) out.add(Term.of("=", "∂L/∂h_" + prev + " (traced)", hidden, 1, traced, false));
        return out;
    }

    /** One or two sentences on the step: which sum it is, where the direct term comes from, how well it adds up. */
    public String summary(int batchIndex) {
        String label = ModelShape.directionLabel(layer, direction);
        StringBuilder sb = new StringBuilder();
        sb.append("BPTT step t = ").append(t).append(" of ").append(label).append(", sequence b = ").append(batchIndex)
                .append(": ");
        if (prev < 0) {
            return sb.append("t = ").append(t).append(" is the direction's first step, which read the initial state ")
                    .append("(nn.RNN's h_0 argument): the recurrent term W_hhᵀ·(f′(a_").append(t).append(") ⊙ ∂L/∂h_")
                    .append(t).append(") is the gradient on that initial state, which the trace does not hold.").toString();
        }
        sb.append("∂L/∂h_").append(prev).append(" = W_hhᵀ·(f′(a_").append(t).append(") ⊙ ∂L/∂h_").append(t).append(") + ");
        if (directFrom == DirectFrom.LAYER_ABOVE) {
            sb.append("what layer ").append(layer + 1).append(" passes down to h_").append(prev)
                    .append(" (Σ over its directions of W_ihᵀ·(f′ ⊙ ∂L/∂h) at t = ").append(prev).append(")");
        } else if (directIsZero()) {
            sb.append("0 (the loss does not read h_").append(prev).append(")");
        } else {
            sb.append("the loss's own gradient at h_").append(prev);
        }
        return sb.append(". Their sum and the traced ∂L/∂h_").append(prev).append(" differ by at most ")
                .append(GradientFlowViewModel.number(largestDifference())).append('.').toString();
    }

    /** The top layer's slice of ∂L/∂output at prev: this direction's H of the D·H outputs. */
    private static double[] lossTerm(TraceSnapshot trace, int direction, int prev, int h) {
        int width = trace.config().numDirections() * h;
        double[] out = new double[h];
        for (int u = 0; u < h; u++) out[u] = trace.gradOutput()[prev * width + direction * h + u];
        return out;
    }

    /**
     * The layer above reads [h_fwd; h_rev] of this layer at prev as its input x: its ∂L/∂x is Σ over its directions
     * of W_ihᵀ·(f′(a) ⊙ ∂L/∂h), of which this direction's H rows reach h_prev.
     */
    private static double[] layerAboveTerm(TraceSnapshot trace, int layer, int direction, int prev, int h) {
        RnnConfig c = trace.config();
        int in = c.layerInputSize(layer + 1);
        double[] out = new double[h];
        for (int above = 0; above < c.numDirections(); above++) {
            DirectionTrace a = trace.direction(layer + 1, above);
            float[] w = trace.weights().weightIh(layer + 1, above); // (H, D·H)
            double[] g = row(a.gradHidden(), prev, h), fp = derivative(c.nonlinearity(), a.hidden(), prev, h);
            for (int i = 0; i < h; i++) {
                double delta = fp[i] * g[i];
                for (int u = 0; u < h; u++) out[u] += w[i * in + direction * h + u] * delta;
            }
        }
        return out;
    }

    private static double[] row(float[] trace, int t, int h) {
        double[] out = new double[h];
        for (int u = 0; u < h; u++) out[u] = trace[t * h + u];
        return out;
    }

    private static double[] derivative(Nonlinearity f, float[] hidden, int t, int h) {
        double[] out = new double[h];
        for (int u = 0; u < h; u++) out[u] = f.derivativeFromOutput(hidden[t * h + u]);
        return out;
    }
}
