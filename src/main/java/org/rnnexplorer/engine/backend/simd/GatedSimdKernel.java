package org.rnnexplorer.engine.backend.simd;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;

import java.util.Arrays;

/**
 * LSTM (with proj_size) and GRU in float32, computing what {@code GatedReferenceMath} defines, with every matrix
 * product on the Vector API ({@link Gemm}).
 *
 * <p>Forward, per layer and direction: the input projection of all T·B rows as one product
 * ({@code gi = X·W_ihᵀ + b_ih}, (T·B, G·H)); per step the recurrent product {@code gh = h_{t-1}·W_hhᵀ + b_hh} over
 * the rows still running, the gate math on whole vectors ({@link GateMath}) and, with a projection, {@code h_t = m·W_hrᵀ}. Backward, per step: the gates' gradients from ∂L/∂h_t and the
 * carried ∂L/∂c_t, then {@code ∂L/∂h_{t-1} = δ_hh·W_hh} (+ {@code ∂L/∂h_t ⊙ z} for GRU) as a product over the running
 * rows; after the steps the weight gradients as products over the whole sequence ({@code dW_ih = δ_ihᵀ·X},
 * {@code dW_hh = δ_hhᵀ·H_prev}, {@code dW_hr = δ_hᵀ·M}) and the layer input's gradient {@code δ_ih·W_ih}. For LSTM
 * δ_hh = δ_ih; for GRU the n block of δ_hh is r ⊙ δ_n (r multiplies W_hn h + b_hn).
 *
 * <p>Layouts: rows (t, b) at index t·B + b. Operands that {@link Gemm} reads as panels or writes whole panels of
 * (layer inputs, H_prev, M, the running states, product outputs) have row strides padded to whole panels with zero
 * padding; traces (h, c, gates, their gradients) are kept unpadded. The buffers of T·B rows grow to the largest
 * pass seen and are reused (zeroed first when some sequence is shorter than T: rows past a length must read zero);
 * the small ones (weight gradients, final states) are allocated per pass.
 *
 * <p>Threads, as {@link SimdKernel}: the large products (input projection, weight gradients, input gradient) are
 * cut into chunks shared with the backend's workers ({@link WorkerPool}); the two directions of a bidirectional
 * layer run their steps on two cores; one direction's steps stay on one thread.
 */
final class GatedSimdKernel implements RnnKernel {
    private static final int PANEL = Gemm.PANEL;

    private final RnnConfig config;
    private final WorkerPool pool;
    /** Per participant of a pool job. */
    private final Scratch[] scratch;
    /** Per direction: the input projection gi = X·W_ihᵀ + b_ih of the layer being run, (T·B, gatePad). */
    private final float[][] projection;
    private final boolean lstm;
    private final int layers, dirs, h, ho, proj, gateRows;
    /** Padded widths: G·H, H_out, H. */
    private final int gatePad, hoPad, hPad;
    private final int[] inSize, inPad;
    private final float[] zeros;

    // Parameters per ld = k·D + d, packed by Gemm.packPanels.
    /** W_ihᵀ (in_k × G·H) for the input projection; W_ih (G·H × in_k) for the input gradient. */
    private final float[][] wihT, wih;
    /** W_hhᵀ (H_out × G·H) for the recurrence; W_hh (G·H × H_out) for its gradient. */
    private final float[][] whhT, whh;
    /** W_hrᵀ (H × P) for the projection; W_hr (P × H) for its gradient; null without a projection. */
    private final float[][] whrT, whr;
    /** b_ih and b_hh padded to G·H panels, zeros without bias. */
    private final float[][] bih, bhh;

    // The last forward pass.
    private int steps, batch;
    private int[] lengths;
    /** Whether some sequence of the last forward pass is shorter than T. */
    private boolean variableLengths;
    private ForwardMode mode;
    private boolean backwardDone;
    /** Layer k's input (T·B, inPad[k]), after dropout for k &gt; 0. */
    private float[][] xin;
    private float[][] masks;
    /** Per layer: its output (T·B, D·H_out). */
    private float[][] layerOut;
    /** Per ld: h_t (T·B, H_out), c_t (T·B, H), gates (T·B, G·H), h_{t-1} (T·B, hoPad), m = o ⊙ tanh(c) (T·B, hPad). */
    private float[][] hid, cell, gates, hPrev, m;
    /** GRU per ld: W_hn h_{t-1} + b_hn (T·B, H). */
    private float[][] recN;
    private float[] h0, c0, finalHidden, finalCell;

    // The last backward pass.
    private float[][] gradHid, gradCell;
    /** Per layer: ∂L/∂(its input) (T·B, inPad[k]); ∂L/∂(top layer's output) (T·B, D·H_out). */
    private float[][] gradX;
    private float[] gradTop;
    /** Per direction of the layer being run: the gates' δ, input side and recurrent side (T·B, G·H). */
    private final float[][] deltaIh, deltaHh;
    private float[] gradInput, gradH0, gradC0;
    private float[][] gWih, gWhh, gBih, gBhh, gWhr;

    GatedSimdKernel(RnnConfig config, WorkerPool pool) {
        if (!config.isGated()) throw new IllegalArgumentException("GatedSimdKernel runs LSTM and GRU, not " + config.mode());
        this.config = config;
        this.pool = pool;
        lstm = config.mode() == CellMode.LSTM;
        layers = config.numLayers();
        dirs = config.numDirections();
        h = config.hiddenSize();
        ho = config.outputHiddenSize();
        proj = config.projSize();
        gateRows = config.gateRows();
        gatePad = Gemm.padToPanel(gateRows);
        hoPad = Gemm.padToPanel(ho);
        hPad = Gemm.padToPanel(h);
        inSize = new int[layers];
        inPad = new int[layers];
        int widest = Math.max(gatePad, Math.max(hoPad, hPad));
        for (int k = 0; k < layers; k++) {
            inSize[k] = config.layerInputSize(k);
            inPad[k] = Gemm.padToPanel(inSize[k]);
            widest = Math.max(widest, inPad[k]);
        }
        zeros = new float[widest];
        xin = new float[layers][];
        layerOut = new float[layers][];
        gradX = new float[layers][];
        int states = config.stateCount();
        hid = new float[states][];
        cell = new float[states][];
        gates = new float[states][];
        hPrev = new float[states][];
        m = new float[states][];
        recN = new float[states][];
        gradHid = new float[states][];
        gradCell = new float[states][];
        deltaIh = new float[dirs][];
        deltaHh = new float[dirs][];
        scratch = new Scratch[Math.max(2, pool.parallelism())];
        for (int i = 0; i < scratch.length; i++) scratch[i] = new Scratch(widest);
        projection = new float[dirs][];
        int n = config.stateCount();
        wihT = new float[n][];
        wih = new float[n][];
        whhT = new float[n][];
        whh = new float[n][];
        whrT = new float[n][];
        whr = new float[n][];
        bih = new float[n][];
        bhh = new float[n][];
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                wihT[ld] = new float[gatePad * inSize[k]];
                wih[ld] = new float[inPad[k] * gateRows];
                whhT[ld] = new float[gatePad * ho];
                whh[ld] = new float[hoPad * gateRows];
                bih[ld] = new float[gatePad];
                bhh[ld] = new float[gatePad];
                if (proj > 0) {
                    whrT[ld] = new float[hoPad * h];
                    whr[ld] = new float[hPad * proj];
                }
            }
        }
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    @Override
    public void setParameters(RnnParameters p) {
        if (!p.config().shape().equals(config.shape())) {
            throw new IllegalArgumentException("parameters are for " + p.config().torchRepr() + ", this kernel runs "
                    + config.torchRepr());
        }
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                Gemm.packPanels(p.weightIh(k, d), inSize[k], true, inSize[k], gateRows, wihT[ld]);
                Gemm.packPanels(p.weightIh(k, d), inSize[k], false, gateRows, inSize[k], wih[ld]);
                Gemm.packPanels(p.weightHh(k, d), ho, true, ho, gateRows, whhT[ld]);
                Gemm.packPanels(p.weightHh(k, d), ho, false, gateRows, ho, whh[ld]);
                if (config.bias()) {
                    System.arraycopy(p.biasIh(k, d), 0, bih[ld], 0, gateRows);
                    System.arraycopy(p.biasHh(k, d), 0, bhh[ld], 0, gateRows);
                }
                if (proj > 0) {
                    Gemm.packPanels(p.weightHr(k, d), h, true, h, proj, whrT[ld]);
                    Gemm.packPanels(p.weightHr(k, d), h, false, proj, h, whr[ld]);
                }
            }
        }
    }

    @Override
    public void forward(SequenceBatch sb, ForwardMode mode) {
        batch = sb.batch();
        // An empty batch has nothing to run: its T steps (2^31 - 1 in a hostile .npy) would each do nothing.
        steps = batch == 0 ? 0 : sb.steps();
        lengths = new int[batch];
        variableLengths = false;
        for (int b = 0; b < batch; b++) {
            lengths[b] = sb.length(b);
            variableLengths |= lengths[b] < steps;
        }
        this.mode = mode;
        backwardDone = false;
        masks = sb.dropoutMasks();
        int rows = steps * batch, states = config.stateCount();
        h0 = sb.h0();
        c0 = lstm ? sb.c0() : null;
        finalHidden = new float[states * batch * ho];
        finalCell = lstm ? new float[states * batch * h] : null;
        xin[0] = reuse(xin[0], rows * inPad[0]);
        for (int r = 0; r < rows; r++) System.arraycopy(sb.input(), r * inSize[0], xin[0], r * inPad[0], inSize[0]);
        for (Scratch s : scratch) s.ensure(batch);
        for (int k = 0; k < layers; k++) {
            int outW = dirs * ho;
            layerOut[k] = reuse(layerOut[k], rows * outW);
            forwardLayer(k);
            if (k + 1 < layers) {
                int pad = inPad[k + 1];
                float[] next = reuse(xin[k + 1], rows * pad);
                float[] mask = masks == null ? null : masks[k];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < outW; j++) {
                        float v = layerOut[k][r * outW + j];
                        next[r * pad + j] = mask == null ? v : v * mask[r * outW + j];
                    }
                }
                xin[k + 1] = next;
            }
        }
    }

    /** One thread's row lists, state buffers and packing space. */
    private final class Scratch {
        int[] rowOf = new int[0], stepOf, aRows, cRows;
        /** A blocks of the products: MC·KC, and a step's rows over the widest K. */
        float[] packA;
        /** B blocks of the weight-gradient products: KC × the widest padded width. */
        final float[] packY;
        /** Running h (B, hoPad) and c (B, H); the recurrent product gh (B, gatePad); m or ∂L/∂m (B, hPad). */
        float[] state, cellState, gh, mRow;

        Scratch(int widestPadded) {
            packY = new float[Gemm.KC * widestPadded];
        }

        /** Sizes the per-batch buffers for a batch of this many sequences. */
        void ensure(int batch) {
            if (state != null && rowOf.length == batch) return;
            rowOf = new int[batch];
            stepOf = new int[batch];
            aRows = new int[batch];
            cRows = new int[batch];
            int widest = Math.max(gateRows, Math.max(hoPad, hPad));
            packA = new float[Math.max(Gemm.MC * Gemm.KC, (batch + 3) / 4 * 4 * widest)];
            state = new float[batch * hoPad];
            cellState = new float[batch * h];
            gh = new float[batch * gatePad];
            mRow = new float[batch * hPad];
        }

        /** Fills the lists with the sequences still running at step s of direction d; returns how many. */
        int running(int s, int d) {
            int count = 0;
            for (int b = 0; b < batch; b++) {
                int len = lengths[b];
                if (s >= len) continue;
                int t = d == 0 ? s : len - 1 - s;
                rowOf[count] = t * batch + b;
                stepOf[count] = b;
                count++;
            }
            return count;
        }
    }

    /**
     * Layer k: the input projections of every direction in chunks of rows that any thread may take, then the
     * recurrences, one chunk per direction.
     */
    private void forwardLayer(int k) {
        int rows = steps * batch;
        for (int d = 0; d < dirs; d++) projection[d] = grow(projection[d], rows * gatePad);
        int chunks = pool.rowChunks(rows, (long) inSize[k] * gatePad);
        pool.run(dirs * chunks, (c, participant) -> {
            int d = c / chunks, part = c % chunks, ld = k * dirs + d;
            Gemm.rowMajorTimesPanels(WorkerPool.chunkStart(part, chunks, rows),
                    WorkerPool.chunkStart(part + 1, chunks, rows), inSize[k], xin[k], 0, inPad[k], wihT[ld], 0, 0,
                    gatePad / PANEL, projection[d], 0, gatePad, bih[ld], scratch[participant].packA);
        });
        pool.run(dirs, (d, participant) -> forwardDirection(k, d, scratch[participant]));
    }

    private void forwardDirection(int k, int d, Scratch s) {
        int ld = k * dirs + d, rows = steps * batch;
        float[] gi = projection[d];
        float[] hs = hid[ld] = reuse(hid[ld], rows * ho);
        float[] gs = gates[ld] = reuse(gates[ld], rows * gateRows);
        float[] hp = hPrev[ld] = reuse(hPrev[ld], rows * hoPad);
        float[] cs = cell[ld] = lstm ? reuse(cell[ld], rows * h) : null;
        float[] ms = m[ld] = lstm && proj > 0 ? reuse(m[ld], rows * hPad) : null;
        float[] rn = recN[ld] = lstm ? null : reuse(recN[ld], rows * h);
        Arrays.fill(s.state, 0f);
        Arrays.fill(s.cellState, 0f);
        for (int b = 0; b < batch; b++) {
            if (h0 != null) System.arraycopy(h0, (ld * batch + b) * ho, s.state, b * hoPad, ho);
            if (c0 != null) System.arraycopy(c0, (ld * batch + b) * h, s.cellState, b * h, h);
        }
        for (int step = 0; step < steps; step++) forwardStep(k, d, step, s, gi, hs, gs, hp, cs, ms, rn);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(s.state, b * hoPad, finalHidden, (ld * batch + b) * ho, ho);
            if (lstm) System.arraycopy(s.cellState, b * h, finalCell, (ld * batch + b) * h, h);
        }
    }

    /**
     * One step of layer k, direction d (a method of its own so that the JIT compiler optimises it after a few passes
     * of a small shape, not after thousands): the recurrent product, the gate math and, with a projection, h_t.
     */
    private void forwardStep(int k, int d, int step, Scratch s, float[] gi, float[] hs, float[] gs, float[] hp,
                             float[] cs, float[] ms, float[] rn) {
        int ld = k * dirs + d, outW = dirs * ho;
        int count = s.running(step, d);
        if (count == 0) return;
        for (int i = 0; i < count; i++) {
            int b = s.stepOf[i];
            s.aRows[i] = b * hoPad;
            s.cRows[i] = b * gatePad;
            System.arraycopy(bhh[ld], 0, s.gh, b * gatePad, gatePad);
            System.arraycopy(s.state, b * hoPad, hp, s.rowOf[i] * hoPad, ho);
        }
        Gemm.rowListTimesPanels(count, s.aRows, s.cRows, ho, s.state, whhT[ld], 0, gatePad / PANEL, s.gh, s.packA);
        GateMath.activations(count, s.stepOf, s.rowOf, h, lstm ? 4 : 2, lstm ? 2 : -1, gi, s.gh, gatePad, gs, gateRows);
        if (lstm) {
            GateMath.lstmCell(count, s.stepOf, s.rowOf, h, gs, gateRows, s.cellState, cs, proj > 0 ? s.mRow : s.state,
                    proj > 0 ? hPad : hoPad);
        } else {
            GateMath.gruState(count, s.stepOf, s.rowOf, h, gi, s.gh, gatePad, gs, gateRows, rn, s.state, hoPad);
        }
        if (proj > 0) {
            for (int i = 0; i < count; i++) {
                int b = s.stepOf[i];
                System.arraycopy(s.mRow, b * hPad, ms, s.rowOf[i] * hPad, h);
                s.aRows[i] = b * hPad;
                s.cRows[i] = b * hoPad;
                Arrays.fill(s.state, b * hoPad, (b + 1) * hoPad, 0f);
            }
            Gemm.rowListTimesPanels(count, s.aRows, s.cRows, h, s.mRow, whrT[ld], 0, hoPad / PANEL, s.state, s.packA);
        }
        for (int i = 0; i < count; i++) {
            int b = s.stepOf[i], r = s.rowOf[i];
            System.arraycopy(s.state, b * hoPad, hs, r * ho, ho);
            System.arraycopy(s.state, b * hoPad, layerOut[k], r * outW + d * ho, ho);
        }
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        backward(gradOutput, gradHn, null);
    }

    @Override
    public void backward(float[] gy, float[] ghn, float[] gcn) {
        requireForward(true);
        if (gcn != null && !lstm) throw new UnsupportedOperationException("only an LSTM has a cell state c_n");
        int rows = steps * batch, states = config.stateCount();
        gradH0 = new float[states * batch * ho];
        gradC0 = lstm ? new float[states * batch * h] : null;
        gWih = new float[states][];
        gWhh = new float[states][];
        gBih = new float[states][];
        gBhh = new float[states][];
        gWhr = new float[states][];
        // ∂L/∂(top layer's output), steps past each length dropped; stride gradStride.
        int outW = dirs * ho;
        float[] gradOut = gradTop = reuse(gradTop, rows * outW);
        if (gy == null) {
            Arrays.fill(gradOut, 0, rows * outW, 0f);
        } else {
            for (int r = 0; r < rows; r++) {
                if (r / batch < lengths[r % batch]) System.arraycopy(gy, r * outW, gradOut, r * outW, outW);
            }
        }
        int gradStride = outW;
        for (Scratch s : scratch) s.ensure(batch);
        for (int k = layers - 1; k >= 0; k--) {
            float[] gradX = this.gradX[k] = reuse(this.gradX[k], rows * inPad[k]);
            backwardLayer(k, gradOut, gradStride, ghn, gcn, gradX);
            if (k > 0 && masks != null) {
                float[] mask = masks[k - 1];
                int w = inSize[k];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < w; j++) gradX[r * inPad[k] + j] *= mask[r * w + j];
                }
            }
            gradOut = gradX;
            gradStride = inPad[k];
        }
        gradInput = new float[rows * inSize[0]];
        for (int r = 0; r < rows; r++) System.arraycopy(gradOut, r * gradStride, gradInput, r * inSize[0], inSize[0]);
        backwardDone = true;
    }

    /**
     * Layer k: the steps of each direction (one chunk per direction), then the weight gradients and
     * ∂L/∂(layer input) = Σ_d δ_ih,d·W_ih,d into gradX, (T·B, inPad[k]), in chunks any thread may take.
     */
    private void backwardLayer(int k, float[] gradOut, int gradStride, float[] ghn, float[] gcn, float[] gradX) {
        int rows = steps * batch;
        float[][] dIh = deltaIh, dHh = deltaHh;
        for (int d = 0; d < dirs; d++) {
            dIh[d] = reuse(dIh[d], rows * gateRows);
            dHh[d] = lstm ? dIh[d] : reuse(dHh[d], rows * gateRows);
        }
        pool.run(dirs, (d, participant) -> backwardDirection(k, d, gradOut, gradStride, ghn, gcn, dIh[d], dHh[d],
                scratch[participant]));
        weightGradients(k, dIh, dHh);
        int chunks = pool.rowChunks(rows, (long) gateRows * inPad[k] * dirs);
        pool.run(chunks, (c, participant) -> {
            int m0 = WorkerPool.chunkStart(c, chunks, rows), m1 = WorkerPool.chunkStart(c + 1, chunks, rows);
            for (int d = 0; d < dirs; d++) {
                Gemm.rowMajorTimesPanels(m0, m1, gateRows, dIh[d], 0, gateRows, wih[k * dirs + d], 0, 0,
                        inPad[k] / PANEL, gradX, 0, inPad[k], d == 0 ? zeros : null, scratch[participant].packA);
            }
        });
    }

    /**
     * dW_ih = δ_ihᵀ·X and dW_hh = δ_hhᵀ·H_prev of every direction, each cut into blocks of MC rows of dW that any
     * thread may take (every block packs X or H_prev again: a small fraction of its MC·T·B·width multiply-adds);
     * dW_hr = δ_hᵀ·M and the bias gradients (column sums of δ) per direction.
     */
    private void weightGradients(int k, float[][] dIh, float[][] dHh) {
        int rows = steps * batch;
        float[][] cIh = new float[dirs][], cHh = new float[dirs][];
        for (int d = 0; d < dirs; d++) {
            cIh[d] = new float[gateRows * inPad[k]];
            cHh[d] = new float[gateRows * hoPad];
        }
        int blocks = pool.parallelism() == 1 ? 1 : (gateRows + Gemm.MC - 1) / Gemm.MC;
        pool.run(dirs * blocks, (c, participant) -> {
            int d = c / blocks, part = c % blocks, ld = k * dirs + d;
            int m0 = gateRows * part / blocks, m1 = gateRows * (part + 1) / blocks;
            Scratch s = scratch[participant];
            Gemm.transposedTimesRowMajor(m0, m1, rows, dIh[d], 0, gateRows, xin[k], 0, inPad[k], inPad[k] / PANEL,
                    cIh[d], inPad[k], true, s.packA, s.packY, zeros);
            Gemm.transposedTimesRowMajor(m0, m1, rows, dHh[d], 0, gateRows, hPrev[ld], 0, hoPad, hoPad / PANEL,
                    cHh[d], hoPad, true, s.packA, s.packY, zeros);
        });
        for (int d = 0; d < dirs; d++) {
            int ld = k * dirs + d;
            gWih[ld] = unpad(cIh[d], gateRows, inPad[k], inSize[k]);
            gWhh[ld] = unpad(cHh[d], gateRows, hoPad, ho);
            if (proj > 0) {
                float[] cHr = new float[proj * hPad];
                Gemm.transposedTimesRowMajor(0, proj, rows, gradHid[ld], 0, ho, m[ld], 0, hPad, hPad / PANEL, cHr, hPad,
                        true, scratch[0].packA, scratch[0].packY, zeros);
                gWhr[ld] = unpad(cHr, proj, hPad, h);
            }
            gBih[ld] = columnSums(dIh[d], rows, gateRows);
            gBhh[ld] = columnSums(dHh[d], rows, gateRows);
        }
    }

    /** The steps of layer k, direction d, backwards: ∂L/∂h_t, ∂L/∂c_t and the gates' δ (T·B, G·H) into dIh, dHh. */
    private void backwardDirection(int k, int d, float[] gradOut, int gradStride, float[] ghn, float[] gcn,
                                   float[] dIh, float[] dHh, Scratch s) {
        int ld = k * dirs + d, rows = steps * batch;
        float[] gs = gates[ld];
        float[] dhs = gradHid[ld] = reuse(gradHid[ld], rows * ho);
        float[] dcs = gradCell[ld] = lstm ? reuse(gradCell[ld], rows * h) : null;
        float[] dhRec = s.state, dcRec = s.cellState, dm = s.mRow;
        Arrays.fill(dhRec, 0f);
        Arrays.fill(dcRec, 0f);
        for (int b = 0; b < batch; b++) {
            if (ghn != null) System.arraycopy(ghn, (ld * batch + b) * ho, dhRec, b * hoPad, ho);
            if (gcn != null) System.arraycopy(gcn, (ld * batch + b) * h, dcRec, b * h, h);
        }
        for (int step = steps - 1; step >= 0; step--) backwardStep(k, d, step, s, gradOut, gradStride, dhs, dcs, dIh, dHh);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dhRec, b * hoPad, gradH0, (ld * batch + b) * ho, ho);
            if (lstm) System.arraycopy(dcRec, b * h, gradC0, (ld * batch + b) * h, h);
        }
    }

    /**
     * One step of layer k, direction d, backwards (a method of its own, as {@link #forwardStep}): ∂L/∂h_t from above
     * and from the step after, the gates' δ, and the recurrent part of ∂L/∂h_{t-1} = δ_hh·W_hh.
     */
    private void backwardStep(int k, int d, int step, Scratch s, float[] gradOut, int gradStride, float[] dhs,
                              float[] dcs, float[] dIh, float[] dHh) {
        int ld = k * dirs + d;
        float[] gs = gates[ld];
        float[] dhRec = s.state, dcRec = s.cellState, dm = s.mRow;
        int count = s.running(step, d);
        if (count == 0) return;
        for (int i = 0; i < count; i++) {
            int b = s.stepOf[i], r = s.rowOf[i];
            for (int j = 0; j < ho; j++) {
                float g = dhRec[b * hoPad + j] + gradOut[r * gradStride + d * ho + j];
                dhRec[b * hoPad + j] = g;
                dhs[r * ho + j] = g;
            }
        }
        if (lstm && proj > 0) {
            // ∂L/∂m = ∂L/∂h_t · W_hr.
            for (int i = 0; i < count; i++) {
                int b = s.stepOf[i];
                s.aRows[i] = b * hoPad;
                s.cRows[i] = b * hPad;
                Arrays.fill(dm, b * hPad, (b + 1) * hPad, 0f);
            }
            Gemm.rowListTimesPanels(count, s.aRows, s.cRows, proj, dhRec, whr[ld], 0, hPad / PANEL, dm, s.packA);
        }
        for (int i = 0; i < count; i++) {
            int b = s.stepOf[i], r = s.rowOf[i], o = r * gateRows;
            if (lstm) {
                int prevRow = previousRow(r, b, d);
                float[] cPrev = prevRow >= 0 ? cell[ld] : c0;
                int cpOff = prevRow >= 0 ? prevRow * h : (ld * batch + b) * h;
                float[] dmArr = proj > 0 ? dm : dhRec;
                int dmOff = proj > 0 ? b * hPad : b * hoPad;
                GateMath.lstmBackwardCell(h, gs, o, cell[ld], r * h, dmArr, dmOff, dcRec, b * h, dcs, r * h, dIh, o);
                GateMath.lstmBackwardGates(h, gs, o, cPrev, cpOff, dcs, r * h, dIh, o);
                Arrays.fill(dhRec, b * hoPad, (b + 1) * hoPad, 0f);
            } else {
                GateMath.gruBackwardNz(h, gs, o, hPrev[ld], r * hoPad, dhRec, b * hoPad, dIh, dHh, o);
                GateMath.gruBackwardR(h, gs, o, recN[ld], r * h, dhRec, b * hoPad, dIh, dHh, o);
            }
            s.aRows[i] = r * gateRows;
            s.cRows[i] = b * hoPad;
        }
        Gemm.rowListTimesPanels(count, s.aRows, s.cRows, gateRows, dHh, whh[ld], 0, hoPad / PANEL, dhRec, s.packA);
    }

    /** The row of the step before row r (in direction d's order), or -1 at sequence b's first step. */
    private int previousRow(int r, int b, int d) {
        int t = r / batch;
        if (d == 0) return t == 0 ? -1 : r - batch;
        return t == lengths[b] - 1 ? -1 : r + batch;
    }

    /**
     * a when it holds n floats (zeroed first when some sequence is shorter than T, as the rows past its length must
     * read zero), else a new array of n.
     */
    private float[] reuse(float[] a, int n) {
        if (a == null || a.length < n) return new float[n];
        if (variableLengths) Arrays.fill(a, 0, n, 0f);
        return a;
    }

    /** a when it holds n floats already, else a new array of n. */
    private static float[] grow(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    private static float[] unpad(float[] src, int rows, int stride, int width) {
        float[] out = new float[rows * width];
        for (int i = 0; i < rows; i++) System.arraycopy(src, i * stride, out, i * width, width);
        return out;
    }

    private static float[] columnSums(float[] a, int rows, int width) {
        float[] out = new float[width];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) out[j] += a[r * width + j];
        }
        return out;
    }

    @Override
    public void readOutput(float[] dst) {
        requireForward(false);
        copyRows(layerOut[layers - 1], dirs * ho, dst);
    }

    @Override
    public void readFinalHidden(float[] dst) {
        requireForward(false);
        copy(finalHidden, dst);
    }

    @Override
    public void readFinalCell(float[] dst) {
        requireForward(false);
        copy(requireLstm(finalCell), dst);
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        requireForward(true);
        copyRows(hid[ld(layer, direction)], ho, dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        throw new UnsupportedOperationException(config.mode().moduleName() + " has gates, not one pre-activation a_t");
    }

    @Override
    public void readCell(int layer, int direction, float[] dst) {
        requireForward(true);
        copyRows(requireLstm(cell[ld(layer, direction)]), h, dst);
    }

    @Override
    public void readGate(int layer, int direction, int gate, float[] dst) {
        requireForward(true);
        if (gate < 0 || gate >= config.mode().gateCount()) {
            throw new IllegalArgumentException("gate " + gate + " of " + config.mode().gateNames());
        }
        float[] g = gates[ld(layer, direction)];
        int rows = steps * batch;
        if (dst.length != rows * h) throw new IllegalArgumentException("destination holds " + dst.length + ", expected " + rows * h);
        for (int r = 0; r < rows; r++) System.arraycopy(g, r * gateRows + gate * h, dst, r * h, h);
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        requireBackward();
        copyRows(gradHid[ld(layer, direction)], ho, dst);
    }

    @Override
    public void readGradCell(int layer, int direction, float[] dst) {
        requireBackward();
        copyRows(requireLstm(gradCell[ld(layer, direction)]), h, dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        requireBackward();
        copy(gradInput, dst);
    }

    @Override
    public void readGradH0(float[] dst) {
        requireBackward();
        copy(gradH0, dst);
    }

    @Override
    public void readGradC0(float[] dst) {
        requireBackward();
        copy(requireLstm(gradC0), dst);
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        requireBackward();
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                copy(gWih[ld], dst.weightIh(k, d));
                copy(gWhh[ld], dst.weightHh(k, d));
                if (config.bias()) {
                    copy(gBih[ld], dst.biasIh(k, d));
                    copy(gBhh[ld], dst.biasHh(k, d));
                }
                if (proj > 0) copy(gWhr[ld], dst.weightHr(k, d));
            }
        }
    }

    @Override
    public void close() {
        for (float[][] buffers : new float[][][] {xin, layerOut, hid, cell, gates, hPrev, m, recN, gradHid, gradCell,
                gradX, deltaIh, deltaHh, projection}) {
            Arrays.fill(buffers, null);
        }
        gradTop = null;
        mode = null;
    }

    private int ld(int layer, int direction) {
        if (layer < 0 || layer >= layers || direction < 0 || direction >= dirs) {
            throw new IllegalArgumentException("no layer " + layer + " direction " + direction + " in " + config.torchRepr());
        }
        return layer * dirs + direction;
    }

    private static <T> T requireLstm(T cellState) {
        if (cellState == null) throw new UnsupportedOperationException("only an LSTM has a cell state");
        return cellState;
    }

    private void requireForward(boolean needsKept) {
        if (mode == null) throw new IllegalStateException("no forward pass has run");
        if (needsKept && !mode.keepsHiddenStates()) {
            throw new IllegalStateException("this needs a TRAINING or TRACE forward pass, not INFERENCE");
        }
    }

    private void requireBackward() {
        if (!backwardDone) throw new IllegalStateException("no backward pass has run");
    }

    /** The last pass's T·B rows of width floats from a reused buffer (which may hold more) into dst. */
    private void copyRows(float[] src, int width, float[] dst) {
        int n = steps * batch * width;
        if (dst.length != n) throw new IllegalArgumentException("destination holds " + dst.length + " elements, expected " + n);
        System.arraycopy(src, 0, dst, 0, n);
    }

    private static void copy(float[] src, float[] dst) {
        if (dst.length != src.length) {
            throw new IllegalArgumentException("destination holds " + dst.length + " elements, expected " + src.length);
        }
        System.arraycopy(src, 0, dst, 0, src.length);
    }
}
