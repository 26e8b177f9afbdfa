package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;

import java.util.Arrays;

/**
 * The Elman RNN in float32 on the Vector API, computing what {@code ReferenceMath} defines.
 *
 * <p>Forward, per layer and direction: the input projection of all T·B rows as one product
 * ({@code pre = X·W_ihᵀ + b_ih + b_hh}), then per step the recurrent product {@code pre_t += h_{t-1}·W_hhᵀ} over the
 * rows that are still running, fused with the activation. Backward, per layer and direction: per step
 * {@code g_t += δ_{t+1}·W_hh} and {@code δ_t = g_t·f'(h_t)}, then the weight gradients as products over the whole
 * sequence ({@code dW_hh = δᵀ·H_prev}, {@code dW_ih = δᵀ·X}) and the layer input's gradient {@code δ·W_ih}.
 *
 * <p>Layouts: every per-(layer, direction) buffer has rows (t, b) at index t·B + b and a row stride padded to whole
 * panels ({@link Gemm#PANEL}); padding columns hold zeros that never change, so the padded products and
 * activations stay exact. Hidden states are kept with one extra time slot so that the "previous state" matrix of
 * every row is one contiguous block: the forward direction keeps h_t at slot t+1 and h0 at slot 0; the reverse
 * direction keeps h_t at slot t and sequence b's h0 at slot len_b (where it starts). Slots past a sequence's end
 * are zero.
 *
 * <p>Threads: the two directions of a bidirectional layer run on two cores; the large products of a one-direction
 * layer (input projection, weight gradients, input gradient) are cut into chunks of rows shared with the worker
 * (see {@link WorkerPool}). One direction's steps stay on one thread: splitting a step across cores needs a
 * barrier per step, which halves the step time on an idle machine but costs a scheduler time slice per step when
 * the cores are shared with other processes. Buffers grow to the largest T·B seen and are reused.
 *
 * <p>The seam's contract (call order, array lengths, layer and direction in range) is checked by the engine's
 * {@code CheckedKernel} before a call arrives here.
 */
final class SimdKernel implements RnnKernel {
    private static final int LANES = Gemm.LANES;
    private static final int PANEL = Gemm.PANEL;
    private static final long CHUNK_FMAS = WorkerPool.CHUNK_FMAS;

    private final RnnConfig config;
    private final WorkerPool pool;
    private final Nonlinearity activation;
    private final int dirs;
    private final int layers;
    private final int hidden;
    /** H padded to whole panels: the row stride of every per-(layer, direction) buffer. */
    private final int hiddenPad;
    private final int panels;
    /** in_k per layer. */
    private final int[] inSize;
    /** Row stride of layer k's input buffer, k in [0, layers]; the last "input" is the output, stride D·H. */
    private final int[] xStride;
    private final float[] zeros;

    // Parameters per (layer, direction) ld = k·D + d, packed by Gemm.packPanels.
    /** W_ihᵀ (in_k × H), for the input projection. */
    private final float[][] wihT;
    /** W_hhᵀ (H × H), for the forward recurrence. */
    private final float[][] whhT;
    /** W_hh (H × H) as (i, j), for the backward recurrence. */
    private final float[][] whh;
    /** W_ih (H × in_k) as (i, j) over xStride[k] columns, for the input gradient. */
    private final float[][] wih;
    /** b_ih + b_hh (H padded), zeros without bias. */
    private final float[][] biasSum;

    // The last forward pass.
    private int steps;
    private int batch;
    private int rows;
    private int[] lengths = new int[0];
    private boolean variableLengths;

    /** Layer k's input (T·B, xStride[k]), after dropout for k &gt; 0; x[layers] is the output (T·B, D·H). */
    private final float[][] x;
    /** Per ld (T·B, Hp): the input projection, then (in place) the pre-activation. */
    private final float[][] pre;
    /** Per ld ((T+1)·B, Hp): hidden states in the slot layout above; kept by TRAINING and TRACE passes. */
    private final float[][] hid;
    /** Dropout masks as used, num_layers-1 of (T, B, D·H); valid when usedMasks. */
    private float[][] masks;
    private boolean usedMasks;
    /** h0 as given (D·num_layers, B, H), or null for zeros. */
    private float[] h0;
    private boolean hasH0;
    /** h_n (D·num_layers, B, H). */
    private float[] finalHidden = new float[0];

    /** Per ld (T·B, Hp): ∂L/∂h_t through every path. */
    private final float[][] gradH;
    /** Per ld (T·B, Hp): δ_t = ∂L/∂a_t; zero past each length. */
    private final float[][] gradA;
    /** Per layer (T·B, xStride[k]): ∂L/∂(layer k's input). */
    private final float[][] gradX;
    /** (D·num_layers, B, H). */
    private float[] gradH0 = new float[0];
    /** Per ld (H, xStride[k]). */
    private final float[][] gradWih;
    /** Per ld (H, Hp). */
    private final float[][] gradWhh;
    /** Per ld (Hp): Σ δ, the gradient of both biases. */
    private final float[][] gradBias;

    /** Per direction: the running state (B, Hp), ping-ponged between steps. */
    private final float[][][] state;
    /** Per participant of a pool job (or per direction when the directions run as two chunks). */
    private final Scratch[] scratch;

    /** Row lists and packing space of one thread. */
    private static final class Scratch {
        int[] rowB = new int[0];
        int[] rowT = new int[0];
        int[] aRows = new int[0];
        int[] cRows = new int[0];
        /** The running state's rows packed for a step's product: roundUp(B, 4)·H. */
        float[] packState = new float[0];
        /** A blocks of the large products. */
        final float[] packX;
        /** B blocks of the weight-gradient products. */
        final float[] packY;

        Scratch(int widest) {
            packX = new float[Gemm.MC * Gemm.KC];
            packY = new float[Gemm.KC * widest];
        }

        void ensureRows(int b, int hidden) {
            if (rowB.length < b) {
                rowB = new int[b];
                rowT = new int[b];
                aRows = new int[b];
                cRows = new int[b];
            }
            int pack = (b + 3) / 4 * 4 * hidden;
            if (packState.length < pack) packState = new float[pack];
        }
    }

    SimdKernel(RnnConfig config, WorkerPool pool) {
        this.config = config;
        this.pool = pool;
        this.activation = config.nonlinearity();
        this.dirs = config.numDirections();
        this.layers = config.numLayers();
        this.hidden = config.hiddenSize();
        this.hiddenPad = Gemm.padToPanel(hidden);
        this.panels = hiddenPad / PANEL;
        inSize = new int[layers];
        xStride = new int[layers + 1];
        for (int k = 0; k < layers; k++) {
            inSize[k] = config.layerInputSize(k);
            xStride[k] = Gemm.padToPanel(inSize[k]);
        }
        xStride[layers] = dirs * hidden;
        int widest = hiddenPad;
        for (int k = 0; k < layers; k++) widest = Math.max(widest, xStride[k]);
        zeros = new float[widest];

        int n = config.stateCount();
        wihT = new float[n][];
        whhT = new float[n][];
        whh = new float[n][];
        wih = new float[n][];
        biasSum = new float[n][];
        gradWih = new float[n][];
        gradWhh = new float[n][];
        gradBias = new float[n][];
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                wihT[ld] = new float[hiddenPad * inSize[k]];
                whhT[ld] = new float[hiddenPad * hidden];
                whh[ld] = new float[hiddenPad * hidden];
                wih[ld] = new float[xStride[k] * hidden];
                biasSum[ld] = new float[hiddenPad];
                gradWih[ld] = new float[hidden * xStride[k]];
                gradWhh[ld] = new float[hidden * hiddenPad];
                gradBias[ld] = new float[hiddenPad];
            }
        }
        x = new float[layers + 1][];
        pre = new float[n][];
        hid = new float[n][];
        gradH = new float[n][];
        gradA = new float[n][];
        gradX = new float[layers][];
        state = new float[dirs][2][];
        scratch = new Scratch[Math.max(2, pool.parallelism())];
        for (int i = 0; i < scratch.length; i++) scratch[i] = new Scratch(widest);
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    @Override
    public void setParameters(RnnParameters p) {
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                float[] wi = p.weightIh(k, d);
                float[] wh = p.weightHh(k, d);
                Gemm.packPanels(wi, inSize[k], true, inSize[k], hidden, wihT[ld]);
                Gemm.packPanels(wh, hidden, true, hidden, hidden, whhT[ld]);
                Gemm.packPanels(wh, hidden, false, hidden, hidden, whh[ld]);
                Gemm.packPanels(wi, inSize[k], false, hidden, inSize[k], wih[ld]);
                Arrays.fill(biasSum[ld], 0f);
                if (config.bias()) {
                    float[] bi = p.biasIh(k, d);
                    float[] bh = p.biasHh(k, d);
                    for (int j = 0; j < hidden; j++) biasSum[ld][j] = bi[j] + bh[j];
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- forward

    @Override
    public void forward(SequenceBatch in, ForwardMode forwardMode) {
        batch = in.batch();
        // An empty batch has nothing to run: its T steps (2^31 - 1 in a hostile .npy) would each do nothing.
        steps = batch == 0 ? 0 : in.steps();
        rows = steps * batch;
        if (lengths.length != batch) lengths = new int[batch];
        for (int b = 0; b < batch; b++) lengths[b] = in.length(b);
        variableLengths = in.hasVariableLengths();
        boolean keep = forwardMode.keepsHiddenStates();

        int n = config.stateCount();
        for (int k = 0; k <= layers; k++) x[k] = grow(x[k], rows * xStride[k]);
        for (int ld = 0; ld < n; ld++) {
            pre[ld] = grow(pre[ld], rows * hiddenPad);
            if (keep) hid[ld] = grow(hid[ld], (steps + 1) * batch * hiddenPad);
        }
        for (int d = 0; d < dirs; d++) {
            state[d][0] = grow(state[d][0], batch * hiddenPad);
            state[d][1] = grow(state[d][1], batch * hiddenPad);
        }
        for (Scratch s : scratch) s.ensureRows(batch, hidden);
        if (finalHidden.length != n * batch * hidden) finalHidden = new float[n * batch * hidden];

        int inputSize = inSize[0];
        float[] x0 = x[0];
        for (int r = 0; r < rows; r++) System.arraycopy(in.input(), r * inputSize, x0, r * xStride[0], inputSize);
        hasH0 = in.h0() != null;
        if (hasH0) {
            h0 = grow(h0, n * batch * hidden);
            System.arraycopy(in.h0(), 0, h0, 0, n * batch * hidden);
        }
        if (in.dropoutMasks() != null) {
            if (masks == null) masks = new float[layers - 1][];
            for (int k = 0; k < layers - 1; k++) {
                masks[k] = grow(masks[k], rows * dirs * hidden);
                System.arraycopy(in.dropoutMasks()[k], 0, masks[k], 0, rows * dirs * hidden);
            }
        }
        usedMasks = in.dropoutMasks() != null;

        for (int k = 0; k < layers; k++) forwardLayer(k, keep, usedMasks ? masksFor(k) : null);
    }

    private float[] masksFor(int k) {
        return k + 1 < layers ? masks[k] : null;
    }

    private void forwardLayer(int k, boolean keep, float[] mask) {
        if (variableLengths) {
            Arrays.fill(x[k + 1], 0, rows * xStride[k + 1], 0f);
            if (keep) for (int d = 0; d < dirs; d++) Arrays.fill(hid[k * dirs + d], 0, (steps + 1) * batch * hiddenPad, 0f);
        }
        // Input projections of every direction, in chunks of rows that any thread may take; then the recurrences,
        // one chunk per direction (a bidirectional layer's directions run on two cores).
        int chunks = rowChunks((long) inSize[k] * hiddenPad);
        pool.run(dirs * chunks, (c, participant) -> {
            int part = c % chunks;
            project(k, c / chunks, chunkStart(part, chunks), chunkStart(part + 1, chunks), scratch[participant]);
        });
        pool.run(dirs, (d, participant) -> recur(k, d, scratch[participant], keep, mask));
    }

    /** Chunks for a product over all T·B rows costing fmasPerRow each (see {@link WorkerPool#rowChunks}). */
    private int rowChunks(long fmasPerRow) {
        return pool.rowChunks(rows, fmasPerRow);
    }

    /** First row of chunk c of n. */
    private int chunkStart(int c, int n) {
        return WorkerPool.chunkStart(c, n, rows);
    }

    /** pre[m] = x[k][m]·W_ihᵀ + b_ih + b_hh for rows m in [m0, m1). */
    private void project(int k, int d, int m0, int m1, Scratch sc) {
        int ld = k * dirs + d;
        Gemm.rowMajorTimesPanels(m0, m1, inSize[k], x[k], 0, xStride[k], wihT[ld], 0, 0, panels, pre[ld], 0,
                hiddenPad, biasSum[ld], sc.packX);
    }

    /** Time slot of h_t in the hidden buffer of direction d (see the class comment). */
    private static int slot(int d, int t) {
        return d == 0 ? t + 1 : t;
    }

    /**
     * The rows that take step s of direction d (those with s &lt; len_b), with the time t each is at.
     *
     * @return how many rows are listed
     */
    private int activeRows(int d, int s, Scratch sc) {
        int n = 0;
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            if (s >= len) continue;
            int t = d == 0 ? s : len - 1 - s;
            sc.rowB[n] = b;
            sc.rowT[n] = t;
            sc.aRows[n] = b * hiddenPad;
            sc.cRows[n] = (t * batch + b) * hiddenPad;
            n++;
        }
        return n;
    }

    /** The recurrence of layer k, direction d: per step the product with W_hhᵀ, then the activation. */
    private void recur(int k, int d, Scratch sc, boolean keep, float[] mask) {
        int ld = k * dirs + d;
        float[] cur = state[d][0];
        float[] next = state[d][1];
        initialState(ld, d, cur, keep);
        for (int s = 0; s < steps; s++) {
            int n = activeRows(d, s, sc);
            Gemm.rowListTimesPanels(n, sc.aRows, sc.cRows, hidden, cur, whhT[ld], 0, panels, pre[ld], sc.packState);
            forwardEpilogue(k, d, s, n, sc, next, keep, mask);
            float[] swap = cur;
            cur = next;
            next = swap;
        }
    }

    /** Loads h0 (or zeros) into the running state and, when kept, into each sequence's h0 slot. */
    private void initialState(int ld, int d, float[] cur, boolean keep) {
        for (int b = 0; b < batch; b++) {
            int so = b * hiddenPad;
            if (hasH0) System.arraycopy(h0, (ld * batch + b) * hidden, cur, so, hidden);
            else Arrays.fill(cur, so, so + hidden, 0f);
            if (keep) {
                int slot = d == 0 ? 0 : lengths[b];
                System.arraycopy(cur, so, hid[ld], (slot * batch + b) * hiddenPad, hiddenPad);
            }
        }
    }

    /**
     * h = f(pre) on the listed rows, written to the next state, the kept hidden states, the layer's output (times
     * the dropout mask feeding the next layer) and h_n at each sequence's last step.
     */
    private void forwardEpilogue(int k, int d, int s, int n, Scratch sc, float[] next, boolean keep, float[] mask) {
        int ld = k * dirs + d;
        float[] p = pre[ld];
        float[] hs = keep ? hid[ld] : null;
        float[] out = x[k + 1];
        int outStride = xStride[k + 1];
        int width = dirs * hidden;
        for (int i = 0; i < n; i++) {
            int b = sc.rowB[i];
            int t = sc.rowT[i];
            int r = t * batch + b;
            int po = r * hiddenPad;
            int so = b * hiddenPad;
            int ho = (slot(d, t) * batch + b) * hiddenPad;
            if (activation == Nonlinearity.TANH) {
                System.arraycopy(p, po, next, so, hiddenPad);
                VectorMath.tanh(next, so, so + hiddenPad);
                if (hs != null) System.arraycopy(next, so, hs, ho, hiddenPad);
            } else {
                for (int v = 0; v < hiddenPad; v += LANES) {
                    FloatVector h = FloatVector.fromArray(Gemm.SPECIES, p, po + v).max(0f);
                    h.intoArray(next, so + v);
                    if (hs != null) h.intoArray(hs, ho + v);
                }
            }
            int oo = r * outStride + d * hidden;
            if (mask == null) {
                System.arraycopy(next, so, out, oo, hidden);
            } else {
                int mo = r * width + d * hidden;
                for (int j = 0; j < hidden; j++) out[oo + j] = next[so + j] * mask[mo + j];
            }
            if (s == lengths[b] - 1) System.arraycopy(next, so, finalHidden, (ld * batch + b) * hidden, hidden);
        }
    }

    // --------------------------------------------------------------------------------------------- backward

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        int n = config.stateCount();
        for (int ld = 0; ld < n; ld++) {
            gradH[ld] = grow(gradH[ld], rows * hiddenPad);
            gradA[ld] = grow(gradA[ld], rows * hiddenPad);
        }
        for (int k = 0; k < layers; k++) gradX[k] = grow(gradX[k], rows * xStride[k]);
        if (gradH0.length != n * batch * hidden) gradH0 = new float[n * batch * hidden];

        for (int d = 0; d < dirs; d++) {
            seedGradHidden((layers - 1) * dirs + d, gradOutput, dirs * hidden, d * hidden, null, gradHn);
        }
        for (int k = layers - 1; k >= 0; k--) {
            backwardLayer(k);
            gradLayerInput(k);
            if (k > 0) {
                float[] mask = usedMasks ? masks[k - 1] : null;
                for (int d = 0; d < dirs; d++) {
                    seedGradHidden((k - 1) * dirs + d, gradX[k], xStride[k], d * hidden, mask, gradHn);
                }
            }
        }
    }

    /**
     * gradH[ld] = the gradient arriving at layer-direction ld's hidden states from above (columns col … col+H of
     * src, times the dropout mask), zero past each length, plus ∂L/∂h_n at each sequence's last step.
     */
    private void seedGradHidden(int ld, float[] src, int srcStride, int col, float[] mask, float[] gradHn) {
        int d = ld % dirs;
        float[] g = gradH[ld];
        int width = dirs * hidden;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int r = t * batch + b;
                int go = r * hiddenPad;
                if (src == null || t >= lengths[b]) {
                    Arrays.fill(g, go, go + hidden, 0f);
                } else if (mask == null) {
                    System.arraycopy(src, r * srcStride + col, g, go, hidden);
                } else {
                    int so = r * srcStride + col;
                    int mo = r * width + col;
                    for (int j = 0; j < hidden; j++) g[go + j] = src[so + j] * mask[mo + j];
                }
            }
        }
        if (gradHn != null) {
            for (int b = 0; b < batch; b++) {
                int t = d == 0 ? lengths[b] - 1 : 0;
                int go = (t * batch + b) * hiddenPad;
                int ho = (ld * batch + b) * hidden;
                for (int j = 0; j < hidden; j++) g[go + j] += gradHn[ho + j];
            }
        }
    }

    private void backwardLayer(int k) {
        pool.run(dirs, (d, participant) -> bptt(k, d, scratch[participant]));
        // Weight gradients in chunks of rows of dW; each chunk packs all of H_prev and X again, so chunks are few:
        // enough to give every thread one.
        long fmas = (long) rows * hidden * (hiddenPad + xStride[k]);
        int perDirection = fmas >= 2 * CHUNK_FMAS ? Math.max(1, pool.parallelism() / dirs) : 1;
        pool.run(dirs * perDirection, (c, participant) -> {
            int part = c % perDirection;
            weightGradients(k, c / perDirection, hidden * part / perDirection, hidden * (part + 1) / perDirection,
                    scratch[participant]);
        });
    }

    /**
     * Backpropagation through time of layer k, direction d: per step g_t += δ_{t+1}·W_hh, δ_t = g_t·f'(h_t), and
     * Σδ for the biases; then ∂L/∂h0 = δ_first·W_hh.
     */
    private void bptt(int k, int d, Scratch sc) {
        int ld = k * dirs + d;
        float[] cur = state[d][0];
        float[] next = state[d][1];
        float[] g = gradH[ld];
        float[] delta = gradA[ld];
        float[] hs = hid[ld];
        float[] biasAcc = gradBias[ld];
        Arrays.fill(cur, 0, batch * hiddenPad, 0f);
        Arrays.fill(next, 0, batch * hiddenPad, 0f);
        if (variableLengths) Arrays.fill(delta, 0, rows * hiddenPad, 0f);
        Arrays.fill(biasAcc, 0f);
        for (int s = steps - 1; s >= 0; s--) {
            int n = activeRows(d, s, sc);
            Gemm.rowListTimesPanels(n, sc.aRows, sc.cRows, hidden, cur, whh[ld], 0, panels, g, sc.packState);
            for (int i = 0; i < n; i++) {
                int b = sc.rowB[i];
                int t = sc.rowT[i];
                int go = sc.cRows[i];
                int ho = (slot(d, t) * batch + b) * hiddenPad;
                int so = b * hiddenPad;
                for (int v = 0; v < hiddenPad; v += LANES) {
                    FloatVector dv = Activation.backward(activation, FloatVector.fromArray(Gemm.SPECIES, g, go + v),
                            FloatVector.fromArray(Gemm.SPECIES, hs, ho + v));
                    dv.intoArray(delta, go + v);
                    dv.intoArray(next, so + v);
                    FloatVector.fromArray(Gemm.SPECIES, biasAcc, v).add(dv).intoArray(biasAcc, v);
                }
            }
            float[] swap = cur;
            cur = next;
            next = swap;
        }
        // cur now holds δ of every sequence's first step: ∂L/∂h0 = δ·W_hh.
        Gemm.rowMajorTimesPanels(0, batch, hidden, cur, 0, hiddenPad, whh[ld], 0, 0, panels, next, 0, hiddenPad, zeros,
                sc.packX);
        for (int b = 0; b < batch; b++) System.arraycopy(next, b * hiddenPad, gradH0, (ld * batch + b) * hidden, hidden);
    }

    /** Rows [m0, m1) of dW_hh = δᵀ·H_prev and dW_ih = δᵀ·X, summed over all T·B rows at once. */
    private void weightGradients(int k, int d, int m0, int m1, Scratch sc) {
        int ld = k * dirs + d;
        int prevOffset = d == 0 ? 0 : batch * hiddenPad;
        Gemm.transposedTimesRowMajor(m0, m1, rows, gradA[ld], 0, hiddenPad, hid[ld], prevOffset, hiddenPad, panels,
                gradWhh[ld], hiddenPad, true, sc.packX, sc.packY, zeros);
        Gemm.transposedTimesRowMajor(m0, m1, rows, gradA[ld], 0, hiddenPad, x[k], 0, xStride[k], xStride[k] / PANEL,
                gradWih[ld], xStride[k], true, sc.packX, sc.packY, zeros);
    }

    /** gradX[k] = Σ_d δ_d·W_ih,d over all rows, in chunks of rows. */
    private void gradLayerInput(int k) {
        int xPanels = xStride[k] / PANEL;
        int chunks = rowChunks((long) hidden * xStride[k] * dirs);
        pool.run(chunks, (c, participant) -> {
            int m0 = chunkStart(c, chunks);
            int m1 = chunkStart(c + 1, chunks);
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                Gemm.rowMajorTimesPanels(m0, m1, hidden, gradA[ld], 0, hiddenPad, wih[ld], 0, 0, xPanels, gradX[k], 0,
                        xStride[k], d == 0 ? zeros : null, scratch[participant].packX);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public void readOutput(float[] dst) {
        int n = rows * dirs * hidden;
        System.arraycopy(x[layers], 0, dst, 0, n);
    }

    @Override
    public void readFinalHidden(float[] dst) {
        System.arraycopy(finalHidden, 0, dst, 0, finalHidden.length);
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        int ld = layer * dirs + direction;
        copyRows(hid[ld], batch * hiddenPad * (direction == 0 ? 1 : 0), hiddenPad, hidden, dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        copyRows(pre[layer * dirs + direction], 0, hiddenPad, hidden, dst);
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        copyRows(gradH[layer * dirs + direction], 0, hiddenPad, hidden, dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        copyRows(gradX[0], 0, xStride[0], inSize[0], dst);
    }

    @Override
    public void readGradH0(float[] dst) {
        System.arraycopy(gradH0, 0, dst, 0, gradH0.length);
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                float[] gi = dst.weightIh(k, d);
                float[] gh = dst.weightHh(k, d);
                for (int i = 0; i < hidden; i++) {
                    System.arraycopy(gradWih[ld], i * xStride[k], gi, i * inSize[k], inSize[k]);
                    System.arraycopy(gradWhh[ld], i * hiddenPad, gh, i * hidden, hidden);
                }
                if (config.bias()) {
                    System.arraycopy(gradBias[ld], 0, dst.biasIh(k, d), 0, hidden);
                    System.arraycopy(gradBias[ld], 0, dst.biasHh(k, d), 0, hidden);
                }
            }
        }
    }

    @Override
    public void close() {
        Arrays.fill(x, null);
        Arrays.fill(pre, null);
        Arrays.fill(hid, null);
        Arrays.fill(gradH, null);
        Arrays.fill(gradA, null);
        Arrays.fill(gradX, null);
        masks = null;
        h0 = null;
    }

    // -------------------------------------------------------------------------------------------- helpers

    /**
     * Copies the (T, B) rows of a padded buffer to dst (T, B, width), zero past each sequence's length.
     *
     * @param offset where row (0, 0) starts in src
     */
    private void copyRows(float[] src, int offset, int stride, int width, float[] dst) {
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int r = t * batch + b;
                if (t < lengths[b]) System.arraycopy(src, offset + r * stride, dst, r * width, width);
                else Arrays.fill(dst, r * width, (r + 1) * width, 0f);
            }
        }
    }

    /** a when it holds n floats already, else a new zeroed array of n. */
    private static float[] grow(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
