package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-row gate math of one LSTM or GRU step on whole vectors (masked at the row's tail), forward and backward,
 * as {@code GatedReferenceMath} defines it. Gate blocks of a row are contiguous, H each, in the order i, f, g, o
 * (LSTM) or r, z, n (GRU); every {@code ...Off} is the offset of unit 0 of the row in its array.
 */
final class GateMath {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;

    private GateMath() {
    }

    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, off, m);
    }

    /** σ(v) = 1 / (1 + e^{-v}), with the JDK's vector exp (an intrinsic stub on x86). */
    private static FloatVector sigmoid(FloatVector v) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(v.neg().lanewise(VectorOperators.EXP).add(one));
    }

    private static FloatVector tanh(FloatVector v) {
        return v.lanewise(VectorOperators.TANH);
    }

    /**
     * LSTM forward: gates from the input and recurrent projections, c_t = f ⊙ c_{t-1} + i ⊙ g (updated in place in
     * {@code cell} and copied to {@code cellTrace}), m = o ⊙ tanh(c_t) into {@code m}.
     */
    static void lstmForward(int h, float[] gi, int giOff, float[] gh, int ghOff, float[] gates, int gOff, float[] cell,
                            int cOff, float[] cellTrace, int ctOff, float[] m, int mOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector i = sigmoid(load(gi, giOff + u, k).add(load(gh, ghOff + u, k)));
            FloatVector f = sigmoid(load(gi, giOff + h + u, k).add(load(gh, ghOff + h + u, k)));
            FloatVector g = tanh(load(gi, giOff + 2 * h + u, k).add(load(gh, ghOff + 2 * h + u, k)));
            FloatVector o = sigmoid(load(gi, giOff + 3 * h + u, k).add(load(gh, ghOff + 3 * h + u, k)));
            i.intoArray(gates, gOff + u, k);
            f.intoArray(gates, gOff + h + u, k);
            g.intoArray(gates, gOff + 2 * h + u, k);
            o.intoArray(gates, gOff + 3 * h + u, k);
            FloatVector c = f.mul(load(cell, cOff + u, k)).add(i.mul(g));
            c.intoArray(cell, cOff + u, k);
            c.intoArray(cellTrace, ctOff + u, k);
            o.mul(tanh(c)).intoArray(m, mOff + u, k);
        }
    }

    /**
     * GRU forward: r, z, n = tanh(gi_n + r ⊙ gh_n) and h_t = (h_{t-1} − n) ⊙ z + n in place in {@code state};
     * gh_n (W_hn h_{t-1} + b_hn) kept in {@code recN} for the backward pass.
     */
    static void gruForward(int h, float[] gi, int giOff, float[] gh, int ghOff, float[] gates, int gOff, float[] recN,
                           int rnOff, float[] state, int sOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector r = sigmoid(load(gi, giOff + u, k).add(load(gh, ghOff + u, k)));
            FloatVector z = sigmoid(load(gi, giOff + h + u, k).add(load(gh, ghOff + h + u, k)));
            FloatVector hn = load(gh, ghOff + 2 * h + u, k);
            FloatVector n = tanh(load(gi, giOff + 2 * h + u, k).add(r.mul(hn)));
            r.intoArray(gates, gOff + u, k);
            z.intoArray(gates, gOff + h + u, k);
            n.intoArray(gates, gOff + 2 * h + u, k);
            hn.intoArray(recN, rnOff + u, k);
            load(state, sOff + u, k).sub(n).mul(z).add(n).intoArray(state, sOff + u, k);
        }
    }

    /**
     * LSTM backward of one step: from ∂L/∂m ({@code dm}) and the carried ∂L/∂c_t ({@code dcRec}, replaced by
     * ∂L/∂c_{t-1} = dc ⊙ f), the total dc (into {@code dcTrace}) and the pre-activation gradients δ (into
     * {@code delta}, gate order). {@code cPrev} null means c_{t-1} = 0.
     */
    static void lstmBackward(int h, float[] gates, int gOff, float[] cell, int cOff, float[] cPrev, int cpOff,
                             float[] dm, int dmOff, float[] dcRec, int dcOff, float[] dcTrace, int dctOff, float[] delta,
                             int dOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector i = load(gates, gOff + u, k), f = load(gates, gOff + h + u, k);
            FloatVector g = load(gates, gOff + 2 * h + u, k), o = load(gates, gOff + 3 * h + u, k);
            FloatVector tc = tanh(load(cell, cOff + u, k));
            FloatVector dmu = load(dm, dmOff + u, k);
            FloatVector dc = load(dcRec, dcOff + u, k).add(dmu.mul(o).mul(tc.mul(tc).neg().add(1f)));
            FloatVector cp = cPrev == null ? FloatVector.zero(S) : load(cPrev, cpOff + u, k);
            dc.intoArray(dcTrace, dctOff + u, k);
            dc.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(delta, dOff + u, k);
            dc.mul(cp).mul(f).mul(f.neg().add(1f)).intoArray(delta, dOff + h + u, k);
            dc.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(delta, dOff + 2 * h + u, k);
            dmu.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(delta, dOff + 3 * h + u, k);
            dc.mul(f).intoArray(dcRec, dcOff + u, k);
        }
    }

    /**
     * GRU backward of one step: from ∂L/∂h_t ({@code dh}, replaced by its direct part dh ⊙ z of ∂L/∂h_{t-1}), the
     * input-side δ (into {@code deltaIh}) and the recurrent-side δ (into {@code deltaHh}: the n block is r ⊙ δ_n).
     */
    static void gruBackward(int h, float[] gates, int gOff, float[] hPrev, int hpOff, float[] recN, int rnOff,
                            float[] dh, int dhOff, float[] deltaIh, float[] deltaHh, int dOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector r = load(gates, gOff + u, k), z = load(gates, gOff + h + u, k), n = load(gates, gOff + 2 * h + u, k);
            FloatVector g = load(dh, dhOff + u, k);
            FloatVector dz = g.mul(load(hPrev, hpOff + u, k).sub(n));
            FloatVector dan = g.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dar = dan.mul(load(recN, rnOff + u, k)).mul(r).mul(r.neg().add(1f));
            FloatVector daz = dz.mul(z).mul(z.neg().add(1f));
            dar.intoArray(deltaIh, dOff + u, k);
            daz.intoArray(deltaIh, dOff + h + u, k);
            dan.intoArray(deltaIh, dOff + 2 * h + u, k);
            dar.intoArray(deltaHh, dOff + u, k);
            daz.intoArray(deltaHh, dOff + h + u, k);
            dan.mul(r).intoArray(deltaHh, dOff + 2 * h + u, k);
            g.mul(z).intoArray(dh, dhOff + u, k);
        }
    }
}
