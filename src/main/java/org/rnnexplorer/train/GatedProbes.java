package org.rnnexplorer.train;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;

import java.util.Arrays;
import java.util.List;

/**
 * The measured Jacobians of a gated cell (LSTM, GRU) along one sequence of one layer and direction: per step the
 * factor ‖∂h_t/∂h_t−1‖₂ (an LSTM's c_t−1 held fixed, as autograd's ∂L/∂h_t holds c_t) and the running product
 * ‖∂h_last/∂h_t‖₂, the total derivative through h and c. Pascanu's bound (γσ_max)^k is an Elman-RNN statement —
 * a gated cell's step is not diag(f′)·W_hh — so the explorer measures the product instead.
 *
 * <p>The per-step Jacobian of the state s = (h, c) (LSTM) or h (GRU) is built from the traced gates and states and
 * W_hh (PyTorch's equations, {@code torch-gated-semantics.md}): with W_x the gate block x of W_hh, (H, H_out),
 * <pre>
 * LSTM: ∂c/∂h' = diag(c'·f(1−f))W_f + diag(g·i(1−i))W_i + diag(i(1−g²))W_g,   ∂c/∂c' = diag(f)
 *       m = o·tanh c;  ∂m/∂h' = diag(tanh c·o(1−o))W_o + diag(o(1−tanh²c))∂c/∂h',  ∂m/∂c' = diag(o(1−tanh²c)f)
 *       h = W_hr·m with a projection, else m
 * GRU:  ∂h/∂h' = diag(1−z)·diag(1−n²)(diag(W_hn h' + b_hn)·diag(r(1−r))W_r + diag(r)W_n) + diag(z)
 *                + diag(h' − n)·diag(z(1−z))W_z
 * </pre>
 * (primes: the previous state). Cost per step: one (H_out, S)·(S, S) product, S = H_out + H (LSTM) or H (GRU).
 */
public final class GatedProbes {
    private GatedProbes() {
    }

    /**
     * Per-step Jacobian measurements of one sequence.
     *
     * @param jacobianNorm   ‖∂h_t/∂h_t−1‖₂ per step t, (T); NaN past the sequence's length
     * @param productLogNorm ln ‖∂h_last/∂h_t‖₂, (T): 0 at the direction's last step (the sequence's last valid step
     *                       forward, 0 reverse), NaN past the length; −∞ once the product is exactly 0
     */
    public record Result(double[] jacobianNorm, double[] productLogNorm) {
    }

    /**
     * @param gates  each gate after its nonlinearity for the sequence, in {@link CellMode#gateNames()} order, (T, H)
     * @param cell   c_t of the sequence, (T, H); LSTM only (null for GRU)
     * @param hidden h_t of the sequence, (T, H_out)
     * @param h0     the sequence's initial h, (H_out)
     * @param c0     the sequence's initial c, (H); LSTM only
     * @param length the sequence's valid steps
     */
    public static Result measure(RnnParameters p, int layer, int direction, List<float[]> gates, float[] cell,
                                 float[] hidden, float[] h0, float[] c0, int length) {
        RnnConfig config = p.config();
        if (!config.isGated()) throw new IllegalArgumentException("an Elman RNN's Jacobians are diag(f′)·W_hh: use TimestepProbes");
        int steps = hidden.length / config.outputHiddenSize();
        Step step = config.mode() == CellMode.LSTM ? new LstmStep(p, layer, direction) : new GruStep(p, layer, direction);
        int out = config.outputHiddenSize(), size = step.size();
        double[] jacobian = new double[steps], product = new double[steps];
        Arrays.fill(jacobian, Double.NaN);
        Arrays.fill(product, Double.NaN);
        double[] j = new double[size * size];
        double[] hh = new double[out * out];
        SpectralNorm factorNorm = new SpectralNorm(out), productNorm = new SpectralNorm(out);
        // R = ∂h_last/∂s_t, (H_out, S), kept normalised with its scale in a log; starts at [I 0].
        double[] r = new double[out * size], next = new double[out * size];
        for (int i = 0; i < out; i++) r[i * size + i] = 1;
        double logScale = 0;
        boolean vanished = false, poisoned = false;
        // BPTT's order: from the direction's last step back to its first.
        for (int i = 0; i < length; i++) {
            int t = direction == 0 ? length - 1 - i : i;
            product[t] = vanished ? (poisoned ? Double.NaN : Double.NEGATIVE_INFINITY)
                    : logScale + Math.log(normOfHBlock(r, out, size, hh, productNorm));
            boolean first = i == length - 1;
            int prev = direction == 0 ? t - 1 : t + 1;
            step.jacobian(gates, cell, hidden, t, first ? h0 : null, first ? c0 : null, prev, j);
            for (int a = 0; a < out; a++) System.arraycopy(j, a * size, hh, a * out, out);
            jacobian[t] = factorNorm.dense(hh);
            if (vanished) continue;
            Arrays.fill(next, 0);
            double largest = 0;
            for (int a = 0; a < out; a++) {
                for (int k = 0; k < size; k++) {
                    double v = r[a * size + k];
                    if (v == 0) continue;
                    for (int c = 0; c < size; c++) next[a * size + c] += v * j[k * size + c];
                }
                for (int c = 0; c < size; c++) largest = Math.max(largest, Math.abs(next[a * size + c]));
            }
            if (largest == 0 || !Double.isFinite(largest)) {
                vanished = true;
                poisoned = !Double.isFinite(largest);
                continue;
            }
            for (int k = 0; k < next.length; k++) next[k] /= largest;
            logScale += Math.log(largest);
            double[] swap = r;
            r = next;
            next = swap;
        }
        return new Result(jacobian, product);
    }

    /** ‖R[:, :H_out]‖₂: the h→h_last part of the running product. */
    private static double normOfHBlock(double[] r, int out, int size, double[] scratch, SpectralNorm norm) {
        for (int a = 0; a < out; a++) System.arraycopy(r, a * size, scratch, a * out, out);
        return norm.dense(scratch);
    }

    /** A cell's state Jacobian ∂s_t/∂s_prev, (S, S) row-major, state order (h, c). */
    private interface Step {
        int size();

        /**
         * @param h0   the initial h when t is the direction's first step, else null (then h_prev is hidden[prev])
         * @param c0   likewise for c (LSTM)
         */
        void jacobian(List<float[]> gates, float[] cell, float[] hidden, int t, float[] h0, float[] c0, int prev,
                      double[] dst);
    }

    /** Gate block x of W_hh, (H, H_out) row-major, as doubles. */
    private static double[] block(float[] weightHh, int gate, int h, int out) {
        double[] w = new double[h * out];
        for (int i = 0; i < w.length; i++) w[i] = weightHh[gate * h * out + i];
        return w;
    }

    private static final class LstmStep implements Step {
        private final int h, out, size;
        private final double[] wi, wf, wg, wo, whr;
        private final double[] dcdh, dmdh;

        LstmStep(RnnParameters p, int layer, int direction) {
            RnnConfig c = p.config();
            h = c.hiddenSize();
            out = c.outputHiddenSize();
            size = out + h;
            float[] w = p.weightHh(layer, direction);
            wi = block(w, 0, h, out);
            wf = block(w, 1, h, out);
            wg = block(w, 2, h, out);
            wo = block(w, 3, h, out);
            float[] hr = p.weightHr(layer, direction);
            whr = hr == null ? null : new double[hr.length];
            if (hr != null) for (int i = 0; i < hr.length; i++) whr[i] = hr[i];
            dcdh = new double[h * out];
            dmdh = new double[h * out];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void jacobian(List<float[]> gates, float[] cell, float[] hidden, int t, float[] h0, float[] c0, int prev,
                             double[] dst) {
            float[] ig = gates.get(0), fg = gates.get(1), gg = gates.get(2), og = gates.get(3);
            Arrays.fill(dst, 0);
            double[] dmdc = new double[h];
            for (int u = 0; u < h; u++) {
                int at = t * h + u;
                double i = ig[at], f = fg[at], g = gg[at], o = og[at];
                double cPrev = c0 != null ? c0[u] : cell[prev * h + u];
                double tc = Math.tanh(cell[at]);
                double sf = cPrev * f * (1 - f), si = g * i * (1 - i), sg = i * (1 - g * g);
                double so = tc * o * (1 - o), sc = o * (1 - tc * tc);
                for (int k = 0; k < out; k++) {
                    int e = u * out + k;
                    double dc = sf * wf[e] + si * wi[e] + sg * wg[e];
                    dcdh[e] = dc;
                    dmdh[e] = so * wo[e] + sc * dc;
                }
                dmdc[u] = sc * f;
                // c rows: [∂c/∂h', diag(f)]
                int row = (out + u) * size;
                for (int k = 0; k < out; k++) dst[row + k] = dcdh[u * out + k];
                dst[row + out + u] = f;
            }
            // h rows: m itself, or W_hr·m
            for (int a = 0; a < out; a++) {
                int row = a * size;
                if (whr == null) {
                    for (int k = 0; k < out; k++) dst[row + k] = dmdh[a * out + k];
                    dst[row + out + a] = dmdc[a];
                } else {
                    for (int u = 0; u < h; u++) {
                        double wr = whr[a * h + u];
                        if (wr == 0) continue;
                        for (int k = 0; k < out; k++) dst[row + k] += wr * dmdh[u * out + k];
                        dst[row + out + u] += wr * dmdc[u];
                    }
                }
            }
        }
    }

    private static final class GruStep implements Step {
        private final int h;
        private final double[] wr, wz, wn, bn;

        GruStep(RnnParameters p, int layer, int direction) {
            h = p.config().hiddenSize();
            float[] w = p.weightHh(layer, direction);
            wr = block(w, 0, h, h);
            wz = block(w, 1, h, h);
            wn = block(w, 2, h, h);
            float[] b = p.biasHh(layer, direction);
            bn = new double[h];
            if (b != null) for (int u = 0; u < h; u++) bn[u] = b[2 * h + u];
        }

        @Override
        public int size() {
            return h;
        }

        @Override
        public void jacobian(List<float[]> gates, float[] cell, float[] hidden, int t, float[] h0, float[] c0, int prev,
                             double[] dst) {
            float[] rg = gates.get(0), zg = gates.get(1), ng = gates.get(2);
            double[] hPrev = new double[h];
            for (int k = 0; k < h; k++) hPrev[k] = h0 != null ? h0[k] : hidden[prev * h + k];
            for (int u = 0; u < h; u++) {
                int at = t * h + u;
                double r = rg[at], z = zg[at], n = ng[at];
                double an = bn[u];
                for (int k = 0; k < h; k++) an += wn[u * h + k] * hPrev[k];
                double sn = (1 - z) * (1 - n * n);
                double sr = sn * an * r * (1 - r), snn = sn * r, sz = (hPrev[u] - n) * z * (1 - z);
                int row = u * h;
                for (int k = 0; k < h; k++) {
                    int e = u * h + k;
                    dst[row + k] = sr * wr[e] + snn * wn[e] + sz * wz[e];
                }
                dst[row + u] += z;
            }
        }
    }
}
