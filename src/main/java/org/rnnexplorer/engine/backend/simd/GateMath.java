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

    /*
     * Why the work is cut into these pieces: HotSpot's C1 compiler gives up on a method with too much vector code ("out
     * of virtual registers in LIR generator": the Vector API's calls are all inlined, and C1 does not turn them into
     * SIMD instructions). One gate method of an LSTM or GRU step was past that limit at C1's profiling tier. When the
     * C2 queue was long, the JVM first compiled it at C1's non-profiling tier, then could neither profile it nor move it
     * to C2, and the method ran C1's boxed vector code for the rest of the JVM's life: a tiny LSTM or GRU pass 25-50x
     * slower in about one JVM in four on the CI machine. Each method here keeps few enough vector operations that C1
     * compiles it at every tier, so the JVM moves it on to C2 (GateMathCompilationTest checks that C1 compiles them).
     * The methods pass no vector to a method of ours: a helper left out of C2's inlining budget would box every vector
     * passed to it. The activations ({@link VectorMath}) work in place on the arrays instead.
     */

    /**
     * Gate activations of a step's rows: block j of each row (H units) is σ or, for j == tanhBlock, tanh of the input
     * projection plus the recurrent projection, for blocks 0 to blocks - 1. Row {@code i < count} is sequence
     * b = stepOf[i] at trace row r = rowOf[i]: input projection at gi[r·gatePad], recurrent projection at
     * gh[b·gatePad], activations out at gates[r·gateRows]. LSTM: blocks i, f, g, o with tanhBlock 2; GRU: blocks r, z
     * (tanhBlock -1; n needs r first, {@link #gruState}).
     */
    static void activations(int count, int[] stepOf, int[] rowOf, int h, int blocks, int tanhBlock, float[] gi,
                            float[] gh, int gatePad, float[] gates, int gateRows) {
        for (int row = 0; row < count; row++) {
            int giOff = rowOf[row] * gatePad, ghOff = stepOf[row] * gatePad, gOff = rowOf[row] * gateRows;
            for (int j = 0; j < blocks; j++) {
                int off = j * h;
                for (int u = 0; u < h; u += S.length()) {
                    VectorMask<Float> k = S.indexInRange(u, h);
                    FloatVector.fromArray(S, gi, giOff + off + u, k).add(FloatVector.fromArray(S, gh, ghOff + off + u, k))
                            .intoArray(gates, gOff + off + u, k);
                }
                if (j == tanhBlock) VectorMath.tanh(gates, gOff + off, gOff + off + h);
                else VectorMath.sigmoid(gates, gOff + off, gOff + off + h);
            }
        }
    }

    /**
     * LSTM cell update of a step's rows, after {@link #activations}: c_t = f ⊙ c_{t-1} + i ⊙ g (updated in place in
     * {@code cell} at b·h and copied to {@code cellTrace} at r·h), m = o ⊙ tanh(c_t) into {@code m} at b·mStride;
     * gates (i, f, g, o) at gates[r·gateRows].
     */
    static void lstmCell(int count, int[] stepOf, int[] rowOf, int h, float[] gates, int gateRows, float[] cell,
                         float[] cellTrace, float[] m, int mStride) {
        for (int row = 0; row < count; row++) {
            int b = stepOf[row], gOff = rowOf[row] * gateRows, cOff = b * h, ctOff = rowOf[row] * h;
            int mOff = b * mStride;
            for (int u = 0; u < h; u += S.length()) {
                VectorMask<Float> k = S.indexInRange(u, h);
                FloatVector i = FloatVector.fromArray(S, gates, gOff + u, k);
                FloatVector f = FloatVector.fromArray(S, gates, gOff + h + u, k);
                FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * h + u, k);
                FloatVector c = f.mul(FloatVector.fromArray(S, cell, cOff + u, k)).add(i.mul(g));
                c.intoArray(cell, cOff + u, k);
                c.intoArray(cellTrace, ctOff + u, k);
                c.intoArray(m, mOff + u, k);
            }
            VectorMath.tanh(m, mOff, mOff + h);
            for (int u = 0; u < h; u += S.length()) {
                VectorMask<Float> k = S.indexInRange(u, h);
                FloatVector.fromArray(S, gates, gOff + 3 * h + u, k).mul(FloatVector.fromArray(S, m, mOff + u, k))
                        .intoArray(m, mOff + u, k);
            }
        }
    }

    /**
     * GRU state update of a step's rows, after {@link #activations} gave r and z: n = tanh(gi_n + r ⊙ gh_n) into the
     * gates' third block, gh_n (W_hn h_{t-1} + b_hn) into {@code recN} at r·h for the backward pass, and
     * h_t = (h_{t-1} − n) ⊙ z + n in place in {@code state} at b·stateStride.
     */
    static void gruState(int count, int[] stepOf, int[] rowOf, int h, float[] gi, float[] gh, int gatePad,
                         float[] gates, int gateRows, float[] recN, float[] state, int stateStride) {
        for (int row = 0; row < count; row++) {
            int b = stepOf[row], rr = rowOf[row];
            int giOff = rr * gatePad, ghOff = b * gatePad, gOff = rr * gateRows, rnOff = rr * h, sOff = b * stateStride;
            for (int u = 0; u < h; u += S.length()) {
                VectorMask<Float> k = S.indexInRange(u, h);
                FloatVector r = FloatVector.fromArray(S, gates, gOff + u, k);
                FloatVector hn = FloatVector.fromArray(S, gh, ghOff + 2 * h + u, k);
                FloatVector.fromArray(S, gi, giOff + 2 * h + u, k).add(r.mul(hn)).intoArray(gates, gOff + 2 * h + u, k);
                hn.intoArray(recN, rnOff + u, k);
            }
            VectorMath.tanh(gates, gOff + 2 * h, gOff + 3 * h);
            for (int u = 0; u < h; u += S.length()) {
                VectorMask<Float> k = S.indexInRange(u, h);
                FloatVector z = FloatVector.fromArray(S, gates, gOff + h + u, k);
                FloatVector n = FloatVector.fromArray(S, gates, gOff + 2 * h + u, k);
                FloatVector.fromArray(S, state, sOff + u, k).sub(n).mul(z).add(n).intoArray(state, sOff + u, k);
            }
        }
    }

    /**
     * LSTM backward of one step, first half: from ∂L/∂m ({@code dm}) and the carried ∂L/∂c_t ({@code dcRec}), the
     * total dc = dcRec + dm ⊙ o ⊙ (1 − tanh²c_t) into {@code dcTrace}, δ_o into the fourth block of {@code delta}, and
     * dcRec replaced by ∂L/∂c_{t-1} = dc ⊙ f. Gates (i, f, g, o) at gates[gOff], c_t at cell[cOff].
     */
    static void lstmBackwardCell(int h, float[] gates, int gOff, float[] cell, int cOff, float[] dm, int dmOff,
                                 float[] dcRec, int dcOff, float[] dcTrace, int dctOff, float[] delta, int dOff) {
        // tanh(c_t) into dcTrace first: each element is read there before dc replaces it.
        System.arraycopy(cell, cOff, dcTrace, dctOff, h);
        VectorMath.tanh(dcTrace, dctOff, dctOff + h);
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector f = FloatVector.fromArray(S, gates, gOff + h + u, k);
            FloatVector o = FloatVector.fromArray(S, gates, gOff + 3 * h + u, k);
            FloatVector tc = FloatVector.fromArray(S, dcTrace, dctOff + u, k);
            FloatVector dmu = FloatVector.fromArray(S, dm, dmOff + u, k);
            FloatVector dc = FloatVector.fromArray(S, dcRec, dcOff + u, k).add(dmu.mul(o).mul(tc.mul(tc).neg().add(1f)));
            dc.intoArray(dcTrace, dctOff + u, k);
            dmu.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(delta, dOff + 3 * h + u, k);
            dc.mul(f).intoArray(dcRec, dcOff + u, k);
        }
    }

    /**
     * LSTM backward of one step, second half (after {@link #lstmBackwardCell}): δ_i, δ_f, δ_g into the first three
     * blocks of {@code delta} from dc at dcTrace[dctOff]. {@code cPrev} null means c_{t-1} = 0.
     */
    static void lstmBackwardGates(int h, float[] gates, int gOff, float[] cPrev, int cpOff, float[] dcTrace, int dctOff,
                                  float[] delta, int dOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector i = FloatVector.fromArray(S, gates, gOff + u, k);
            FloatVector f = FloatVector.fromArray(S, gates, gOff + h + u, k);
            FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * h + u, k);
            FloatVector dc = FloatVector.fromArray(S, dcTrace, dctOff + u, k);
            FloatVector cp = cPrev == null ? FloatVector.zero(S) : FloatVector.fromArray(S, cPrev, cpOff + u, k);
            dc.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(delta, dOff + u, k);
            dc.mul(cp).mul(f).mul(f.neg().add(1f)).intoArray(delta, dOff + h + u, k);
            dc.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(delta, dOff + 2 * h + u, k);
        }
    }

    /**
     * GRU backward of one step, first half: from ∂L/∂h_t ({@code dh}) the n and z blocks of the input-side δ (into
     * {@code deltaIh}) and of the recurrent-side δ (into {@code deltaHh}: its n block is r ⊙ δ_n). Gates (r, z, n) at
     * gates[gOff], h_{t-1} at hPrev[hpOff].
     */
    static void gruBackwardNz(int h, float[] gates, int gOff, float[] hPrev, int hpOff, float[] dh, int dhOff,
                              float[] deltaIh, float[] deltaHh, int dOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector r = FloatVector.fromArray(S, gates, gOff + u, k);
            FloatVector z = FloatVector.fromArray(S, gates, gOff + h + u, k);
            FloatVector n = FloatVector.fromArray(S, gates, gOff + 2 * h + u, k);
            FloatVector g = FloatVector.fromArray(S, dh, dhOff + u, k);
            FloatVector dan = g.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector daz = g.mul(FloatVector.fromArray(S, hPrev, hpOff + u, k).sub(n)).mul(z).mul(z.neg().add(1f));
            daz.intoArray(deltaIh, dOff + h + u, k);
            dan.intoArray(deltaIh, dOff + 2 * h + u, k);
            daz.intoArray(deltaHh, dOff + h + u, k);
            dan.mul(r).intoArray(deltaHh, dOff + 2 * h + u, k);
        }
    }

    /**
     * GRU backward of one step, second half (after {@link #gruBackwardNz}): the r blocks of both δ from δ_n and gh_n
     * ({@code recN}), and {@code dh} replaced by its direct part dh ⊙ z of ∂L/∂h_{t-1}.
     */
    static void gruBackwardR(int h, float[] gates, int gOff, float[] recN, int rnOff, float[] dh, int dhOff,
                             float[] deltaIh, float[] deltaHh, int dOff) {
        for (int u = 0; u < h; u += S.length()) {
            VectorMask<Float> k = S.indexInRange(u, h);
            FloatVector r = FloatVector.fromArray(S, gates, gOff + u, k);
            FloatVector z = FloatVector.fromArray(S, gates, gOff + h + u, k);
            FloatVector dan = FloatVector.fromArray(S, deltaIh, dOff + 2 * h + u, k);
            FloatVector dar = dan.mul(FloatVector.fromArray(S, recN, rnOff + u, k)).mul(r).mul(r.neg().add(1f));
            dar.intoArray(deltaIh, dOff + u, k);
            dar.intoArray(deltaHh, dOff + u, k);
            FloatVector.fromArray(S, dh, dhOff + u, k).mul(z).intoArray(dh, dhOff + u, k);
        }
    }
}
