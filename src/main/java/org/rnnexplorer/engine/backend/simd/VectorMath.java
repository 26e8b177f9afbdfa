package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * tanh and the logistic sigmoid, in place on a run of floats, built from operations Java defines exactly (add, mul,
 * fma, div, compare, blend, casts and bit moves), so that every element's result is the same bits however HotSpot runs
 * the code.
 *
 * <p>Why not {@code lanewise(TANH)} and {@code lanewise(EXP)}: C2 compiles them to an intrinsic stub while the
 * interpreter and C1 compute them lane by lane with {@code Math}; the two differ by an ulp now and then. A training
 * run's first iterations ran before C2 had compiled the kernel and the later ones after, at a moment that depends on
 * the machine's load, so two runs of one seed parted after a few steps ({@code rnnx train} twice with the same flags:
 * losses equal to 1e-7 at step 9, then apart), and "the same seed gives the same run, step for step" did not hold.
 *
 * <p>Why in place on arrays, each method one loop with all its arithmetic written out: a vector passed to or returned
 * from a method of ours that C2 does not inline is boxed, and C2 declines to inline a method whose earlier (C1) code
 * is large, which vector code always is; a tiny LSTM pass was 16x slower with these as vector-to-vector helpers.
 *
 * <p>Accuracy, checked against {@link StrictMath} over the floats of the ranges that matter (VectorMathTest): tanh
 * within 2 ulp, the sigmoid within 3 (a few parts in 10⁷, against PyTorch's float32 tolerances of 1e-6 relative and
 * more).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Gemm.SPECIES;

    private VectorMath() {
    }

    // e^y = 2^n · e^r, n = round(y / ln 2), r = y − n·ln 2 with ln 2 split in two (Cody & Waite) so that r is exact;
    // e^r on |r| ≤ ln 2 / 2 by a degree-7 polynomial (the coefficients of Cephes' expf).
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
            E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    // tanh(x) for |x| < 0.625: x + x·z·P(z), z = x² (Cephes' tanhf); above it 1 − 2/(e^{2|x|} + 1) with x's sign.
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    /** a[from, to) = tanh(a[from, to)): ±0 kept, ±1 beyond ±9.1, NaN for NaN. */
    static void tanh(float[] a, int from, int to) {
        for (int i = from; i < to; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i - from, to - from);
            FloatVector x = FloatVector.fromArray(S, a, i, m);
            FloatVector ax = x.abs();
            FloatVector z = x.mul(x);
            FloatVector p = z.fma(x.broadcast(T0), x.broadcast(T1)).fma(z, x.broadcast(T2)).fma(z, x.broadcast(T3))
                    .fma(z, x.broadcast(T4));
            FloatVector small = x.mul(z).fma(p, x);
            // e^y, y = 2|x| ≤ 18.2 (beyond |x| = 9.1, 2/(e^y + 1) is below half an ulp of 1 and the result is 1).
            FloatVector y = ax.min(9.1f).mul(2f);
            FloatVector t = y.fma(x.broadcast(LOG2E), x.broadcast(0.5f));
            FloatVector nf = (FloatVector) t.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
            IntVector n = (IntVector) nf.convert(VectorOperators.F2I, 0); // y ≥ 0: the cast's truncation is floor
            FloatVector r = y.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO)); // n·LN2_HI is exact (9 bits times 5)
            FloatVector q = r.fma(x.broadcast(E0), x.broadcast(E1)).fma(r, x.broadcast(E2)).fma(r, x.broadcast(E3))
                    .fma(r, x.broadcast(E4)).fma(r, x.broadcast(E5));
            FloatVector e = q.fma(r.mul(r), r).add(1f)
                    .mul(n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector large = x.broadcast(1f).sub(x.broadcast(2f).div(e.add(1f)));
            large = large.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            FloatVector h = large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
            // NaN stays NaN, and ±0 keeps its sign (the polynomial's x + x·z·P(z) turns −0 into +0).
            h.blend(x, x.test(VectorOperators.IS_NAN).or(x.compare(VectorOperators.EQ, 0f))).intoArray(a, i, m);
        }
    }

    /**
     * a[from, to) = 1 / (1 + e^−a[from, to)): 1 far right, NaN for NaN, and 0 below −88.7, where e^−x overflows float
     * (PyTorch gives e^x there, a subnormal under 1.2e-38).
     */
    static void sigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i - from, to - from);
            FloatVector x = FloatVector.fromArray(S, a, i, m);
            // e^y for y = −x clamped to [−104, 89]: past 88.72 it is +inf (σ = 0), below −103.97 it is 0 (σ = 1).
            FloatVector y = x.neg().max(-104f).min(89f);
            // n = floor(y·log2(e) + 1/2): the cast truncates towards zero, so one is taken off where that rounded up.
            FloatVector t = y.fma(x.broadcast(LOG2E), x.broadcast(0.5f));
            FloatVector nf = (FloatVector) t.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
            nf = nf.sub(1f, nf.compare(VectorOperators.GT, t));
            IntVector n = (IntVector) nf.convert(VectorOperators.F2I, 0);
            FloatVector r = y.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
            FloatVector q = r.fma(x.broadcast(E0), x.broadcast(E1)).fma(r, x.broadcast(E2)).fma(r, x.broadcast(E3))
                    .fma(r, x.broadcast(E4)).fma(r, x.broadcast(E5));
            // 2^n as 2^(n/2) · 2^(n − n/2), each a normal float, so that n from −150 to 129 scales without
            // overflowing the exponent field, and a result below 2^−126 rounds once, to the subnormal it is.
            IntVector half = n.lanewise(VectorOperators.ASHR, 1);
            FloatVector e = q.fma(r.mul(r), r).add(1f)
                    .mul(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(n.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(Float.POSITIVE_INFINITY, y.compare(VectorOperators.GT, 88.72283905206835f));
            e = e.blend(0f, y.compare(VectorOperators.LT, -103.972084f));
            FloatVector s = x.broadcast(1f).div(e.add(1f));
            s.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(a, i, m);
        }
    }
}
