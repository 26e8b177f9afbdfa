package org.rnnexplorer.engine.backend.cuda;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * LSTM (with proj_size) and GRU on the GPU, computing what {@code GatedReferenceMath} defines. Per layer: the input
 * projection of all steps and both directions as one product ({@code gi = X·W_ihᵀ + b_ih}, the tiled GEMM), then one
 * launch per step of {@code rnnx_gated_step_fwd} (gated.cuh: the recurrent product of every gate block, the gate
 * nonlinearities, the cell update and the projection, fused; by default the recurrent product h_{t-1}·W_hhᵀ of each
 * step comes from the tiled GEMM launched before it, see {@link #gemmSteps}). Backward keeps the gate activations of the forward pass
 * (nothing is recomputed): one launch per step of {@code rnnx_gated_step_bwd}, then the weight gradients and the
 * layer input's gradient as products over the whole sequence, the weight gradients on the side stream.
 *
 * <p>Not yet the fast design: no persistent kernel keeps W_hh's gate blocks on chip, no autotuning (issue 17's device
 * work); {@code auto} keeps choosing simd for gated models until a
 * device run has checked and timed these kernels.
 *
 * <p>Device buffers (row-major; G gates, GH = G·H, HO = H_out, TB = T·B, per layer k unless said):
 * <pre>
 * wih (D·GH, in_k) both directions stacked   bih, bhh (D·GH)   whh (D, GH, HO)   whhT (D, HO, GH)
 * whr (D, P, H)   whrT (D, H, P)             x (TB, I)   h0 (D·L, B, HO)   c0 (D·L, B, H)   mask k (TB, D·HO)
 * xm (TB, D·HO) masked input of layer k &gt; 0   gi (TB, D·GH), one for all layers
 * y (TB, D·HO) h_t   gates (TB, D·GH)   cell (TB, D·H) LSTM c_t or GRU W_hn h + b_hn   m (TB, D·H) LSTM o ⊙ tanh(c)
 * hprev (TB, D·HO)   hstate, dstate (D, B, HO) and cstate (D, B, H): the running state of the layer being computed
 * hn, gh0 (D·L, B, HO)   cn, gc0 (D·L, B, H)   gradh (TB, D·HO)   gradc (TB, D·H)   dih, dhh (TB, D·GH)
 * g (TB, D·HO) dL/d(output of layer k-1)   gx (TB, I)   dwih, dwhh, dwhr, dbih, dbhh: as the parameters
 * </pre>
 */
final class GatedCudaKernel implements RnnKernel {
    private static final int F = 4;
    private static final int THREADS = 256;
    /** Sequences per block at most (RNNX_GATED_MAX_BATCH in gated.cuh). */
    private static final int MAX_BATCH_PER_BLOCK = 8;
    /** Forces how gated layers run: {@code step} (products in the step kernel) or {@code gemm}. */
    static final String PATH_PROPERTY = "rnnx.cuda.gated.path";
    /** Dynamic shared memory per block, kept within what every device grants without opting in. */
    private static final int SHARED_FLOATS = 48 * 1024 / F;

    private final RnnConfig config;
    private final CudaDevice device;
    private final CudaDriver driver;
    private final boolean lstm;
    private final int layers, dirs, h, ho, proj, gh, inputSize;
    /** Floats of shared memory per sequence of a block: the state (HO) and, with a projection, m (H). */
    private final int sharedPerSequence;
    private final Arena arena = Arena.ofShared();
    private final KernelArgs step;
    private final DeviceProducts products;
    private final DeviceBuffers<String> buffers;

    /**
     * Whether each step's recurrent products (h_{t-1}·W_hhᵀ forward, δ_hh·W_hh backward) run on the tiled GEMM, one
     * launch for both directions around each step kernel, rather than inside the step kernel. The step kernel's own
     * product has one block per 8 sequences and direction walk all of W_hh with a dependent load per row: on an H200
     * it ran at 15 µs a step at H = 32 and 49 µs at H = 128 (forward, B = 1), and bigbi's LSTM (B 64, H 1024, 16
     * blocks) took 684 ms forward against cuDNN's 7.7 ms. The GEMM spreads the product over the whole device. The step
     * kernel's product stays for {@code -Drnnx.cuda.gated.path=step}, so both remain checked.
     */
    private final boolean gemmSteps;

    /** Backward: the main stream's progress for the side stream to wait on, and the side stream's end. */
    private long layerDone, sideDone;
    private boolean closed;
    private ForwardMode mode;
    private int steps, batch, batchPerBlock;
    private boolean hasH0, hasC0, hasMasks, hasLengths;

    GatedCudaKernel(RnnConfig config, CudaDevice device) {
        if (!config.isGated()) throw new IllegalArgumentException("GatedCudaKernel runs LSTM and GRU, not " + config.mode());
        this.config = config;
        this.device = device;
        this.driver = device.driver();
        lstm = config.mode() == CellMode.LSTM;
        layers = config.numLayers();
        dirs = config.numDirections();
        h = config.hiddenSize();
        ho = config.outputHiddenSize();
        proj = config.projSize();
        gh = config.gateRows();
        inputSize = config.inputSize();
        sharedPerSequence = ho + (proj > 0 ? h : 0);
        if (sharedPerSequence > SHARED_FLOATS) {
            throw new IllegalArgumentException("the gated CUDA kernels hold one sequence's state in 48 KB of shared memory: "
                    + config.torchRepr() + " needs " + sharedPerSequence * F / 1024 + " KB");
        }
        gemmSteps = !"step".equalsIgnoreCase(System.getProperty(PATH_PROPERTY, ""));
        step = new KernelArgs(KernelArgs.GATED, arena);
        products = new DeviceProducts(device, arena);
        buffers = new DeviceBuffers<>(device);
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    // ---- parameters -------------------------------------------------------------------------------------------------

    @Override
    public void setParameters(RnnParameters p) {
        device.execute(() -> {
            buffers.beginCall();
            for (int k = 0; k < layers; k++) {
                int in = config.layerInputSize(k);
                long wih = buffers.allocate("wih" + k, (long) dirs * gh * in);
                long whh = buffers.allocate("whh" + k, (long) dirs * gh * ho);
                long whhT = buffers.allocate("whhT" + k, (long) dirs * gh * ho);
                for (int d = 0; d < dirs; d++) {
                    buffers.upload(wih + (long) d * gh * in * F, p.weightIh(k, d), (long) gh * in);
                    buffers.upload(whh + (long) d * gh * ho * F, p.weightHh(k, d), (long) gh * ho);
                    buffers.upload(whhT + (long) d * gh * ho * F, transpose(p.weightHh(k, d), gh, ho), (long) gh * ho);
                }
                if (config.bias()) {
                    long bih = buffers.allocate("bih" + k, (long) dirs * gh), bhh = buffers.allocate("bhh" + k, (long) dirs * gh);
                    for (int d = 0; d < dirs; d++) {
                        buffers.upload(bih + (long) d * gh * F, p.biasIh(k, d), gh);
                        buffers.upload(bhh + (long) d * gh * F, p.biasHh(k, d), gh);
                    }
                }
                if (proj > 0) {
                    long whr = buffers.allocate("whr" + k, (long) dirs * proj * h);
                    long whrT = buffers.allocate("whrT" + k, (long) dirs * proj * h);
                    for (int d = 0; d < dirs; d++) {
                        buffers.upload(whr + (long) d * proj * h * F, p.weightHr(k, d), (long) proj * h);
                        buffers.upload(whrT + (long) d * proj * h * F, transpose(p.weightHr(k, d), proj, h), (long) proj * h);
                    }
                }
            }
            driver.synchronize(device.stream());
        });
    }

    /** {@code a} (rows, cols) row-major, transposed to (cols, rows). */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        }
        return t;
    }

    // ---- forward ----------------------------------------------------------------------------------------------------

    @Override
    public void forward(SequenceBatch sb, ForwardMode m) {
        device.execute(() -> forwardOnOwner(sb, m));
    }

    private void forwardOnOwner(SequenceBatch sb, ForwardMode m) {
        buffers.beginCall();
        mode = m;
        steps = sb.steps();
        batch = sb.batch();
        hasH0 = sb.h0() != null;
        hasC0 = lstm && sb.c0() != null;
        hasLengths = sb.hasVariableLengths();
        hasMasks = sb.dropoutMasks() != null && layers > 1;
        if (batch == 0) return;
        // With the products on the GEMM a step kernel is element-wise, except for a projection's W_hr product: one
        // sequence per block then spreads it over the device (bigbi: 128 blocks instead of 16).
        int perBlock = gemmSteps && proj == 0 ? 1 : MAX_BATCH_PER_BLOCK;
        batchPerBlock = Math.min(perBlock, Math.min(batch, SHARED_FLOATS / sharedPerSequence));
        long tb = (long) steps * batch;
        buffers.uploadInput("x", sb.input(), tb * inputSize);
        long h0 = hasH0 ? buffers.uploadInput("h0", sb.h0(), states(ho)) : 0;
        long c0 = hasC0 ? buffers.uploadInput("c0", sb.c0(), states(h)) : 0;
        long lengths = 0;
        if (hasLengths) {
            lengths = buffers.allocate("lengths", batch);
            if (!buffers.unchangedCopy("lengths", sb.lengths())) {
                driver.copyToDevice(lengths, MemorySegment.ofArray(sb.lengths()), (long) batch * F, device.stream());
            }
        }
        if (hasMasks) {
            for (int k = 0; k < layers - 1; k++) buffers.uploadInput("mask" + k, sb.dropoutMasks()[k], tb * dirs * ho);
        }
        boolean keep = m.keepsHiddenStates();
        long hn = buffers.allocate("hn", states(ho)), cn = lstm ? buffers.allocate("cn", states(h)) : 0;
        long hstate = buffers.allocate("hstate", (long) dirs * batch * ho);
        long cstate = lstm ? buffers.allocate("cstate", (long) dirs * batch * h) : 0;
        long gi = buffers.allocate("gi", tb * dirs * gh);
        for (int k = 0; k < layers; k++) {
            int in = config.layerInputSize(k);
            products.gemm("nt", layerInput(k, true), in, 0, buffers.existing("wih" + k), in, 0, gi, dirs * gh, 0,
                    (int) tb, dirs * gh, in, 1, config.bias() ? buffers.existing("bih" + k) : 0, 0);
            seed(hstate, h0, layerOffset(k, ho), (long) dirs * batch * ho);
            if (lstm) seed(cstate, c0, layerOffset(k, h), (long) dirs * batch * h);
            long y = buffers.allocate("y" + k, tb * dirs * ho);
            setStepArguments(k, lengths);
            long rec = gemmSteps ? buffers.allocate("rec", (long) dirs * batch * gh) : 0;
            step.set("gi", gi).set("h", hstate).set("c", cstate).set("out", y).set("rec", rec);
            if (keep) {
                step.set("gates", buffers.allocate("gates" + k, tb * dirs * gh))
                        .set("cell", buffers.allocate("cell" + k, tb * dirs * h))
                        .set("hprev", buffers.allocate("hprev" + k, tb * dirs * ho));
                if (proj > 0) step.set("m", buffers.allocate("m" + k, tb * dirs * h));
            }
            long whh = buffers.existing("whh" + k);
            for (int s = 0; s < steps; s++) {
                // rec (D, B, GH) = h_{t-1} W_hhᵀ per direction; the step kernel adds b_hh and gi.
                if (gemmSteps) {
                    products.gemm("nt", hstate, ho, (long) batch * ho, whh, ho, (long) gh * ho, rec, gh,
                            (long) batch * gh, batch, gh, ho, dirs, 0, 0);
                }
                launchStep("rnnx_gated_step_fwd", s);
            }
            copy(hn + layerOffset(k, ho), hstate, (long) dirs * batch * ho);
            if (lstm) copy(cn + layerOffset(k, h), cstate, (long) dirs * batch * h);
        }
        driver.synchronize(device.stream());
    }

    /** Input of layer k: x, the masked output of layer k-1 (computed here when {@code compute}), or that output. */
    private long layerInput(int k, boolean compute) {
        if (k == 0) return buffers.existing("x");
        if (!hasMasks) return buffers.existing("y" + (k - 1));
        long n = (long) steps * batch * dirs * ho;
        long xm = buffers.allocate("xm" + k, n);
        if (compute) products.maskMultiply(buffers.existing("y" + (k - 1)), buffers.existing("mask" + (k - 1)), xm, n);
        return xm;
    }

    /** The arguments every step of layer k shares, forward and backward. */
    private void setStepArguments(int k, long lengths) {
        step.clear().set("w_hh_t", buffers.existing("whhT" + k)).set("w_hh", buffers.existing("whh" + k))
                .set("b_hh", config.bias() ? buffers.existing("bhh" + k) : 0)
                .set("w_hr_t", proj > 0 ? buffers.existing("whrT" + k) : 0)
                .set("w_hr", proj > 0 ? buffers.existing("whr" + k) : 0)
                .set("lengths", lengths).set("T", steps).set("B", batch).set("H", h).set("P", proj).set("D", dirs)
                .set("mode", lstm ? 0 : 1).set("batch_per_block", batchPerBlock);
    }

    private void launchStep(String kernel, int s) {
        step.set("step", s);
        int shared = batchPerBlock * sharedPerSequence * F;
        device.launch(kernel, DeviceProducts.ceil(batch, batchPerBlock), dirs, 1, THREADS, 1, 1, shared, step);
    }

    /** dst = the layer's slice of a (D·L, B, ·) state from the caller, or zeros when there is none. */
    private void seed(long dst, long src, long srcOffsetBytes, long floats) {
        if (src != 0) copy(dst, src + srcOffsetBytes, floats);
        else driver.fill32(dst, 0, floats, device.stream());
    }

    private void copy(long dst, long src, long floats) {
        driver.copyDeviceToDevice(dst, src, floats * F, device.stream());
    }

    private long states(int width) {
        return (long) config.stateCount() * batch * width;
    }

    /** Byte offset of layer k's (D, B, width) slice in a (D·L, B, width) state. */
    private long layerOffset(int k, int width) {
        return (long) k * dirs * batch * width * F;
    }

    // ---- backward ---------------------------------------------------------------------------------------------------

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        backward(gradOutput, gradHn, null);
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn, float[] gradCn) {
        if (gradCn != null && !lstm) throw new UnsupportedOperationException("only an LSTM has a cell state c_n");
        device.execute(() -> backwardOnOwner(gradOutput, gradHn, gradCn));
    }

    private void backwardOnOwner(float[] gradOutput, float[] gradHn, float[] gradCn) {
        buffers.beginCall();
        if (batch == 0) return;
        long tb = (long) steps * batch;
        // The top layer reads the upstream gradient from its own buffer, since g is overwritten layer by layer.
        long gout = gradOutput != null ? buffers.uploadInput("gout", gradOutput, tb * dirs * ho) : 0;
        long ghn = gradHn != null ? buffers.uploadInput("ghn", gradHn, states(ho)) : 0;
        long gcn = gradCn != null ? buffers.uploadInput("gcn", gradCn, states(h)) : 0;
        long g = layers > 1 ? buffers.allocate("g", tb * dirs * ho) : 0;
        long lengths = hasLengths ? buffers.existing("lengths") : 0;
        long gh0 = buffers.allocate("gh0", states(ho)), gc0 = lstm ? buffers.allocate("gc0", states(h)) : 0;
        long dstate = buffers.allocate("dstate", (long) dirs * batch * ho);
        long cstate = lstm ? buffers.existing("cstate") : 0;
        if (layerDone == 0) {
            layerDone = driver.createEvent();
            sideDone = driver.createEvent();
        }
        for (int k = layers - 1; k >= 0; k--) {
            int in = config.layerInputSize(k);
            seed(dstate, ghn, layerOffset(k, ho), (long) dirs * batch * ho);
            if (lstm) seed(cstate, gcn, layerOffset(k, h), (long) dirs * batch * h);
            long gradH = buffers.allocate("gradh" + k, tb * dirs * ho);
            long gradC = lstm ? buffers.allocate("gradc" + k, tb * dirs * h) : 0;
            long dih = buffers.allocate("dih" + k, tb * dirs * gh);
            long dhh = lstm ? dih : buffers.allocate("dhh" + k, tb * dirs * gh);
            long hprev = buffers.existing("hprev" + k);
            setStepArguments(k, lengths);
            step.set("h", dstate).set("c", cstate).set("gates", buffers.existing("gates" + k))
                    .set("cell", buffers.existing("cell" + k)).set("hprev", hprev)
                    .set("grad_out", k == layers - 1 ? gout : g).set("grad_h", gradH).set("grad_c", gradC)
                    .set("delta_ih", dih).set("delta_hh", dhh)
                    .set("c0", hasC0 ? buffers.existing("c0") + layerOffset(k, h) : 0);
            long whh = buffers.existing("whh" + k);
            long dstep = gemmSteps ? buffers.allocate("dstep", (long) dirs * batch * gh) : 0;
            step.set("dstep", dstep);
            for (int r = 0; r < steps; r++) {
                launchStep("rnnx_gated_step_bwd", r);
                // dL/dh_{t-1} += δ_hh W_hh per direction, onto what the step left there (GRU: dL/dh_t ⊙ z); idle
                // sequences have zero rows in dstep and keep their carried value.
                if (gemmSteps) {
                    products.gemmAdd("nn", dstep, gh, (long) batch * gh, whh, ho, (long) gh * ho, dstate, ho,
                            (long) batch * ho, batch, ho, gh, dirs);
                }
            }
            copy(gh0 + layerOffset(k, ho), dstate, (long) dirs * batch * ho);
            if (lstm) copy(gc0 + layerOffset(k, h), cstate, (long) dirs * batch * h);

            // dL/d(layer input) = delta_ih W_ih: into gx for layer 0, else into g (times the mask) for the layer below.
            long layerIn = layerInput(k, false);
            long dst = k == 0 ? buffers.allocate("gx", tb * inputSize) : g;
            products.gemm("nn", dih, dirs * gh, 0, buffers.existing("wih" + k), in, 0, dst, in, 0, (int) tb, in,
                    dirs * gh, 1, 0, k > 0 && hasMasks ? buffers.existing("mask" + (k - 1)) : 0);
            // Weight gradients over the whole sequence: dW_ih = delta_ihᵀ X, dW_hh = delta_hhᵀ H_prev per direction,
            // dW_hr = (dL/dh)ᵀ M per direction, the biases as column sums. On the side stream, as the RNN's: they
            // overlap the layer below's steps. Everything they read is layer k's own buffer (dih, dhh, hprev, gradh,
            // m, the layer's input), which nothing later in this pass writes.
            driver.recordEvent(layerDone, device.stream());
            long dwih = buffers.allocate("dwih" + k, (long) dirs * gh * in), dwhh = buffers.allocate("dwhh" + k, (long) dirs * gh * ho);
            long dwhr = proj > 0 ? buffers.allocate("dwhr" + k, (long) dirs * proj * h) : 0;
            long dbih = config.bias() ? buffers.allocate("dbih" + k, (long) dirs * gh) : 0;
            long dbhh = config.bias() ? buffers.allocate("dbhh" + k, (long) dirs * gh) : 0;
            long m = proj > 0 ? buffers.existing("m" + k) : 0;
            device.onSideStream(layerDone, () -> {
                products.gemm("tn", dih, dirs * gh, 0, layerIn, in, 0, dwih, in, 0, dirs * gh, in, (int) tb, 1, 0, 0);
                products.gemm("tn", dhh, dirs * gh, gh, hprev, dirs * ho, ho, dwhh, ho, (long) gh * ho, gh, ho, (int) tb,
                        dirs, 0, 0);
                if (dwhr != 0) {
                    products.gemm("tn", gradH, dirs * ho, ho, m, dirs * h, h, dwhr, h, (long) proj * h, proj, h, (int) tb,
                            dirs, 0, 0);
                }
                if (dbih != 0) {
                    products.columnSums(dih, dbih, (int) tb, dirs * gh);
                    products.columnSums(dhh, dbhh, (int) tb, dirs * gh);
                }
            });
        }
        device.joinSideStream(sideDone);
        driver.synchronize(device.stream());
    }

    // ---- reads ------------------------------------------------------------------------------------------------------

    @Override
    public void readOutput(float[] dst) {
        read(dst, "y" + (layers - 1));
    }

    @Override
    public void readFinalHidden(float[] dst) {
        read(dst, "hn");
    }

    @Override
    public void readFinalCell(float[] dst) {
        requireLstm();
        read(dst, "cn");
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        readColumns("y" + layer, dirs * ho, direction * ho, ho, dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        throw new UnsupportedOperationException(config.mode().moduleName() + " has gates, not one pre-activation a_t");
    }

    @Override
    public void readCell(int layer, int direction, float[] dst) {
        requireLstm();
        readColumns("cell" + layer, dirs * h, direction * h, h, dst);
    }

    @Override
    public void readGate(int layer, int direction, int gate, float[] dst) {
        readColumns("gates" + layer, dirs * gh, direction * gh + gate * h, h, dst);
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        readColumns("gradh" + layer, dirs * ho, direction * ho, ho, dst);
    }

    @Override
    public void readGradCell(int layer, int direction, float[] dst) {
        requireLstm();
        readColumns("gradc" + layer, dirs * h, direction * h, h, dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        read(dst, "gx");
    }

    @Override
    public void readGradH0(float[] dst) {
        read(dst, "gh0");
    }

    @Override
    public void readGradC0(float[] dst) {
        requireLstm();
        read(dst, "gc0");
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        device.execute(() -> {
            for (int k = 0; k < layers; k++) {
                int in = config.layerInputSize(k);
                for (int d = 0; d < dirs; d++) {
                    readPart(dst.weightIh(k, d), "dwih" + k, d);
                    readPart(dst.weightHh(k, d), "dwhh" + k, d);
                    if (config.bias()) {
                        readPart(dst.biasIh(k, d), "dbih" + k, d);
                        readPart(dst.biasHh(k, d), "dbhh" + k, d);
                    }
                    if (proj > 0) readPart(dst.weightHr(k, d), "dwhr" + k, d);
                }
            }
        });
    }

    /** Direction d's block of a gradient buffer holding both directions' blocks one after the other; zeros for B = 0. */
    private void readPart(float[] dst, String key, int d) {
        if (batch == 0) Arrays.fill(dst, 0f);
        else buffers.download(dst, buffers.existing(key) + (long) d * dst.length * F, dst.length);
    }

    /** The whole buffer (the seam checked dst's length). */
    private void read(float[] dst, String key) {
        device.execute(() -> {
            if (batch != 0) buffers.download(dst, buffers.existing(key), dst.length);
        });
    }

    /** Columns [offset, offset + width) of every row of a (T·B, rowWidth) buffer into dst (T·B, width). */
    private void readColumns(String key, int rowWidth, int offset, int width, float[] dst) {
        device.execute(() -> {
            if (batch != 0) buffers.downloadColumns(buffers.existing(key), (long) steps * batch, rowWidth, offset, width, dst);
        });
    }

    private void requireLstm() {
        if (!lstm) throw new UnsupportedOperationException("only an LSTM has a cell state");
    }

    @Override
    public void assumeUnchangedInputs(boolean unchanged) {
        device.execute(() -> buffers.assumeUnchanged(unchanged));
    }

    @Override
    public String describe() {
        String products = gemmSteps ? "recurrent products on the tiled GEMM" : "recurrent products in the step kernel";
        return mode == null ? "gated per-step kernels" : "forward and backward gated per-step, " + products
                + ", batch tiles of " + batchPerBlock;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.execute(() -> {
            buffers.freeAll();
            for (long e : new long[] {layerDone, sideDone}) {
                try {
                    if (e != 0) driver.destroyEvent(e);
                } catch (CudaException ignored) {
                    // a poisoned context refuses this too; the events go with it
                }
            }
        });
        arena.close();
    }
}
