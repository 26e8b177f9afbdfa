package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;

/**
 * The definition of {@code nn.LSTM} (with proj_size) and {@code nn.GRU} that every faster backend is tested against:
 * plain loops in float64 following PyTorch's equations (torch-gated-semantics.md) and their autograd for BPTT.
 * Gate rows are stacked i, f, g, o (LSTM) and r, z, n (GRU), each block H rows. The GRU's new state is computed as
 * {@code (h_{t-1} - n) ⊙ z + n}, the form of PyTorch's CPU kernel.
 *
 * <p>All arrays are row-major and time-major. Per (layer k, direction d) arrays are indexed by {@code k·D + d}.
 * G is the gate count (4 LSTM, 3 GRU), H the hidden size, H_out = P with a projection, else H.
 */
public final class GatedReferenceMath {

    private GatedReferenceMath() {
    }

    /** Parameters in float64, indexed by k·D + d; bias arrays are null without bias, weightHr null without P. */
    public static final class Params {
        /** (G·H, in_k) per (layer, direction). */
        public final double[][] weightIh;
        /** (G·H, H_out) per (layer, direction). */
        public final double[][] weightHh;
        /** (G·H) per (layer, direction), or null entries without bias. */
        public final double[][] biasIh;
        /** (G·H) per (layer, direction), or null entries without bias. */
        public final double[][] biasHh;
        /** (P, H) per (layer, direction), or null entries without a projection. */
        public final double[][] weightHr;

        public Params(RnnConfig config) {
            int n = config.stateCount();
            int rows = config.gateRows();
            weightIh = new double[n][];
            weightHh = new double[n][];
            biasIh = new double[n][];
            biasHh = new double[n][];
            weightHr = new double[n][];
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    int ld = k * config.numDirections() + d;
                    weightIh[ld] = new double[rows * config.layerInputSize(k)];
                    weightHh[ld] = new double[rows * config.outputHiddenSize()];
                    if (config.bias()) {
                        biasIh[ld] = new double[rows];
                        biasHh[ld] = new double[rows];
                    }
                    if (config.projSize() > 0) weightHr[ld] = new double[config.projSize() * config.hiddenSize()];
                }
            }
        }
    }

    /** Everything a forward pass produced, kept for the backward pass. */
    public static final class ForwardResult {
        public int steps;
        public int batch;
        public int[] lengths;
        /** Input of each layer (T, B, in_k), after dropout for k &gt; 0. */
        public double[][] layerInputs;
        /** h_t per (layer, direction), (T, B, H_out), zero past each length. */
        public double[][] hidden;
        /** LSTM: c_t per (layer, direction), (T, B, H), zero past each length; null for GRU. */
        public double[][] cell;
        /** Gates after their nonlinearity per (layer, direction), (T, B, G·H), gate j of unit u at j·H + u. */
        public double[][] gates;
        /** GRU: W_hn h_{t-1} + b_hn per (layer, direction), (T, B, H), what r multiplies; null for LSTM. */
        public double[][] newGateRecurrent;
        /** Last layer's output (T, B, D·H_out). */
        public double[] output;
        /** h_n (D·num_layers, B, H_out). */
        public double[] finalHidden;
        /** LSTM: c_n (D·num_layers, B, H); null for GRU. */
        public double[] finalCell;
        /** h0 as used (D·num_layers, B, H_out), zeros when none was given. */
        public double[] initialHidden;
        /** LSTM: c0 as used (D·num_layers, B, H), zeros when none was given; null for GRU. */
        public double[] initialCell;
        /** Dropout masks as used, or null. */
        public double[][] dropoutMasks;
    }

    /** Gradients of the loss Σ⟨gy, output⟩ + Σ⟨ghn, h_n⟩ + Σ⟨gcn, c_n⟩. */
    public static final class Gradients {
        public Params parameters;
        /** (T, B, I). */
        public double[] input;
        /** (D·num_layers, B, H_out). */
        public double[] initialHidden;
        /** LSTM: (D·num_layers, B, H); null for GRU. */
        public double[] initialCell;
        /** Total ∂L/∂h_t per (layer, direction), (T, B, H_out). */
        public double[][] hidden;
        /** LSTM: total ∂L/∂c_t per (layer, direction), (T, B, H); null for GRU. */
        public double[][] cell;
    }

    static double sigmoid(double a) {
        return 1 / (1 + StrictMath.exp(-a));
    }

    /**
     * Forward pass.
     *
     * @param x       (T, B, I)
     * @param h0      (D·num_layers, B, H_out) or null for zeros
     * @param c0      LSTM: (D·num_layers, B, H) or null for zeros; ignored for GRU
     * @param lengths (B) each in [1, T], or null for all T
     * @param masks   num_layers-1 arrays (T, B, D·H_out), or null
     */
    public static ForwardResult forward(RnnConfig config, Params p, int steps, int batch, double[] x, double[] h0,
                                        double[] c0, int[] lengths, double[][] masks) {
        boolean lstm = config.mode() == CellMode.LSTM;
        int layers = config.numLayers(), dirs = config.numDirections();
        int h = config.hiddenSize(), ho = config.outputHiddenSize(), proj = config.projSize();
        int rows = config.gateRows(), outW = dirs * ho, states = config.stateCount();
        ForwardResult fw = new ForwardResult();
        fw.steps = steps;
        fw.batch = batch;
        fw.lengths = new int[batch];
        for (int b = 0; b < batch; b++) fw.lengths[b] = lengths == null ? steps : lengths[b];
        fw.initialHidden = h0 != null ? h0.clone() : new double[states * batch * ho];
        fw.initialCell = !lstm ? null : c0 != null ? c0.clone() : new double[states * batch * h];
        fw.layerInputs = new double[layers][];
        fw.hidden = new double[states][];
        fw.gates = new double[states][];
        fw.cell = lstm ? new double[states][] : null;
        fw.newGateRecurrent = lstm ? null : new double[states][];
        fw.finalHidden = new double[states * batch * ho];
        fw.finalCell = lstm ? new double[states * batch * h] : null;
        fw.dropoutMasks = masks;
        double[] layerOut = null;
        double[] pre = new double[rows], m = new double[h];
        for (int k = 0; k < layers; k++) {
            int in = config.layerInputSize(k);
            double[] layerIn;
            if (k == 0) {
                layerIn = x;
            } else {
                layerIn = layerOut.clone();
                if (masks != null) {
                    for (int i = 0; i < layerIn.length; i++) layerIn[i] *= masks[k - 1][i];
                }
            }
            fw.layerInputs[k] = layerIn;
            layerOut = new double[steps * batch * outW];
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                double[] wih = p.weightIh[ld], whh = p.weightHh[ld], bih = p.biasIh[ld], bhh = p.biasHh[ld];
                double[] whr = p.weightHr[ld];
                double[] hs = new double[steps * batch * ho], gs = new double[steps * batch * rows];
                double[] cs = lstm ? new double[steps * batch * h] : null;
                double[] rec = lstm ? null : new double[steps * batch * h];
                for (int b = 0; b < batch; b++) {
                    int len = fw.lengths[b];
                    double[] hPrev = new double[ho];
                    System.arraycopy(fw.initialHidden, (ld * batch + b) * ho, hPrev, 0, ho);
                    double[] cPrev = new double[h];
                    if (lstm) System.arraycopy(fw.initialCell, (ld * batch + b) * h, cPrev, 0, h);
                    for (int s = 0; s < len; s++) {
                        int t = d == 0 ? s : len - 1 - s;
                        int row = t * batch + b;
                        int xOff = row * in;
                        double[] hh = new double[rows]; // W_hh h_{t-1} + b_hh
                        for (int i = 0; i < rows; i++) {
                            double xi = 0;
                            for (int j = 0; j < in; j++) xi += layerIn[xOff + j] * wih[i * in + j];
                            if (bih != null) xi += bih[i];
                            double hi = 0;
                            for (int j = 0; j < ho; j++) hi += hPrev[j] * whh[i * ho + j];
                            if (bhh != null) hi += bhh[i];
                            pre[i] = xi;
                            hh[i] = hi;
                        }
                        int gOff = row * rows;
                        if (lstm) {
                            for (int u = 0; u < h; u++) {
                                double ig = sigmoid(pre[u] + hh[u]);
                                double fg = sigmoid(pre[h + u] + hh[h + u]);
                                double gg = StrictMath.tanh(pre[2 * h + u] + hh[2 * h + u]);
                                double og = sigmoid(pre[3 * h + u] + hh[3 * h + u]);
                                gs[gOff + u] = ig;
                                gs[gOff + h + u] = fg;
                                gs[gOff + 2 * h + u] = gg;
                                gs[gOff + 3 * h + u] = og;
                                double c = fg * cPrev[u] + ig * gg;
                                cs[row * h + u] = c;
                                cPrev[u] = c;
                                m[u] = og * StrictMath.tanh(c);
                            }
                            if (proj > 0) {
                                for (int q = 0; q < proj; q++) {
                                    double v = 0;
                                    for (int u = 0; u < h; u++) v += whr[q * h + u] * m[u];
                                    hPrev[q] = v;
                                }
                            } else {
                                System.arraycopy(m, 0, hPrev, 0, h);
                            }
                        } else {
                            for (int u = 0; u < h; u++) {
                                double r = sigmoid(pre[u] + hh[u]);
                                double z = sigmoid(pre[h + u] + hh[h + u]);
                                double n = StrictMath.tanh(pre[2 * h + u] + r * hh[2 * h + u]);
                                gs[gOff + u] = r;
                                gs[gOff + h + u] = z;
                                gs[gOff + 2 * h + u] = n;
                                rec[row * h + u] = hh[2 * h + u];
                                hPrev[u] = (hPrev[u] - n) * z + n;
                            }
                        }
                        System.arraycopy(hPrev, 0, hs, row * ho, ho);
                    }
                    System.arraycopy(hPrev, 0, fw.finalHidden, (ld * batch + b) * ho, ho);
                    if (lstm) System.arraycopy(cPrev, 0, fw.finalCell, (ld * batch + b) * h, h);
                }
                fw.hidden[ld] = hs;
                fw.gates[ld] = gs;
                if (lstm) fw.cell[ld] = cs;
                else fw.newGateRecurrent[ld] = rec;
                for (int row = 0; row < steps * batch; row++) System.arraycopy(hs, row * ho, layerOut, row * outW + d * ho, ho);
            }
        }
        fw.output = layerOut;
        return fw;
    }

    /**
     * Backpropagation through time.
     *
     * @param gy  (T, B, D·H_out) upstream gradient on output, or null; entries past a sequence's length are ignored
     * @param ghn (D·num_layers, B, H_out) upstream gradient on h_n, or null
     * @param gcn LSTM: (D·num_layers, B, H) upstream gradient on c_n, or null
     */
    public static Gradients backward(RnnConfig config, Params p, ForwardResult fw, double[] gy, double[] ghn, double[] gcn) {
        boolean lstm = config.mode() == CellMode.LSTM;
        int layers = config.numLayers(), dirs = config.numDirections();
        int h = config.hiddenSize(), ho = config.outputHiddenSize(), proj = config.projSize();
        int rows = config.gateRows(), outW = dirs * ho, states = config.stateCount();
        int steps = fw.steps, batch = fw.batch;
        Gradients g = new Gradients();
        g.parameters = new Params(config);
        g.hidden = new double[states][];
        g.cell = lstm ? new double[states][] : null;
        g.initialHidden = new double[states * batch * ho];
        g.initialCell = lstm ? new double[states * batch * h] : null;

        // Gradient arriving at the top layer's output, with steps past each length dropped.
        double[] gradLayerOut = new double[steps * batch * outW];
        if (gy != null) {
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    if (t >= fw.lengths[b]) continue;
                    int off = (t * batch + b) * outW;
                    System.arraycopy(gy, off, gradLayerOut, off, outW);
                }
            }
        }
        double[] dIh = new double[rows], dHh = new double[rows], dm = new double[h];
        for (int k = layers - 1; k >= 0; k--) {
            int in = config.layerInputSize(k);
            double[] layerIn = fw.layerInputs[k];
            double[] gradLayerIn = new double[steps * batch * in];
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                double[] wih = p.weightIh[ld], whh = p.weightHh[ld], whr = p.weightHr[ld];
                double[] hs = fw.hidden[ld], gs = fw.gates[ld];
                Params gp = g.parameters;
                double[] gWih = gp.weightIh[ld], gWhh = gp.weightHh[ld], gBih = gp.biasIh[ld], gBhh = gp.biasHh[ld];
                double[] gWhr = gp.weightHr[ld];
                double[] dhs = new double[steps * batch * ho];
                double[] dcs = lstm ? new double[steps * batch * h] : null;
                for (int b = 0; b < batch; b++) {
                    int len = fw.lengths[b];
                    double[] dhRec = new double[ho]; // ∂L/∂h_t through step t+1 (in this direction's order)
                    double[] dcRec = new double[h];  // ∂L/∂c_t through c_{t+1}
                    if (ghn != null) System.arraycopy(ghn, (ld * batch + b) * ho, dhRec, 0, ho);
                    if (lstm && gcn != null) System.arraycopy(gcn, (ld * batch + b) * h, dcRec, 0, h);
                    for (int s = len - 1; s >= 0; s--) {
                        int t = d == 0 ? s : len - 1 - s;
                        int row = t * batch + b;
                        int prevRow = (d == 0 ? t - 1 : t + 1) * batch + b;
                        boolean first = s == 0;
                        double[] dh = new double[ho];
                        for (int j = 0; j < ho; j++) {
                            dh[j] = dhRec[j] + gradLayerOut[row * outW + d * ho + j];
                            dhs[row * ho + j] = dh[j];
                        }
                        int gOff = row * rows;
                        if (lstm) {
                            if (proj > 0) {
                                for (int u = 0; u < h; u++) {
                                    double v = 0;
                                    for (int q = 0; q < proj; q++) v += whr[q * h + u] * dh[q];
                                    dm[u] = v;
                                }
                            } else {
                                System.arraycopy(dh, 0, dm, 0, h);
                            }
                            for (int u = 0; u < h; u++) {
                                double ig = gs[gOff + u], fg = gs[gOff + h + u], gg = gs[gOff + 2 * h + u];
                                double og = gs[gOff + 3 * h + u];
                                double c = fw.cell[ld][row * h + u];
                                double cPrev = first ? fw.initialCell[(ld * batch + b) * h + u] : fw.cell[ld][prevRow * h + u];
                                double tc = StrictMath.tanh(c);
                                if (proj > 0) {
                                    double mu = og * tc;
                                    for (int q = 0; q < proj; q++) gWhr[q * h + u] += dh[q] * mu;
                                }
                                double dc = dcRec[u] + dm[u] * og * (1 - tc * tc);
                                dcs[row * h + u] = dc;
                                dIh[u] = dc * gg * ig * (1 - ig);
                                dIh[h + u] = dc * cPrev * fg * (1 - fg);
                                dIh[2 * h + u] = dc * ig * (1 - gg * gg);
                                dIh[3 * h + u] = dm[u] * tc * og * (1 - og);
                                dcRec[u] = dc * fg;
                            }
                            System.arraycopy(dIh, 0, dHh, 0, rows);
                            java.util.Arrays.fill(dhRec, 0);
                        } else {
                            for (int u = 0; u < h; u++) {
                                double r = gs[gOff + u], z = gs[gOff + h + u], n = gs[gOff + 2 * h + u];
                                double hPrev = first ? fw.initialHidden[(ld * batch + b) * ho + u] : hs[prevRow * ho + u];
                                double dz = dh[u] * (hPrev - n);
                                double dan = dh[u] * (1 - z) * (1 - n * n);
                                double dr = dan * fw.newGateRecurrent[ld][row * h + u];
                                dIh[u] = dr * r * (1 - r);
                                dIh[h + u] = dz * z * (1 - z);
                                dIh[2 * h + u] = dan;
                                dHh[u] = dIh[u];
                                dHh[h + u] = dIh[h + u];
                                dHh[2 * h + u] = dan * r;
                                dhRec[u] = dh[u] * z;
                            }
                        }
                        int xOff = row * in;
                        for (int i = 0; i < rows; i++) {
                            double da = dIh[i], dr = dHh[i];
                            for (int j = 0; j < in; j++) {
                                gWih[i * in + j] += da * layerIn[xOff + j];
                                gradLayerIn[xOff + j] += da * wih[i * in + j];
                            }
                            for (int j = 0; j < ho; j++) {
                                double hp = first ? fw.initialHidden[(ld * batch + b) * ho + j] : hs[prevRow * ho + j];
                                gWhh[i * ho + j] += dr * hp;
                                dhRec[j] += dr * whh[i * ho + j];
                            }
                            if (gBih != null) {
                                gBih[i] += da;
                                gBhh[i] += dr;
                            }
                        }
                    }
                    System.arraycopy(dhRec, 0, g.initialHidden, (ld * batch + b) * ho, ho);
                    if (lstm) System.arraycopy(dcRec, 0, g.initialCell, (ld * batch + b) * h, h);
                }
                g.hidden[ld] = dhs;
                if (lstm) g.cell[ld] = dcs;
            }
            if (k > 0) {
                // Layer k's input is layer k-1's output after dropout: the mask scales the gradient too.
                if (fw.dropoutMasks != null) {
                    double[] mask = fw.dropoutMasks[k - 1];
                    for (int i = 0; i < gradLayerIn.length; i++) gradLayerIn[i] *= mask[i];
                }
                gradLayerOut = gradLayerIn;
            } else {
                g.input = gradLayerIn;
            }
        }
        return g;
    }
}
