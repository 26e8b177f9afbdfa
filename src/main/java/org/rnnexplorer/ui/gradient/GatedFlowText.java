package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.GatedTrace;

import java.util.List;
import java.util.Locale;

import static org.rnnexplorer.ui.gradient.GradientFlowViewModel.number;

/** The Gradient flow pane's sentences for an LSTM or GRU: why no bound is drawn, and one BPTT step's factors. */
final class GatedFlowText {
    private GatedFlowText() {
    }

    /** Why Pascanu's bound is not drawn for a gated cell, and what the chart shows instead. */
    static String whyNoBound(RnnConfig c) {
        boolean lstm = c.mode() == CellMode.LSTM;
        String blocks = String.format(Locale.ROOT, "%s's W_hh stacks %d gate blocks (%d × %d)", lstm ? "An LSTM" : "A GRU",
                c.mode().gateCount(), c.gateRows(), c.outputHiddenSize());
        String path = lstm ? "its step also runs through the gates and the cell path c_t = f_t ⊙ c_t−1 + i_t ⊙ g_t"
                : "its step h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_t−1 passes z_t ⊙ ∂L/∂h_t straight back";
        return "Pascanu's bound ‖∂L/∂h_last‖·(γσ_max)^k is not drawn: it bounds an Elman RNN's step diag(f′(a_t))·W_hh "
                + "with one square W_hh. " + blocks + " and " + path + ", so that argument does not apply. Dotted: "
                + "the measured ‖∂L/∂h_last‖·‖∂h_last/∂h_t‖₂ (the product of this sequence's step Jacobians); dashed: "
                + (lstm ? "‖∂L/∂c_last‖ times ∏f, the mean over units of the forget-gate products along the cell path."
                : "‖∂L/∂h_last‖ times ∏z, the mean over units of the update-gate products along the skip.");
    }

    /**
     * Step-through at t: the measured factor and running product, the gates at t (mean over the followed sequence's
     * units) and the gate that multiplies the gradient on the direct path back to the previous step.
     */
    static String step(GradientFrame f, int t, boolean back) {
        DirectionTrace d = f.direction();
        GatedTrace g = d.gated();
        int steps = f.trace().steps(), length = Math.min(f.trace().length(), steps);
        int h = f.trace().config().hiddenSize();
        StringBuilder sb = new StringBuilder();
        sb.append(GradientFlowViewModel.stepHeader(f, t, back)).append('\n');
        String padding = GradientFlowViewModel.pastLength(f, t);
        if (padding != null) return sb.append(padding).toString();
        if (d.jacobianNorm() == null) {
            sb.append("Jacobians were not measured for this pass").append(back ? ": measuring…" : " (measured when you step back through BPTT)");
        } else {
            sb.append("factor ").append(GradientFlowViewModel.stepFactor(d.direction())).append(" = ")
                    .append(number(d.jacobianNorm()[t])).append(g.mode() != CellMode.LSTM ? " (measured)"
                            : d.direction() == 0 ? " (measured, c_t−1 held)" : " (measured, c_t+1 held)").append('\n');
            sb.append("running product ‖∂h_").append(f.last()).append("/∂h_t‖₂ = ").append(number(Math.exp(d.productLogNorm()[t])));
        }
        sb.append("\ngates at t, mean over sequence b's units: ");
        List<String> names = g.mode().gateNames();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(number(mean(g.gates().get(i), t, h)));
        }
        String gate = f.pathGate();
        boolean lstm = g.mode() == CellMode.LSTM;
        String q = lstm ? "c" : "h";
        float[] grad = lstm ? g.gradCell() : d.gradHidden();
        int prev = d.direction() == 0 ? t - 1 : t + 1;
        double carried = productNorm(g.gate(gate), grad, t, h);
        sb.append('\n');
        if (prev < 0 || prev >= length) {
            sb.append(gate).append('_').append(t).append(" carries ‖").append(gate).append('_').append(t).append(" ⊙ ∂L/∂")
                    .append(q).append('_').append(t).append("‖ = ").append(number(carried)).append(" to the initial ")
                    .append(q).append("_0 (sequence b)");
        } else {
            sb.append("∂L/∂").append(q).append('_').append(prev).append(" = ").append(gate).append('_').append(t)
                    .append(" ⊙ ∂L/∂").append(q).append('_').append(t).append(lstm ? " + the path through h_" + prev
                            : " + the other paths (through r_" + t + ", z_" + t + ", n_" + t + " and the output)").append(": ‖")
                    .append(gate).append('_').append(t).append(" ⊙ ∂L/∂").append(q).append('_').append(t).append("‖ = ")
                    .append(number(carried)).append(" of ‖∂L/∂").append(q).append('_').append(prev).append("‖ = ")
                    .append(number(norm(grad, prev, h))).append(" (sequence b)");
        }
        // The product over the steps after t (GradientFrame.gateProduct): the gradient at the last step reaches t
        // through them; t's own gate carries it on to t−1 (the line above). It read "from t", one step too many.
        int next = d.direction() == 0 ? t + 1 : t - 1;
        sb.append('\n');
        if (t == f.last()) {
            sb.append("∏").append(gate).append(" over the steps after t: none, t is the last step (the empty product, 1)");
        } else {
            sb.append("∏").append(gate).append("_s for s = ").append(next).append(next == f.last() ? "" : " … " + f.last())
                    .append(d.direction() == 0 ? " (the steps after t)" : " (the steps after t in the reverse direction's order)")
                    .append(", mean over units = ").append(number(f.gateProduct()[t]));
        }
        return sb.toString();
    }

    private static double mean(float[] v, int t, int h) {
        double s = 0;
        for (int u = 0; u < h; u++) s += v[t * h + u];
        return s / h;
    }

    /** ‖gate_t ⊙ grad_t‖ of one sequence's (T, H) arrays. */
    static double productNorm(float[] gate, float[] grad, int t, int h) {
        double s = 0;
        for (int u = 0; u < h; u++) {
            double x = (double) gate[t * h + u] * grad[t * h + u];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double norm(float[] v, int t, int h) {
        double s = 0;
        for (int u = 0; u < h; u++) s += (double) v[t * h + u] * v[t * h + u];
        return Math.sqrt(s);
    }
}
