package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

/**
 * The definition of the Elman RNN that every faster backend is tested against: plain loops in float64, written to
 * follow PyTorch's CPU path step by step (input projection, then per step (h·W_hhᵀ + b_hh) + (x·W_ihᵀ + b_ih),
 * then the activation) and its autograd for BPTT.
 *
 * <p>All arrays are row-major and time-major. Per (layer k, direction d) arrays are indexed by {@code k·D + d}.
 */
public final class ReferenceMath {

    private ReferenceMath() {
    }

    /** Parameters in float64, indexed by k·D + d; bias arrays are null when the model has no bias. */
    public static final class Params {
        /** (H, in_k) per (layer, direction). */
        public final double[][] weightIh;
        /** (H, H) per (layer, direction). */
        public final double[][] weightHh;
        /** (H) per (layer, direction), or null entries without bias. */
        public final double[][] biasIh;
        /** (H) per (layer, direction), or null entries without bias. */
        public final double[][] biasHh;

        public Params(RnnConfig config) {
            int n = config.stateCount();
            int h = config.hiddenSize();
            weightIh = new double[n][];
            weightHh = new double[n][];
            biasIh = new double[n][];
            biasHh = new double[n][];
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    int ld = k * config.numDirections() + d;
                    weightIh[ld] = new double[h * config.layerInputSize(k)];
                    weightHh[ld] = new double[h * h];
                    if (config.bias()) {
                        biasIh[ld] = new double[h];
                        biasHh[ld] = new double[h];
                    }
                }
            }
        }
    }

    /** Everything a forward pass produced, kept for the backward pass. */
    public static final class ForwardResult {
        public final int steps;
        public final int batch;
        public final int[] lengths;
        /** Input of each layer (T, B, in_k), after dropout for k &gt; 0. */
        public final double[][] layerInputs;
        /** h_t per (layer, direction), (T, B, H), zero past each length. */
        public final double[][] hidden;
        /** a_t per (layer, direction), (T, B, H), zero past each length. */
        public final double[][] preactivation;
        /** Last layer's output (T, B, D·H). */
        public final double[] output;
        /** h_n (D·num_layers, B, H). */
        public final double[] finalHidden;
        /** h0 as used (D·num_layers, B, H), zeros when none was given. */
        public final double[] initialHidden;
        /** Dropout masks as used, or null. */
        public final double[][] dropoutMasks;

        ForwardResult(int steps, int batch, int[] lengths, double[][] layerInputs, double[][] hidden,
                      double[][] preactivation, double[] output, double[] finalHidden, double[] initialHidden,
                      double[][] dropoutMasks) {
            this.steps = steps;
            this.batch = batch;
            this.lengths = lengths;
            this.layerInputs = layerInputs;
            this.hidden = hidden;
            this.preactivation = preactivation;
            this.output = output;
            this.finalHidden = finalHidden;
            this.initialHidden = initialHidden;
            this.dropoutMasks = dropoutMasks;
        }
    }

    /** Gradients of the loss Σ⟨gy, output⟩ + Σ⟨ghn, h_n⟩. */
    public static final class Gradients {
        public final Params parameters;
        /** (T, B, I). */
        public final double[] input;
        /** (D·num_layers, B, H). */
        public final double[] initialHidden;
        /** ∂L/∂h_t per (layer, direction), (T, B, H). */
        public final double[][] hidden;

        Gradients(Params parameters, double[] input, double[] initialHidden, double[][] hidden) {
            this.parameters = parameters;
            this.input = input;
            this.initialHidden = initialHidden;
            this.hidden = hidden;
        }
    }

    /**
     * Forward pass.
     *
     * @param x       (T, B, I)
     * @param h0      (D·num_layers, B, H) or null for zeros
     * @param lengths (B) each in [1, T], or null for all T
     * @param masks   num_layers-1 arrays (T, B, D·H), or null
     */
    public static ForwardResult forward(RnnConfig config, Params p, int steps, int batch, double[] x, double[] h0,
                                        int[] lengths, double[][] masks) {
        int layers = config.numLayers();
        int dirs = config.numDirections();
        int h = config.hiddenSize();
        int outW = dirs * h;
        Nonlinearity f = config.nonlinearity();
        int[] lens = new int[batch];
        for (int b = 0; b < batch; b++) lens[b] = lengths == null ? steps : lengths[b];
        double[] init = h0 != null ? h0.clone() : new double[config.stateCount() * batch * h];

        double[][] layerInputs = new double[layers][];
        double[][] hidden = new double[layers * dirs][];
        double[][] pre = new double[layers * dirs][];
        double[] finalHidden = new double[config.stateCount() * batch * h];
        double[] layerOut = null;
        for (int k = 0; k < layers; k++) {
            int in = config.layerInputSize(k);
            double[] layerIn;
            if (k == 0) {
                layerIn = x;
            } else {
                layerIn = layerOut.clone();
                if (masks != null) {
                    double[] m = masks[k - 1];
                    for (int i = 0; i < layerIn.length; i++) layerIn[i] *= m[i];
                }
            }
            layerInputs[k] = layerIn;
            layerOut = new double[steps * batch * outW];
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                double[] wih = p.weightIh[ld];
                double[] whh = p.weightHh[ld];
                double[] bih = p.biasIh[ld];
                double[] bhh = p.biasHh[ld];
                double[] hs = new double[steps * batch * h];
                double[] as = new double[steps * batch * h];
                for (int b = 0; b < batch; b++) {
                    int len = lens[b];
                    double[] prev = new double[h];
                    System.arraycopy(init, (ld * batch + b) * h, prev, 0, h);
                    for (int s = 0; s < len; s++) {
                        int t = d == 0 ? s : len - 1 - s;
                        int xOff = (t * batch + b) * in;
                        int hOff = (t * batch + b) * h;
                        for (int i = 0; i < h; i++) {
                            double rec = 0;
                            for (int j = 0; j < h; j++) rec += prev[j] * whh[i * h + j];
                            if (bhh != null) rec += bhh[i];
                            double inp = 0;
                            for (int j = 0; j < in; j++) inp += layerIn[xOff + j] * wih[i * in + j];
                            if (bih != null) inp += bih[i];
                            double a = rec + inp;
                            as[hOff + i] = a;
                            hs[hOff + i] = f.apply(a);
                        }
                        System.arraycopy(hs, hOff, prev, 0, h);
                    }
                    System.arraycopy(prev, 0, finalHidden, (ld * batch + b) * h, h);
                }
                hidden[ld] = hs;
                pre[ld] = as;
                for (int t = 0; t < steps; t++) {
                    for (int b = 0; b < batch; b++) {
                        System.arraycopy(hs, (t * batch + b) * h, layerOut, (t * batch + b) * outW + d * h, h);
                    }
                }
            }
        }
        return new ForwardResult(steps, batch, lens, layerInputs, hidden, pre, layerOut, finalHidden, init, masks);
    }

    /**
     * Backpropagation through time.
     *
     * @param gy  (T, B, D·H) upstream gradient on output, or null; entries past a sequence's length are ignored
     * @param ghn (D·num_layers, B, H) upstream gradient on h_n, or null
     */
    public static Gradients backward(RnnConfig config, Params p, ForwardResult fw, double[] gy, double[] ghn) {
        int layers = config.numLayers();
        int dirs = config.numDirections();
        int h = config.hiddenSize();
        int outW = dirs * h;
        int steps = fw.steps;
        int batch = fw.batch;
        Nonlinearity f = config.nonlinearity();
        Params grads = new Params(config);
        double[][] gradHidden = new double[layers * dirs][];
        double[] gradH0 = new double[config.stateCount() * batch * h];

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
        double[] gradInput = null;
        for (int k = layers - 1; k >= 0; k--) {
            int in = config.layerInputSize(k);
            double[] layerIn = fw.layerInputs[k];
            double[] gradLayerIn = new double[steps * batch * in];
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                double[] wih = p.weightIh[ld];
                double[] whh = p.weightHh[ld];
                double[] hs = fw.hidden[ld];
                double[] gWih = grads.weightIh[ld];
                double[] gWhh = grads.weightHh[ld];
                double[] gBih = grads.biasIh[ld];
                double[] gBhh = grads.biasHh[ld];
                double[] dh = new double[steps * batch * h];
                for (int b = 0; b < batch; b++) {
                    int len = fw.lengths[b];
                    double[] deltaNext = new double[h]; // δa of the step processed after t in this direction
                    double[] deltaA = new double[h];
                    for (int s = len - 1; s >= 0; s--) {
                        int t = d == 0 ? s : len - 1 - s;
                        int hOff = (t * batch + b) * h;
                        for (int j = 0; j < h; j++) {
                            double g = gradLayerOut[(t * batch + b) * outW + d * h + j];
                            if (s == len - 1 && ghn != null) g += ghn[(ld * batch + b) * h + j];
                            for (int i = 0; i < h; i++) g += deltaNext[i] * whh[i * h + j];
                            dh[hOff + j] = g;
                            deltaA[j] = g * f.derivativeFromOutput(hs[hOff + j]);
                        }
                        int prevT = d == 0 ? t - 1 : t + 1;
                        boolean first = s == 0;
                        int xOff = (t * batch + b) * in;
                        for (int i = 0; i < h; i++) {
                            double da = deltaA[i];
                            if (da == 0) continue;
                            for (int j = 0; j < in; j++) {
                                gWih[i * in + j] += da * layerIn[xOff + j];
                                gradLayerIn[xOff + j] += da * wih[i * in + j];
                            }
                            for (int j = 0; j < h; j++) {
                                double hp = first ? fw.initialHidden[(ld * batch + b) * h + j] : hs[(prevT * batch + b) * h + j];
                                gWhh[i * h + j] += da * hp;
                            }
                            if (gBih != null) {
                                gBih[i] += da;
                                gBhh[i] += da;
                            }
                        }
                        System.arraycopy(deltaA, 0, deltaNext, 0, h);
                    }
                    for (int j = 0; j < h; j++) {
                        double g = 0;
                        for (int i = 0; i < h; i++) g += deltaNext[i] * whh[i * h + j];
                        gradH0[(ld * batch + b) * h + j] = len > 0 ? g : 0;
                    }
                }
                gradHidden[ld] = dh;
            }
            if (k > 0) {
                // Layer k's input is layer k-1's output after dropout: the mask scales the gradient too.
                if (fw.dropoutMasks != null) {
                    double[] m = fw.dropoutMasks[k - 1];
                    for (int i = 0; i < gradLayerIn.length; i++) gradLayerIn[i] *= m[i];
                }
                gradLayerOut = gradLayerIn;
            } else {
                gradInput = gradLayerIn;
            }
        }
        return new Gradients(grads, gradInput, gradH0, gradHidden);
    }
}
