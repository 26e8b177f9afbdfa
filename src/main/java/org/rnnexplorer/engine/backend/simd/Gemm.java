package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Register-tiled float32 matrix products on the Vector API: C(m, n) (+)= Σ_k A(m, k)·B(k, n).
 *
 * <p>Every B operand is read as panels of {@link #PANEL} columns (four vectors). A micro-kernel keeps a tile of up
 * to 4 rows × 4 vectors of C in registers, broadcasts one A element per row and k, and multiplies it by the four
 * B vectors of row k: 16 independent FMA chains, so the FMA units never wait on latency. K is cut into blocks of
 * {@link #KC} so that a panel block (KC × PANEL floats, 32 KiB at 512 bits) stays in L1 while it is reused by
 * every row group. Column counts are padded to whole panels by the caller (buffers have padded row strides and
 * zero padding), so no kernel needs masked tails; row tails use 2- and 1-row kernels.
 *
 * <p>A tile's starting value comes either from C itself (accumulate) or, on the first K block, from a row vector
 * {@code init} (the bias of an input projection, or zeros), so no separate initialisation pass over C is needed.
 */
final class Gemm {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector (16 with AVX-512). */
    static final int LANES = SPECIES.length();
    /** Columns per panel: four vectors. */
    static final int PANEL = 4 * LANES;
    /** K block: a KC × PANEL panel block is 32 KiB at 16 lanes, resident in L1 across row groups. */
    static final int KC = 128;
    /** Row block of the packed Aᵀ·B product. */
    static final int MC = 256;

    private Gemm() {
    }

    /** n rounded up to whole panels. */
    static int padToPanel(int n) {
        return (n + PANEL - 1) / PANEL * PANEL;
    }

    /**
     * Packs a weight matrix as panels of its product operand op(W) (K × N): {@code dst[p·K·PANEL + k·PANEL + c] =
     * op(W)(k, p·PANEL + c)}, zero for columns at or past n. With {@code transposed}, op(W)(k, n) = W[n·ldw + k]
     * (W is N × K row-major, as PyTorch stores W_ih and W_hh for the forward product); otherwise W[k·ldw + n].
     *
     * @param dst at least padToPanel(n)·kLen floats
     */
    static void packPanels(float[] w, int ldw, boolean transposed, int kLen, int n, float[] dst) {
        int panels = padToPanel(n) / PANEL;
        for (int p = 0; p < panels; p++) {
            int base = p * kLen * PANEL;
            for (int k = 0; k < kLen; k++) {
                int row = base + k * PANEL;
                for (int c = 0; c < PANEL; c++) {
                    int col = p * PANEL + c;
                    dst[row + c] = col >= n ? 0f : transposed ? w[col * ldw + k] : w[k * ldw + col];
                }
            }
        }
    }

    /**
     * C(m, n) (+)= Σ_k A(m, k)·B(k, n) for rows m in [m0, m1) and panels [p0, p1), with A row-major and B pre-packed.
     *
     * @param a     A(m, k) = a[aOff + m·lda + k]
     * @param b     packed by {@link #packPanels} with K = kLen: panel p block starts at bOff + p·kLen·PANEL
     * @param c     C(m, n) = c[cOff + m·ldc + n]
     * @param init  null to accumulate into C; else C starts from init[n] (a row vector, at least p1·PANEL long)
     * @param packA scratch of at least MC·KC floats
     */
    static void rowMajorTimesPanels(int m0, int m1, int kLen, float[] a, int aOff, int lda, float[] b, int bOff,
                                    int p0, int p1, float[] c, int cOff, int ldc, float[] init, float[] packA) {
        int panelStride = kLen * PANEL;
        for (int mb = m0; mb < m1; mb += MC) {
            int rows = Math.min(MC, m1 - mb);
            for (int kb = 0; kb < Math.max(kLen, 1); kb += KC) {
                int kc = Math.min(KC, kLen - kb);
                float[] in = kb == 0 && init != null ? init : null;
                packRows(a, aOff + mb * lda + kb, lda, rows, kc, packA);
                for (int p = p0; p < p1; p++) {
                    int bo = bOff + p * panelStride + kb * PANEL;
                    int col = p * PANEL;
                    for (int r = 0; r < rows; r += 4) {
                        int c0 = cOff + (mb + r) * ldc + col;
                        tile(Math.min(4, rows - r), packA, (r >> 2) * kc * 4, b, bo, kc, in, col, 0,
                                c, c0, ldc);
                    }
                }
            }
        }
    }

    /**
     * The same product over an explicit list of rows (a recurrent step, where the rows that advance and where their
     * results go depend on each sequence's length and direction): row i reads A from a[aRows[i] + k] and
     * accumulates into c[cRows[i] + n]. B is pre-packed with K = kLen; panels [p0, p1).
     *
     * @param packA scratch of at least roundUp(count, 4)·kLen floats
     */
    static void rowListTimesPanels(int count, int[] aRows, int[] cRows, int kLen, float[] a, float[] b, int p0, int p1,
                                   float[] c, float[] packA) {
        int panelStride = kLen * PANEL;
        if (count == 1) {
            // Batch 1: a matrix-vector product, reading the state row as it is.
            for (int kb = 0; kb < kLen; kb += KC) {
                int kc = Math.min(KC, kLen - kb);
                for (int p = p0; p < p1; p++) {
                    int o = cRows[0] + p * PANEL;
                    micro1(a, aRows[0] + kb, 1, b, p * panelStride + kb * PANEL, PANEL, kc, c, o, c, o);
                }
            }
            return;
        }
        // All rows over the whole K: packA[g·kLen·4 + k·4 + r] = A(4g + r, k).
        for (int i = 0; i < count; i++) {
            int dst = (i >> 2) * kLen * 4 + (i & 3);
            int src = aRows[i];
            for (int k = 0; k < kLen; k++) packA[dst + 4 * k] = a[src + k];
        }
        for (int kb = 0; kb < kLen; kb += KC) {
            int kc = Math.min(KC, kLen - kb);
            for (int p = p0; p < p1; p++) {
                int bo = p * panelStride + kb * PANEL;
                int col = p * PANEL;
                for (int i = 0; i < count; i += 4) {
                    int ao = (i >> 2) * kLen * 4 + kb * 4;
                    int n = Math.min(4, count - i);
                    int c0 = cRows[i] + col;
                    int c1 = n > 1 ? cRows[i + 1] + col : c0;
                    int c2 = n > 2 ? cRows[i + 2] + col : c0;
                    int c3 = n > 3 ? cRows[i + 3] + col : c0;
                    tileRows(n, packA, ao, b, bo, kc, c, c0, c1, c2, c3);
                }
            }
        }
    }

    /**
     * C(m, n) (+)= Σ_k X(k, m)·Y(k, n) for m in [m0, m1), over all panels of Y: the weight-gradient product δAᵀ·H
     * summed over every (t, b) row. Both operands are row-major over k with large strides, so blocks of both are
     * packed first (the strided reads would otherwise alias in L1).
     *
     * @param x      X(k, m) = x[xOff + k·ldx + m]
     * @param y      Y(k, n) = y[yOff + k·ldy + n], read for n in [0, panels·PANEL)
     * @param c      C(m, n) = c[m·ldc + n]
     * @param zeroC  whether C starts from zero (else accumulate)
     * @param packX  scratch of at least MC·KC floats
     * @param packY  scratch of at least KC·panels·PANEL floats
     * @param zeros  at least PANEL zeros
     */
    static void transposedTimesRowMajor(int m0, int m1, int kLen, float[] x, int xOff, int ldx, float[] y, int yOff,
                                        int ldy, int panels, float[] c, int ldc, boolean zeroC, float[] packX,
                                        float[] packY, float[] zeros) {
        if (kLen == 0) {
            if (zeroC) for (int m = m0; m < m1; m++) Arrays.fill(c, m * ldc, m * ldc + panels * PANEL, 0f);
            return;
        }
        for (int kb = 0; kb < kLen; kb += KC) {
            int kc = Math.min(KC, kLen - kb);
            float[] in = kb == 0 && zeroC ? zeros : null;
            // Y block as panels: packY[p·kc·PANEL + k·PANEL + col].
            for (int k = 0; k < kc; k++) {
                int src = yOff + (kb + k) * ldy;
                for (int p = 0; p < panels; p++) {
                    System.arraycopy(y, src + p * PANEL, packY, p * kc * PANEL + k * PANEL, PANEL);
                }
            }
            for (int mb = m0; mb < m1; mb += MC) {
                int rows = Math.min(MC, m1 - mb);
                // X block as groups of 4 rows of C: packX[g·kc·4 + k·4 + r] = X(kb + k, mb + 4g + r).
                for (int k = 0; k < kc; k++) {
                    int src = xOff + (kb + k) * ldx + mb;
                    for (int r = 0; r < rows; r++) packX[(r >> 2) * kc * 4 + k * 4 + (r & 3)] = x[src + r];
                }
                for (int p = 0; p < panels; p++) {
                    int bo = p * kc * PANEL;
                    int col = p * PANEL;
                    for (int r = 0; r < rows; r += 4) {
                        tile(Math.min(4, rows - r), packX, (r >> 2) * kc * 4, packY, bo, kc, in, 0, 0, c,
                                (mb + r) * ldc + col, ldc);
                    }
                }
            }
        }
    }

    /** packed[(r / 4)·kc·4 + k·4 + r % 4] = a[off + r·lda + k] for r &lt; rows, k &lt; kc. */
    static void packRows(float[] a, int off, int lda, int rows, int kc, float[] packed) {
        for (int r = 0; r < rows; r++) {
            int dst = (r >> 2) * kc * 4 + (r & 3);
            int src = off + r * lda;
            for (int k = 0; k < kc; k++) packed[dst + 4 * k] = a[src + k];
        }
    }

    /**
     * n (1 to 4) rows of a tile with evenly spaced C rows (stride ldc from c0); the tile starts from {@code in}
     * at inOff + r·inStride, or from C itself when in is null.
     */
    private static void tile(int n, float[] a, int ao, float[] b, int bo, int kc, float[] in, int inOff, int inStride,
                             float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        if (in == null) {
            switch (n) {
                case 4 -> micro4(a, ao, b, bo, kc, c, c0, c1, c2, c3, c, c0, c1, c2, c3);
                case 3 -> {
                    micro2(a, ao, b, bo, kc, c, c0, c1, c, c0, c1);
                    micro1(a, ao + 2, 4, b, bo, PANEL, kc, c, c2, c, c2);
                }
                case 2 -> micro2(a, ao, b, bo, kc, c, c0, c1, c, c0, c1);
                default -> micro1(a, ao, 4, b, bo, PANEL, kc, c, c0, c, c0);
            }
        } else {
            int i0 = inOff;
            int i1 = i0 + inStride;
            int i2 = i1 + inStride;
            int i3 = i2 + inStride;
            switch (n) {
                case 4 -> micro4(a, ao, b, bo, kc, in, i0, i1, i2, i3, c, c0, c1, c2, c3);
                case 3 -> {
                    micro2(a, ao, b, bo, kc, in, i0, i1, c, c0, c1);
                    micro1(a, ao + 2, 4, b, bo, PANEL, kc, in, i2, c, c2);
                }
                case 2 -> micro2(a, ao, b, bo, kc, in, i0, i1, c, c0, c1);
                default -> micro1(a, ao, 4, b, bo, PANEL, kc, in, i0, c, c0);
            }
        }
    }

    /** n (1 to 4) rows of a tile accumulating into C rows at arbitrary offsets. */
    private static void tileRows(int n, float[] a, int ao, float[] b, int bo, int kc, float[] c, int c0, int c1, int c2,
                                 int c3) {
        switch (n) {
            case 4 -> micro4(a, ao, b, bo, kc, c, c0, c1, c2, c3, c, c0, c1, c2, c3);
            case 3 -> {
                micro2(a, ao, b, bo, kc, c, c0, c1, c, c0, c1);
                micro1(a, ao + 2, 4, b, bo, PANEL, kc, c, c2, c, c2);
            }
            case 2 -> micro2(a, ao, b, bo, kc, c, c0, c1, c, c0, c1);
            default -> micro1(a, ao, 4, b, bo, PANEL, kc, c, c0, c, c0);
        }
    }

    /**
     * A 4-row × 4-vector tile: out(r, ·) = in(r, ·) + Σ_k a[ao + 4k + r]·b[bo + k·PANEL + ·]. A is packed so that
     * the four broadcasts of a k share one pointer (separate row pointers cost a third of the throughput).
     */
    static void micro4(float[] a, int ao, float[] b, int bo, int kLen,
                       float[] in, int i0, int i1, int i2, int i3, float[] out, int o0, int o1, int o2, int o3) {
        final int l = LANES;
        FloatVector c00 = FloatVector.fromArray(SPECIES, in, i0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, in, i0 + l);
        FloatVector c02 = FloatVector.fromArray(SPECIES, in, i0 + 2 * l);
        FloatVector c03 = FloatVector.fromArray(SPECIES, in, i0 + 3 * l);
        FloatVector c10 = FloatVector.fromArray(SPECIES, in, i1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, in, i1 + l);
        FloatVector c12 = FloatVector.fromArray(SPECIES, in, i1 + 2 * l);
        FloatVector c13 = FloatVector.fromArray(SPECIES, in, i1 + 3 * l);
        FloatVector c20 = FloatVector.fromArray(SPECIES, in, i2);
        FloatVector c21 = FloatVector.fromArray(SPECIES, in, i2 + l);
        FloatVector c22 = FloatVector.fromArray(SPECIES, in, i2 + 2 * l);
        FloatVector c23 = FloatVector.fromArray(SPECIES, in, i2 + 3 * l);
        FloatVector c30 = FloatVector.fromArray(SPECIES, in, i3);
        FloatVector c31 = FloatVector.fromArray(SPECIES, in, i3 + l);
        FloatVector c32 = FloatVector.fromArray(SPECIES, in, i3 + 2 * l);
        FloatVector c33 = FloatVector.fromArray(SPECIES, in, i3 + 3 * l);
        for (int k = 0; k < kLen; k++) {
            int bk = bo + k * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk + 3 * l);
            int ak = ao + 4 * k;
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + l);
        c02.intoArray(out, o0 + 2 * l);
        c03.intoArray(out, o0 + 3 * l);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + l);
        c12.intoArray(out, o1 + 2 * l);
        c13.intoArray(out, o1 + 3 * l);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + l);
        c22.intoArray(out, o2 + 2 * l);
        c23.intoArray(out, o2 + 3 * l);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + l);
        c32.intoArray(out, o3 + 2 * l);
        c33.intoArray(out, o3 + 3 * l);
    }

    /** A 2-row × 4-vector tile on rows 0 and 1 of a 4-row packed group, as {@link #micro4}. */
    static void micro2(float[] a, int ao, float[] b, int bo, int kLen,
                       float[] in, int i0, int i1, float[] out, int o0, int o1) {
        final int l = LANES;
        FloatVector c00 = FloatVector.fromArray(SPECIES, in, i0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, in, i0 + l);
        FloatVector c02 = FloatVector.fromArray(SPECIES, in, i0 + 2 * l);
        FloatVector c03 = FloatVector.fromArray(SPECIES, in, i0 + 3 * l);
        FloatVector c10 = FloatVector.fromArray(SPECIES, in, i1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, in, i1 + l);
        FloatVector c12 = FloatVector.fromArray(SPECIES, in, i1 + 2 * l);
        FloatVector c13 = FloatVector.fromArray(SPECIES, in, i1 + 3 * l);
        for (int k = 0; k < kLen; k++) {
            int bk = bo + k * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk + 3 * l);
            int ak = ao + 4 * k;
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + l);
        c02.intoArray(out, o0 + 2 * l);
        c03.intoArray(out, o0 + 3 * l);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + l);
        c12.intoArray(out, o1 + 2 * l);
        c13.intoArray(out, o1 + 3 * l);
    }

    /**
     * A 1-row × 4-vector tile (the matrix-vector product of batch 1): even and odd k go to separate accumulators
     * so that eight FMA chains hide the FMA latency.
     */
    static void micro1(float[] a, int a0, int aStep, float[] b, int bo, int ldb, int kLen,
                       float[] in, int i0, float[] out, int o0) {
        final int l = LANES;
        FloatVector c0 = FloatVector.fromArray(SPECIES, in, i0);
        FloatVector c1 = FloatVector.fromArray(SPECIES, in, i0 + l);
        FloatVector c2 = FloatVector.fromArray(SPECIES, in, i0 + 2 * l);
        FloatVector c3 = FloatVector.fromArray(SPECIES, in, i0 + 3 * l);
        FloatVector d0 = FloatVector.zero(SPECIES);
        FloatVector d1 = FloatVector.zero(SPECIES);
        FloatVector d2 = FloatVector.zero(SPECIES);
        FloatVector d3 = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k + 2 <= kLen; k += 2) {
            int bk = bo + k * ldb;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + k * aStep]);
            c0 = FloatVector.fromArray(SPECIES, b, bk).fma(x, c0);
            c1 = FloatVector.fromArray(SPECIES, b, bk + l).fma(x, c1);
            c2 = FloatVector.fromArray(SPECIES, b, bk + 2 * l).fma(x, c2);
            c3 = FloatVector.fromArray(SPECIES, b, bk + 3 * l).fma(x, c3);
            bk += ldb;
            FloatVector y = FloatVector.broadcast(SPECIES, a[a0 + (k + 1) * aStep]);
            d0 = FloatVector.fromArray(SPECIES, b, bk).fma(y, d0);
            d1 = FloatVector.fromArray(SPECIES, b, bk + l).fma(y, d1);
            d2 = FloatVector.fromArray(SPECIES, b, bk + 2 * l).fma(y, d2);
            d3 = FloatVector.fromArray(SPECIES, b, bk + 3 * l).fma(y, d3);
        }
        if (k < kLen) {
            int bk = bo + k * ldb;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + k * aStep]);
            c0 = FloatVector.fromArray(SPECIES, b, bk).fma(x, c0);
            c1 = FloatVector.fromArray(SPECIES, b, bk + l).fma(x, c1);
            c2 = FloatVector.fromArray(SPECIES, b, bk + 2 * l).fma(x, c2);
            c3 = FloatVector.fromArray(SPECIES, b, bk + 3 * l).fma(x, c3);
        }
        c0.add(d0).intoArray(out, o0);
        c1.add(d1).intoArray(out, o0 + l);
        c2.add(d2).intoArray(out, o0 + 2 * l);
        c3.add(d3).intoArray(out, o0 + 3 * l);
    }
}
