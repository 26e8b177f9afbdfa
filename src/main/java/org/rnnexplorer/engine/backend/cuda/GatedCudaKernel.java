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
import java.util.List;
import java.util.Locale;

/**
 * LSTM (with proj_size) and GRU on the GPU, computing what {@code GatedReferenceMath} defines. Per layer: the input
 * projection of all steps and both directions as one product ({@code gi = X·W_ihᵀ + b_ih}, the tiled GEMM), then the
 * recurrence as {@link GatedPlan} says: LSTM without projection and GRU in ONE persistent launch for all steps where
 * W_hh's slices fit in shared memory ({@code rnnx_gated_block|cluster|grid_fwd}, gated_persist.cuh), otherwise (and
 * always with a projection) one launch per step of {@code rnnx_gated_step_fwd} (gated.cuh). Both fuse the recurrent
 * product of every gate block, the gate nonlinearities and the cell update. Backward keeps the gate activations of the
 * forward pass (nothing is recomputed: the weight gradients need them anyway), runs the recurrence the same way
 * ({@code _bwd}), then the layer input's gradient and, on the side stream, the weight gradients as products over the
 * whole sequence. The first call of a shape times every candidate plan and keeps the fastest (autotuning, as
 * {@link CudaKernel} does; {@value GatedPlan#PATH_PROPERTY} forces a path).
 *
 * <p>{@code auto} keeps choosing simd for gated models until a device run has checked and timed these kernels.
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

    private final RnnConfig config;
    private final CudaDevice device;
    private final CudaDriver driver;
    private final boolean lstm;
    private final int layers, dirs, h, ho, proj, gh, inputSize;
    private final GatedPlan.Request request;
    /** Time the candidate plans at the first call of a shape and keep the fastest; only when nothing is forced. */
    private final boolean autotune;
    private final Arena arena = Arena.ofShared();
    private final KernelArgs step;
    private final DeviceProducts products;
    private final DeviceBuffers<String> buffers;

    private boolean closed;
    private ForwardMode mode;
    private int steps, batch;
    private boolean hasH0, hasC0, hasMasks, hasLengths;
    private GatedPlan forwardPlan, backwardPlan;
    private int plannedBatch = -1;
    private boolean forwardTuned, backwardTuned;
    private String forwardTuning = "", backwardTuning = "";
    private long tuneStart, tuneEnd;
    /** Backward: the main stream's progress for the side stream to wait on, and the side stream's end. */
    private long layerDone, sideDone;

    GatedCudaKernel(RnnConfig config, CudaDevice device, GatedPlan.Request request) {
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
        int sharedPerSequence = ho + (proj > 0 ? h : 0);  // floats of the per-step kernels: the state, and m
        if (sharedPerSequence * F > GatedPlan.STEP_SHARED_BYTES) {
            throw new IllegalArgumentException("the gated CUDA kernels hold one sequence's state in 48 KB of shared memory: "
                    + config.torchRepr() + " needs " + sharedPerSequence * F / 1024 + " KB");
        }
        this.request = request;
        autotune = request.isAuto() && !"false".equalsIgnoreCase(System.getProperty(CudaKernel.AUTOTUNE_PROPERTY));
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
        plan();
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
            int layer = k;
            Runnable seedState = () -> {
                seed(hstate, h0, layerOffset(layer, ho), (long) dirs * batch * ho);
                if (lstm) seed(cstate, c0, layerOffset(layer, h), (long) dirs * batch * h);
            };
            long y = buffers.allocate("y" + k, tb * dirs * ho);
            setStepArguments(k, lengths);
            step.set("gi", gi).set("h", hstate).set("c", cstate).set("out", y);
            if (keep) {
                step.set("gates", buffers.allocate("gates" + k, tb * dirs * gh))
                        .set("cell", buffers.allocate("cell" + k, tb * dirs * h))
                        .set("hprev", buffers.allocate("hprev" + k, tb * dirs * ho));
                if (proj > 0) step.set("m", buffers.allocate("m" + k, tb * dirs * h));
            }
            if (!forwardTuned) {
                forwardPlan = tune(forwardPlan, false, seedState, k);
                forwardTuned = true;
            }
            seedState.run();
            forwardPlan = recurrence(forwardPlan, false, k);
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
                .set("mode", lstm ? 0 : 1);
    }

    // ---- plans, launches and autotuning ------------------------------------------------------------------------------

    private GatedPlan.Shape shape() {
        return shape(config, batch);
    }

    /** The layer shape the planner needs, of this configuration at this batch size. */
    static GatedPlan.Shape shape(RnnConfig config, int batch) {
        return new GatedPlan.Shape(config.mode() == CellMode.LSTM, config.hiddenSize(), config.projSize(), batch,
                config.numDirections());
    }

    /** The planner's forward and backward plans for this batch size (autotuning may replace them at the first call). */
    private void plan() {
        if (plannedBatch == batch && forwardPlan != null) return;
        forwardPlan = GatedPlan.choose(shape(), device.caps(), request, false, device);
        backwardPlan = GatedPlan.choose(shape(), device.caps(), request, true, device);
        forwardTuned = backwardTuned = !autotune;
        forwardTuning = backwardTuning = "";
        plannedBatch = batch;
    }

    /**
     * Runs one layer's recurrence (all {@code T} in {@link #step}) with the plan. Under AUTO a persistent launch the
     * driver refuses (cluster or cooperative limits) falls back to the per-step kernels, and the returned plan says
     * so; a forced path throws instead. A refused launch runs nothing, so the seeded state is still in place.
     */
    private GatedPlan recurrence(GatedPlan plan, boolean backward, int layer) {
        int result = launchPlan(plan, backward, steps, layer);
        if (result == CudaDriver.CUDA_SUCCESS) return plan;
        if (request.path() != RecurrencePath.AUTO || !CudaKernel.isLaunchConfigurationError(result)) {
            driver.check(result, "launch " + plan.kernelName(backward) + " [" + plan.describe() + "]");
        }
        GatedPlan fallback = GatedPlan.stepPlan(shape(), plan.path().key() + " launch refused: " + driver.errorName(result),
                request.stepGemm());
        launchPlan(fallback, backward, steps, layer);
        return fallback;
    }

    /** Launches the plan's kernel(s) for {@code t} steps of layer {@code layer} with the arguments in {@link #step}; the CUresult. */
    private int launchPlan(GatedPlan plan, boolean backward, int t, int layer) {
        step.set("batch_per_block", plan.batchPerGroup()).set("units_per_block", plan.unitsPerBlock())
                .set("blocks_per_group", plan.blocksPerGroup()).set("slices", plan.slices()).set("rec", 0L).set("dstep", 0L);
        String kernel = plan.kernelName(backward);
        return switch (plan.path()) {
            case STEP -> {
                // With stepGemm each step's recurrent products run on the tiled GEMM, both directions in one launch:
                // forward rec (D, B, GH) = h_{t-1} W_hhᵀ before the step kernel, which adds b_hh and gi; backward
                // dL/dh_{t-1} += dstep W_hh after it, onto what it left there (GRU: dL/dh_t ⊙ z; idle sequences have
                // zero rows in dstep and keep their carried value).
                long whh = buffers.existing("whh" + layer);
                long state = buffers.existing(backward ? "dstate" : "hstate");
                long rec = plan.stepGemm() && !backward ? buffers.allocate("rec", (long) dirs * batch * gh) : 0;
                long dstep = plan.stepGemm() && backward ? buffers.allocate("dstep", (long) dirs * batch * gh) : 0;
                step.set("rec", rec).set("dstep", dstep);
                for (int s = 0; s < t; s++) {
                    step.set("step", s);
                    if (rec != 0) {
                        products.gemm("nt", state, ho, (long) batch * ho, whh, ho, (long) gh * ho, rec, gh,
                                (long) batch * gh, batch, gh, ho, dirs, 0, 0);
                    }
                    device.launch(kernel, plan.gridX(), dirs, 1, plan.threads(), 1, 1, plan.sharedBytes(), step);
                    if (dstep != 0) {
                        products.gemmAdd("nn", dstep, gh, (long) batch * gh, whh, ho, (long) gh * ho, state, ho,
                                (long) batch * ho, batch, ho, gh, dirs);
                    }
                }
                yield CudaDriver.CUDA_SUCCESS;
            }
            case BLOCK -> {
                device.launch(kernel, plan.gridX(), dirs, 1, plan.threads(), 1, 1, plan.sharedBytes(), step);
                yield CudaDriver.CUDA_SUCCESS;
            }
            case CLUSTER -> device.launchClusters(kernel, plan.gridX(), dirs, plan.threads(), plan.sharedBytes(),
                    plan.blocksPerGroup(), step);
            case GRID -> {
                // The exchange buffer of both directions, large enough for backward's deltas (G·H per sequence).
                step.set("exch", buffers.allocate("exch", 2L * dirs * batch * gh));
                yield device.launchCooperative(kernel, plan.gridX(), dirs, plan.threads(), plan.sharedBytes(), step);
            }
            default -> throw new IllegalStateException(plan.path().toString());
        };
    }

    /**
     * Autotuning: times every candidate plan of this layer shape ({@link GatedPlan#candidates}) on the arguments
     * already in {@link #step}, each run starting from the state {@code seedState} writes (the kernels update the
     * running state in place), and returns the fastest; {@code fallback} when there is nothing to choose or nothing
     * ran. Choices are remembered per shape on this device, as {@link CudaKernel} remembers the RNN's.
     */
    private GatedPlan tune(GatedPlan fallback, boolean backward, Runnable seedState, int layer) {
        String key = "gated " + (backward ? "bwd " : "fwd ") + (lstm ? "lstm" : "gru") + " H" + h + " P" + proj + " B"
                + batch + " D" + dirs + (hasLengths ? " lengths" : "");
        GatedPlan known = device.tunedGatedPlan(key);
        if (known != null) {
            setTuning(backward, "autotuned earlier for this shape");
            return known;
        }
        List<GatedPlan> candidates = GatedPlan.candidates(shape(), device.caps(), backward, device);
        if (candidates.size() < 2) return fallback;
        // A prefix of the sequence: the per-step cost decides (with variable lengths the kernels run whole).
        int tuneSteps = hasLengths ? steps : Math.min(steps, CudaKernel.TUNE_STEPS);
        step.set("T", tuneSteps);
        try {
            if (tuneStart == 0) {
                tuneStart = driver.createEvent();
                tuneEnd = driver.createEvent();
            }
            String prefix = String.format(Locale.ROOT, "rnnx autotune gated %s %s H=%d B=%d T=%d D=%d",
                    backward ? "bwd" : "fwd", lstm ? "lstm" : "gru", h, batch, tuneSteps, dirs);
            CandidateTimer.Result<GatedPlan> r = CandidateTimer.fastest(driver, device.stream(), tuneStart, tuneEnd,
                    candidates, c -> {
                        seedState.run();
                        return launchPlan(c, backward, tuneSteps, layer);
                    }, GatedPlan::describe, prefix);
            GatedPlan best = r.best();
            int timed = r.timed();
            if (best == null) return fallback;
            device.rememberTunedGatedPlan(key, best);
            setTuning(backward, String.format(Locale.ROOT, "autotuned: fastest of %d plans", timed));
            return best;
        } finally {
            step.set("T", steps);
        }
    }

    private void setTuning(boolean backward, String note) {
        if (backward) backwardTuning = note;
        else forwardTuning = note;
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
        if (layerDone == 0) {
            layerDone = driver.createEvent();
            sideDone = driver.createEvent();
        }
        long dstate = buffers.allocate("dstate", (long) dirs * batch * ho);
        long cstate = lstm ? buffers.existing("cstate") : 0;
        for (int k = layers - 1; k >= 0; k--) {
            int in = config.layerInputSize(k);
            int layer = k;
            Runnable seedState = () -> {
                seed(dstate, ghn, layerOffset(layer, ho), (long) dirs * batch * ho);
                if (lstm) seed(cstate, gcn, layerOffset(layer, h), (long) dirs * batch * h);
            };
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
            if (!backwardTuned) {
                backwardPlan = tune(backwardPlan, true, seedState, k);
                backwardTuned = true;
            }
            seedState.run();
            backwardPlan = recurrence(backwardPlan, true, k);
            copy(gh0 + layerOffset(k, ho), dstate, (long) dirs * batch * ho);
            if (lstm) copy(gc0 + layerOffset(k, h), cstate, (long) dirs * batch * h);

            // dL/d(layer input) = delta_ih W_ih: into gx for layer 0, else into g (times the mask) for the layer below.
            long layerIn = layerInput(k, false);
            long dst = k == 0 ? buffers.allocate("gx", tb * inputSize) : g;
            products.gemm("nn", dih, dirs * gh, 0, buffers.existing("wih" + k), in, 0, dst, in, 0, (int) tb, in,
                    dirs * gh, 1, 0, k > 0 && hasMasks ? buffers.existing("mask" + (k - 1)) : 0);
            // Weight gradients over the whole sequence: dW_ih = delta_ihᵀ X, dW_hh = delta_hhᵀ H_prev per direction,
            // dW_hr = (dL/dh)ᵀ M per direction, the biases as column sums. On the side stream, as CudaKernel does:
            // they overlap the layer below's recurrence, which leaves most multiprocessors idle. Everything they read
            // is layer k's own buffer (or its input, which backward never writes), so the main stream may go on.
            long dwih = buffers.allocate("dwih" + k, (long) dirs * gh * in);
            long dwhh = buffers.allocate("dwhh" + k, (long) dirs * gh * ho);
            long dwhr = proj > 0 ? buffers.allocate("dwhr" + k, (long) dirs * proj * h) : 0;
            long m = proj > 0 ? buffers.existing("m" + k) : 0;
            long dbih = config.bias() ? buffers.allocate("dbih" + k, (long) dirs * gh) : 0;
            long dbhh = config.bias() ? buffers.allocate("dbhh" + k, (long) dirs * gh) : 0;
            driver.recordEvent(layerDone, device.stream());
            device.onSideStream(layerDone, () -> {
                products.gemm("tn", dih, dirs * gh, 0, layerIn, in, 0, dwih, in, 0, dirs * gh, in, (int) tb, 1, 0, 0);
                products.gemm("tn", dhh, dirs * gh, gh, hprev, dirs * ho, ho, dwhh, ho, (long) gh * ho, gh, ho, (int) tb,
                        dirs, 0, 0);
                if (proj > 0) {
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
        String f = forwardPlan == null ? "not run" : "gated " + forwardPlan.describe() + tuned(forwardTuning);
        String b = backwardPlan == null || !backwardTuned && autotune ? "not run"
                : "gated " + backwardPlan.describe() + tuned(backwardTuning);
        return "forward " + f + "; backward " + b;
    }

    private static String tuned(String note) {
        return note.isEmpty() ? "" : " (" + note + ")";
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.execute(() -> {
            buffers.freeAll();
            for (long e : new long[] {tuneStart, tuneEnd, layerDone, sideDone}) {
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
