package org.rnnexplorer.engine.backend.cuda;

import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link RnnKernel} on the GPU. Parameters, activations and gradients live in device buffers owned by this kernel
 * and reused while shapes repeat; only inputs are uploaded per call and results are downloaded only when read.
 * Every public method runs its CUDA calls on the device's owner thread and returns when the GPU has finished.
 * The contract (call order, array lengths, layer and direction in range) is checked by the engine's wrapper
 * before a call arrives here.
 *
 * <p>Device buffers (row-major, DH = D*H, TB = T*B):
 * <pre>
 * wih[k]  (DH, in_k)    W_ih of both directions stacked, so one product projects both
 * whh[k]  (D, H, H)     bias[k] (DH) = b_ih + b_hh
 * x (TB, I)  h0 (D*L, B, H)  lengths (B)  mask k (TB, DH)  xm k (TB, DH) = y[k-1] * mask k-1
 * proj    (TB, DH)      x_k W_ih^T + bias; one per layer in TRACE mode, where it becomes a_t
 * y[k]    (TB, DH)      layer k's output h_t (two alternating scratch buffers below the top in INFERENCE)
 * hn (D*L, B, H)   exch (2, D, B, H)
 * G (TB, DH)            dL/d(output of the layer being differentiated); overwritten layer by layer
 * gh[k] (TB, DH)        dL/dh_t   delta[k] (TB, DH) dL/da_t   hprev (TB, DH)   gx (TB, I)   gh0 (D*L, B, H)
 * dwih[k], dwhh[k], db[k]  gradients, same layouts as the parameters
 * </pre>
 */
final class CudaKernel implements RnnKernel {
    private static final int F = 4;  // bytes per float

    private final RnnConfig config;
    private final CudaDevice device;
    private final CudaDriver driver;
    private final RecurrencePlan.Request request;
    /**
     * Time the candidate plans the first time a layer shape runs on the device and keep the fastest
     * ({@value #AUTOTUNE_PROPERTY}); only when nothing is forced.
     */
    private final boolean autotune;
    private final int layers, dirs, hidden, inputSize, dh;
    private final Arena arena = Arena.ofShared();
    private final KernelArgs rec, gather;
    private final DeviceProducts products;
    private final DeviceBuffers<BufferKey> buffers;

    private boolean closed;
    private ForwardMode mode;
    private int steps, batch;
    private boolean hasH0, hasMasks, hasLengths;
    private RecurrencePlan forwardPlan, backwardPlan;
    private final PhaseTimer timer = new PhaseTimer();
    private String forwardProfile = "", backwardProfile = "";
    private int plannedBatch = -1;
    private boolean forwardTuned, backwardTuned;
    private String forwardTuning = "", backwardTuning = "";
    private long tuneStart, tuneEnd;
    private int timedCandidates;
    /** Backward: the main stream's progress for the side stream to wait on, and the side stream's end. */
    private long layerDone, sideDone;

    /** Steps of the sequence autotuning times (the first ones). */
    static final int TUNE_STEPS = 256;
    /** System property: "false" turns autotuning off (the planner's default plan runs). */
    static final String AUTOTUNE_PROPERTY = "rnnx.cuda.autotune";
    /** System property: "true" logs every timed candidate (System.Logger, INFO). */
    static final String AUTOTUNE_LOG_PROPERTY = "rnnx.cuda.autotune.log";

    CudaKernel(RnnConfig config, CudaDevice device, RecurrencePlan.Request request) {
        this.config = config;
        this.device = device;
        this.driver = device.driver();
        this.request = request;
        this.autotune = request.isAuto() && !"false".equalsIgnoreCase(System.getProperty(AUTOTUNE_PROPERTY));
        this.layers = config.numLayers();
        this.dirs = config.numDirections();
        this.hidden = config.hiddenSize();
        this.inputSize = config.inputSize();
        this.dh = dirs * hidden;
        rec = new KernelArgs(KernelArgs.RECURRENCE, arena);
        gather = new KernelArgs(KernelArgs.GATHER, arena);
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
        run(() -> {
            buffers.beginCall();
            for (int k = 0; k < layers; k++) {
                int in = config.layerInputSize(k);
                long wih = allocate(key(Slot.WIH, k), (long) dh * in);
                long whh = allocate(key(Slot.WHH, k), (long) dirs * hidden * hidden);
                for (int d = 0; d < dirs; d++) {
                    upload(wih + (long) d * hidden * in * F, p.weightIh(k, d), hidden * in);
                    upload(whh + (long) d * hidden * hidden * F, p.weightHh(k, d), hidden * hidden);
                }
                if (config.bias()) {
                    float[] b = new float[dh];
                    for (int d = 0; d < dirs; d++) {
                        float[] bih = p.biasIh(k, d), bhh = p.biasHh(k, d);
                        for (int i = 0; i < hidden; i++) b[d * hidden + i] = bih[i] + bhh[i];
                    }
                    upload(allocate(key(Slot.BIAS, k), dh), b, dh);
                }
            }
            driver.synchronize(device.stream());
        });
    }

    // ---- forward ----------------------------------------------------------------------------------------------------

    @Override
    public void forward(SequenceBatch batch, ForwardMode mode) {
        run(() -> forwardOnOwner(batch, mode));
    }

    private void forwardOnOwner(SequenceBatch sb, ForwardMode m) {
        buffers.beginCall();
        mode = m;
        steps = sb.steps();
        batch = sb.batch();
        hasH0 = sb.h0() != null;
        hasLengths = sb.hasVariableLengths();
        hasMasks = sb.dropoutMasks() != null && layers > 1;
        if (batch == 0) return;
        long started = System.nanoTime();
        timer.reset();
        long tb = (long) steps * batch;
        long mark = timer.begin();
        uploadInput(key(Slot.X), sb.input(), tb * inputSize);
        long h0 = hasH0 ? uploadInput(key(Slot.H0), sb.h0(), stateSize()) : 0;
        long lengths = 0;
        if (hasLengths) {
            lengths = allocate(key(Slot.LENGTHS), batch);
            if (!unchangedCopy(key(Slot.LENGTHS), sb.lengths())) {
                driver.copyToDevice(lengths, MemorySegment.ofArray(sb.lengths()), (long) batch * F, device.stream());
            }
        }
        if (hasMasks) {
            for (int k = 0; k < layers - 1; k++) uploadInput(key(Slot.MASK, k), sb.dropoutMasks()[k], tb * dh);
        }
        timer.end(mark, "upload");
        plan();
        long hn = allocate(key(Slot.HN), stateSize());
        for (int k = 0; k < layers; k++) {
            int in = config.layerInputSize(k);
            mark = timer.begin();
            long layerIn = layerInput(k, true);
            long proj = m.keepsPreactivations() ? allocate(key(Slot.PROJ, k), tb * dh) : allocate(key(Slot.PROJ), tb * dh);
            gemm("nt", layerIn, in, 0, existing(key(Slot.WIH, k)), in, 0, proj, dh, 0, (int) tb, dh, in, 1,
                    config.bias() ? existing(key(Slot.BIAS, k)) : 0, 0);
            timer.end(mark, "proj");
            mark = timer.begin();
            rec.clear();
            common(rec, k, lengths);
            rec.set("proj", proj).set("out", output(k)).set("trace", m.keepsPreactivations() ? 1 : 0)
                    .set("h0", hasH0 ? h0 + layerStateOffset(k) : 0).set("hn", hn + layerStateOffset(k));
            if (!forwardTuned) {
                rec.set("trace", 0);  // timed launches must not overwrite proj (TRACE turns it into a_t)
                forwardPlan = tune(forwardPlan, false);
                rec.set("trace", m.keepsPreactivations() ? 1 : 0);
                forwardTuned = true;
            }
            forwardPlan = recurrence(forwardPlan, false, hasH0 ? h0 + layerStateOffset(k) : 0, hn + layerStateOffset(k));
            timer.end(mark, "rec");
        }
        driver.synchronize(device.stream());
        forwardProfile = timer.summary(started);
    }

    /** Input of layer k: x, the masked output of layer k-1 (computed here when {@code compute}), or that output. */
    private long layerInput(int k, boolean compute) {
        long tb = (long) steps * batch;
        if (k == 0) return existing(key(Slot.X));
        if (!hasMasks) return output(k - 1);
        long xm = allocate(key(Slot.XM, k), tb * dh);
        if (compute) {
            products.maskMultiply(output(k - 1), existing(key(Slot.MASK, k - 1)), xm, tb * dh);
        }
        return xm;
    }

    /** y[k]; below the top layer INFERENCE alternates two scratch buffers, since nothing is read from them later. */
    private long output(int k) {
        long size = (long) steps * batch * dh;
        if (mode.keepsHiddenStates() || k == layers - 1) return allocate(key(Slot.Y, k), size);
        return allocate(key(Slot.YSCRATCH, k % 2), size);
    }

    private long stateSize() {
        return (long) config.stateCount() * batch * hidden;
    }

    private long layerStateOffset(int k) {
        return (long) k * dirs * batch * hidden * F;
    }

    private void common(KernelArgs a, int k, long lengths) {
        a.set("w_hh", existing(key(Slot.WHH, k))).set("lengths", lengths).set("T", steps).set("B", batch).set("H", hidden)
                .set("D", dirs).set("act", config.nonlinearity() == Nonlinearity.RELU ? 1 : 0);
    }

    private void plan() {
        if (plannedBatch == batch && forwardPlan != null && backwardPlan != null) return;
        DeviceCaps caps = device.caps();
        forwardPlan = RecurrencePlan.choose(hidden, batch, dirs, caps, request, false, device);
        backwardPlan = RecurrencePlan.choose(hidden, batch, dirs, caps, request, true, device);
        forwardTuned = backwardTuned = !autotune;
        forwardTuning = backwardTuning = "";
        plannedBatch = batch;
    }

    /**
     * Autotuning: times every candidate plan of this layer shape (RecurrencePlan.candidates) on the arguments already
     * in {@link #rec}, each launch repeated (a recurrence launch only reads its inputs and overwrites its outputs),
     * and returns the fastest; {@code fallback} when there is nothing to choose or nothing ran. As
     * {@code torch.backends.cudnn.benchmark} does for cuDNN, but on by default: the candidates differ only in how
     * threads share the work, and every one of them is checked against the reference by selftest.
     */
    private RecurrencePlan tune(RecurrencePlan fallback, boolean backward) {
        // Choices are remembered per layer shape on this device, so every kernel of that shape reuses them (the input
        // size and the activation do not change a plan's per-step cost).
        String key = (backward ? "bwd" : "fwd") + " H" + hidden + " B" + batch + " D" + dirs + (hasLengths ? " lengths" : "");
        RecurrencePlan known = device.tunedPlan(key);
        if (known != null) {
            setTuning(backward, "autotuned earlier for this shape");
            return known;
        }
        List<RecurrencePlan> candidates = RecurrencePlan.candidates(hidden, batch, dirs, device.caps(), backward, device);
        if (candidates.size() < 2) return fallback;
        // Time a prefix of the sequence: the per-step cost decides, and a long sequence would make tuning slow. (With
        // variable lengths the kernels walk each sequence's own length, so they run whole.)
        int tuneSteps = hasLengths ? steps : Math.min(steps, TUNE_STEPS);
        rec.set("T", tuneSteps);
        try {
            RecurrencePlan best = timeCandidates(candidates, backward, tuneSteps);
            if (best == null) return fallback;
            device.rememberTunedPlan(key, best);
            setTuning(backward, String.format(Locale.ROOT, "autotuned: fastest of %d plans", timedCandidates));
            return best;
        } finally {
            rec.set("T", steps);
        }
    }

    private void setTuning(boolean backward, String note) {
        if (backward) backwardTuning = note;
        else forwardTuning = note;
    }

    /** The fastest candidate on the arguments in {@link #rec}, or null when none ran. */
    private RecurrencePlan timeCandidates(List<RecurrencePlan> candidates, boolean backward, int tuneSteps) {
        if (tuneStart == 0) {
            tuneStart = driver.createEvent();
            tuneEnd = driver.createEvent();
        }
        String prefix = String.format(Locale.ROOT, "rnnx autotune %s H=%d B=%d T=%d D=%d", backward ? "bwd" : "fwd",
                hidden, batch, tuneSteps, dirs);
        CandidateTimer.Result<RecurrencePlan> r = CandidateTimer.fastest(driver, device.stream(), tuneStart, tuneEnd,
                candidates, c -> launchPlan(c, backward), RecurrencePlan::describe, prefix);
        timedCandidates = r.timed();
        return r.best();
    }

    /** Launches a persistent plan's kernel with the arguments in {@link #rec}; the CUresult (BLOCK throws). */
    private int launchPlan(RecurrencePlan plan, boolean backward) {
        setPlanArguments(plan);
        String kernel = plan.kernelName(backward);
        return switch (plan.path()) {
            case BLOCK -> {
                device.launch(kernel, plan.groups(), dirs, 1, plan.threads(), 1, 1, plan.sharedBytes(), rec);
                yield CudaDriver.CUDA_SUCCESS;
            }
            case CLUSTER -> device.launchClusters(kernel, plan.gridX(hidden, batch), dirs, plan.threads(),
                    plan.sharedBytes(), plan.blocksPerGroup(), rec);
            case GRID -> device.launchCooperative(kernel, plan.gridX(hidden, batch), dirs, plan.threads(),
                    plan.sharedBytes(), rec);
            default -> throw new IllegalStateException(plan.path().toString());
        };
    }

    /** The plan's share of {@link #rec}; the grid and per-step paths also exchange the state through {@code exch}. */
    private void setPlanArguments(RecurrencePlan plan) {
        rec.set("units_per_block", plan.unitsPerBlock()).set("blocks_per_group", plan.blocksPerGroup())
                .set("batch_per_group", plan.batchPerGroup()).set("chunk_rows", plan.chunkRows());
        if (plan.path() == RecurrencePath.GRID || plan.path() == RecurrencePath.STEP) {
            rec.set("exch", allocate(key(Slot.EXCH), 2L * dirs * batch * hidden));
        }
    }

    /**
     * Launches one layer's recurrence with the arguments already in {@link #rec}. Under AUTO, a persistent launch
     * the driver refuses (cluster or cooperative limits) falls back to the per-step path, and the returned plan says
     * so; a forced path throws instead.
     *
     * @param h0 the layer's h0 (forward) or 0; hn the layer's h_n (forward) or 0
     */
    private RecurrencePlan recurrence(RecurrencePlan plan, boolean backward, long h0, long hn) {
        if (plan.path() == RecurrencePath.STEP) {
            setPlanArguments(plan);
            stepPath(backward, h0, hn);
            return plan;
        }
        String kernel = plan.kernelName(backward);
        int result = launchPlan(plan, backward);
        if (result == CudaDriver.CUDA_SUCCESS) return plan;
        if (request.path() != RecurrencePath.AUTO || !isLaunchConfigurationError(result)) {
            driver.check(result, "launch " + kernel + " [" + plan.describe() + "]");
        }
        RecurrencePlan fallback = RecurrencePlan.stepPlan(plan.path().key() + " launch refused: " + driver.errorName(result));
        rec.set("exch", allocate(key(Slot.EXCH), 2L * dirs * batch * hidden));
        stepPath(backward, h0, hn);
        return fallback;
    }

    /** Errors a launch returns for a configuration the device cannot run, which leave the context usable. */
    static boolean isLaunchConfigurationError(int result) {
        return result == 1 /* INVALID_VALUE */ || result == 9 /* INVALID_CONFIGURATION */
                || result == 701 /* LAUNCH_OUT_OF_RESOURCES */ || result == 720 /* COOPERATIVE_LAUNCH_TOO_LARGE */
                || result == 800 /* NOT_PERMITTED */ || result == 801 /* NOT_SUPPORTED */
                || result == 912 /* INVALID_CLUSTER_SIZE */;
    }

    /** The per-step path: one launch per step, the state ping-ponging in exch (seeded with h0 or zeros). */
    private void stepPath(boolean backward, long h0, long hn) {
        long exch = allocate(key(Slot.EXCH), 2L * dirs * batch * hidden);
        long layerState = (long) dirs * batch * hidden;
        if (!backward && h0 != 0) driver.copyDeviceToDevice(exch, h0, layerState * F, device.stream());
        else driver.fill32(exch, 0, layerState, device.stream());
        int gx = (hidden + 31) / 32, gy = (batch + 31) / 32;
        int launches = backward ? steps + 1 : steps;  // backward's extra step computes dL/dh0
        for (int s = 0; s < launches; s++) {
            rec.set("step", s);
            device.launch(backward ? "rnnx_step_bwd" : "rnnx_step_fwd", gx, gy, dirs, 128, 1, 1, 0, rec);
        }
        if (!backward) driver.copyDeviceToDevice(hn, exch + (steps & 1) * layerState * F, layerState * F, device.stream());
    }

    // ---- backward ---------------------------------------------------------------------------------------------------

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        run(() -> backwardOnOwner(gradOutput, gradHn));
    }

    private void backwardOnOwner(float[] gradOutput, float[] gradHn) {
        buffers.beginCall();
        if (batch == 0) return;
        long started = System.nanoTime();
        timer.reset();
        long mark = timer.begin();
        long tb = (long) steps * batch;
        // The top layer reads the upstream gradient from its own buffer, since G is overwritten layer by layer
        // (so an unchanged gradient array need not be uploaded again).
        long gout = gradOutput != null ? uploadInput(key(Slot.GOUT), gradOutput, tb * dh) : 0;
        long g = layers > 1 ? allocate(key(Slot.G), tb * dh) : 0;
        long ghn = gradHn != null ? uploadInput(key(Slot.GHN), gradHn, stateSize()) : 0;
        timer.end(mark, "upload");
        long lengths = hasLengths ? existing(key(Slot.LENGTHS)) : 0;
        long h0 = hasH0 ? existing(key(Slot.H0)) : 0;
        long hprev = allocate(key(Slot.HPREV), tb * dh);
        long gh0 = allocate(key(Slot.GRADH0), stateSize());
        if (layerDone == 0) {
            layerDone = driver.createEvent();
            sideDone = driver.createEvent();
        }
        for (int k = layers - 1; k >= 0; k--) {
            int in = config.layerInputSize(k);
            long y = output(k);
            // One delta per layer: the side stream still reads layer k's while layer k-1's recurrence runs.
            long delta = allocate(key(Slot.DELTA, k), tb * dh);
            mark = timer.begin();
            rec.clear();
            common(rec, k, lengths);
            rec.set("out", y).set("grad_out", k == layers - 1 ? gout : g)
                    .set("grad_hn", ghn == 0 ? 0 : ghn + layerStateOffset(k))
                    .set("grad_h", allocate(key(Slot.GRADH, k), tb * dh)).set("delta", delta)
                    .set("grad_h0", gh0 + layerStateOffset(k));
            if (!backwardTuned) {
                backwardPlan = tune(backwardPlan, true);
                backwardTuned = true;
            }
            backwardPlan = recurrence(backwardPlan, true, 0, 0);
            timer.end(mark, "rec");
            mark = timer.begin();

            // dL/d(layer input) first, on the main stream: the layer below's recurrence needs it. Into gx for layer
            // 0, else into G (scaled by the mask) for the layer below.
            long layerIn = layerInput(k, false);
            long dst = k == 0 ? allocate(key(Slot.GX), tb * inputSize) : g;
            gemm("nn", delta, dh, 0, existing(key(Slot.WIH, k)), in, 0, dst, in, 0, (int) tb, in, dh, 1, 0,
                    k > 0 && hasMasks ? existing(key(Slot.MASK, k - 1)) : 0);

            // Weight gradients over the whole sequence, on the side stream: they overlap the next layer's
            // recurrence, which leaves most multiprocessors idle.
            driver.recordEvent(layerDone, device.stream());
            int layer = k;
            long dwih = allocate(key(Slot.DWIH, k), (long) dh * in), dwhh = allocate(key(Slot.DWHH, k), (long) dirs * hidden * hidden);
            long db = config.bias() ? allocate(key(Slot.DB, k), dh) : 0;
            device.onSideStream(layerDone, () -> {
                gather.clear().set("out", y).set("h0", hasH0 ? h0 + layerStateOffset(layer) : 0).set("lengths", lengths)
                        .set("hprev", hprev).set("T", steps).set("B", batch).set("H", hidden).set("D", dirs);
                products.launchElementwise("rnnx_gather", tb * dh, gather);
                gemm("tn", delta, dh, 0, layerIn, in, 0, dwih, in, 0, dh, in, (int) tb, 1, 0, 0);
                gemm("tn", delta, dh, hidden, hprev, dh, hidden, dwhh, hidden, (long) hidden * hidden, hidden, hidden,
                        (int) tb, dirs, 0, 0);
                if (db != 0) products.columnSums(delta, db, (int) tb, dh);
            });
            timer.end(mark, "grads");
        }
        // "wait": how long the main stream then waits for the side stream's weight gradients (the exposed tail).
        mark = timer.begin();
        device.joinSideStream(sideDone);
        timer.end(mark, "wait");
        driver.synchronize(device.stream());
        backwardProfile = timer.summary(started);
    }

    /** {@link DeviceProducts#gemm} on the device's active stream. */
    private void gemm(String op, long a, int lda, long strideA, long b, int ldb, long strideB, long c, int ldc,
                      long strideC, int m, int n, int k, int batches, long bias, long maskPtr) {
        products.gemm(op, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, m, n, k, batches, bias, maskPtr);
    }

    // ---- reads ------------------------------------------------------------------------------------------------------

    @Override
    public void readOutput(float[] dst) {
        run(() -> {
            if (batch != 0) download(dst, output(layers - 1), (long) steps * batch * dh);
        });
    }

    @Override
    public void readFinalHidden(float[] dst) {
        run(() -> {
            if (batch != 0) download(dst, allocate(key(Slot.HN), stateSize()), stateSize());
        });
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        run(() -> {
            if (batch != 0) readDirection(output(layer), direction, dst);
        });
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        run(() -> {
            if (batch != 0) readDirection(allocate(key(Slot.PROJ, layer), (long) steps * batch * dh), direction, dst);
        });
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        run(() -> {
            if (batch != 0) readDirection(allocate(key(Slot.GRADH, layer), (long) steps * batch * dh), direction, dst);
        });
    }

    @Override
    public void readGradInput(float[] dst) {
        run(() -> {
            if (batch != 0) download(dst, allocate(key(Slot.GX), (long) steps * batch * inputSize), (long) steps * batch * inputSize);
        });
    }

    @Override
    public void readGradH0(float[] dst) {
        run(() -> {
            if (batch != 0) download(dst, allocate(key(Slot.GRADH0), stateSize()), stateSize());
        });
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        run(() -> {
            for (int k = 0; k < layers; k++) {
                int in = config.layerInputSize(k);
                for (int d = 0; d < dirs; d++) {
                    float[] wih = dst.weightIh(k, d), whh = dst.weightHh(k, d);
                    if (batch == 0) {
                        Arrays.fill(wih, 0f);
                        Arrays.fill(whh, 0f);
                    } else {
                        download(wih, existing(key(Slot.DWIH, k)) + (long) d * hidden * in * F, (long) hidden * in);
                        download(whh, existing(key(Slot.DWHH, k)) + (long) d * hidden * hidden * F, (long) hidden * hidden);
                    }
                    if (config.bias()) {
                        float[] bih = dst.biasIh(k, d), bhh = dst.biasHh(k, d);
                        if (batch == 0) Arrays.fill(bih, 0f);
                        else download(bih, existing(key(Slot.DB, k)) + (long) d * hidden * F, hidden);
                        System.arraycopy(bih, 0, bhh, 0, hidden);
                    }
                }
            }
        });
    }

    /** Copies direction d of a (T, B, DH) buffer into dst (T, B, H). */
    private void readDirection(long src, int direction, float[] dst) {
        buffers.downloadColumns(src, (long) steps * batch, dh, direction * hidden, hidden, dst);
    }

    // ---- memory -----------------------------------------------------------------------------------------------------

    /** What a device buffer holds; per-layer ones (and the two output scratch slots) are told apart by an index. */
    private enum Slot {
        X, H0, LENGTHS, MASK, GOUT, GHN, WIH, WHH, BIAS, PROJ, XM, Y, YSCRATCH, EXCH, HN, G, HPREV, GRADH0, DELTA, GRADH,
        GX, DWIH, DWHH, DB
    }

    /** A device buffer's identity: its slot and its layer (or scratch slot), or -1 for a buffer that has none. */
    private record BufferKey(Slot slot, int index) {
        @Override
        public String toString() {
            return slot.name().toLowerCase(Locale.ROOT) + (index >= 0 ? Integer.toString(index) : "");
        }
    }

    private static BufferKey key(Slot slot) {
        return new BufferKey(slot, -1);
    }

    private static BufferKey key(Slot slot, int index) {
        return new BufferKey(slot, index);
    }

    private long allocate(BufferKey key, long floats) {
        return buffers.allocate(key, floats);
    }

    private long existing(BufferKey key) {
        return buffers.existing(key);
    }

    @Override
    public void assumeUnchangedInputs(boolean unchanged) {
        run(() -> buffers.assumeUnchanged(unchanged));
    }

    private long uploadInput(BufferKey key, float[] src, long count) {
        return buffers.uploadInput(key, src, count);
    }

    private boolean unchangedCopy(BufferKey key, Object src) {
        return buffers.unchangedCopy(key, src);
    }

    private void upload(long dst, float[] src, long count) {
        buffers.upload(dst, src, count);
    }

    private void download(float[] dst, long src, long count) {
        buffers.download(dst, src, count);
    }

    private void run(Runnable work) {
        device.execute(work);
    }

    /**
     * GPU time per phase of the last forward or backward (upload, proj, rec, grads: the input gradient, wait: the
     * main stream waiting for the side stream's weight gradients), from CUDA events, when
     * {@code -Drnnx.cuda.profile=true}; otherwise it records nothing and costs nothing. Owner thread only.
     */
    private final class PhaseTimer {
        private final boolean on = Boolean.getBoolean("rnnx.cuda.profile");
        private final List<Long> events = new ArrayList<>();
        private final List<Object[]> spans = new ArrayList<>();  // {start event, end event, phase}
        private int used;

        void reset() {
            used = 0;
            spans.clear();
        }

        long begin() {
            return on ? record() : 0;
        }

        void end(long start, String phase) {
            if (on) spans.add(new Object[] {start, record(), phase});
        }

        private long record() {
            if (used == events.size()) events.add(driver.createEvent());
            long e = events.get(used++);
            driver.recordEvent(e, device.stream());
            return e;
        }

        /** " [gpu upload 0.10 proj 0.05 rec 0.21 | call 0.40 ms]" after the stream has synchronised, or "". */
        String summary(long startedNanos) {
            if (!on) return "";
            Map<String, Double> ms = new LinkedHashMap<>();
            for (Object[] span : spans) ms.merge((String) span[2], (double) driver.elapsedMillis((long) span[0], (long) span[1]), Double::sum);
            StringBuilder sb = new StringBuilder(" [gpu");
            ms.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
            sb.append(String.format(Locale.ROOT, " | call %.3f ms]", (System.nanoTime() - startedNanos) / 1e6));
            return sb.toString();
        }

        void destroy() {
            for (long e : events) {
                try {
                    driver.destroyEvent(e);
                } catch (CudaException ignored) {
                    // a poisoned context refuses this too
                }
            }
            events.clear();
        }
    }

    // ---- description and lifetime -----------------------------------------------------------------------------------

    @Override
    public String describe() {
        String f = forwardPlan == null ? "not run" : forwardPlan.describe() + tuned(forwardTuning);
        String b = backwardPlan == null ? "not run" : backwardPlan.describe() + tuned(backwardTuning);
        return "forward " + f + forwardProfile + "; backward " + b + backwardProfile;
    }

    private static String tuned(String note) {
        return note.isEmpty() ? "" : " (" + note + ")";
    }

    @Override
    public String toString() {
        return "CudaKernel[" + config.torchRepr() + ", " + describe() + "]";
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.execute(() -> {
            buffers.freeAll();
            timer.destroy();
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
