package org.rnnexplorer.engine.backend.cuda;

import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ConformanceVariant;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The NVIDIA GPU backend: kernels from a committed fatbin, driven through the driver API with java.lang.foreign.
 * Needs only the NVIDIA driver (R580 or newer); without it, or without a GPU, it is unavailable with the reason.
 *
 * <p>{@code -Drnnx.cuda.path=block|cluster|grid|step} forces one recurrence path (default auto) for diagnostics and
 * benchmarks; {@link #withPath} does the same for one backend object. {@code -Drnnx.cuda.gated.path} (and
 * {@code .gated.cluster}) force the LSTM and GRU recurrence's path ({@link GatedPlan}); {@link #withGatedPath} for one
 * backend object.
 */
public final class CudaBackend extends Backend {
    /** System property that forces the recurrence path of backends created with the no-argument constructor. */
    public static final String PATH_PROPERTY = RecurrencePlan.PATH_PROPERTY;

    private final RecurrencePlan.Request request;
    private final GatedPlan.Request gatedRequest;

    /**
     * The backend with what {@code -Drnnx.cuda.path}, {@code .variant}, {@code .cluster}, {@code .groupBatch},
     * {@code .gated.path} and {@code .gated.cluster} force (default: nothing, autotuned plans). Never throws.
     */
    public CudaBackend() {
        this(RecurrencePlan.Request.fromSystemProperties(), GatedPlan.Request.fromSystemProperties());
    }

    private CudaBackend(RecurrencePlan.Request request, GatedPlan.Request gatedRequest) {
        this.request = request;
        this.gatedRequest = gatedRequest;
    }

    /** A backend on the same GPU whose RNN kernels always take {@code path} (and fail where it cannot run). */
    public CudaBackend withPath(RecurrencePath path) {
        return new CudaBackend(RecurrencePlan.Request.of(path), gatedRequest);
    }

    /** A backend on the same GPU whose RNN kernels always run {@code plan}'s path, variant, cluster and group sizes. */
    public CudaBackend withPlan(RecurrencePlan plan) {
        return new CudaBackend(RecurrencePlan.Request.of(plan), gatedRequest);
    }

    /**
     * A backend on the same GPU whose LSTM and GRU kernels always take {@code path}, with clusters of
     * {@code clusterSize} blocks (0: the planner's choice), and fail where it cannot run.
     */
    public CudaBackend withGatedPath(RecurrencePath path, int clusterSize) {
        return new CudaBackend(request, new GatedPlan.Request(path, clusterSize, 0));
    }

    /** A backend on the same GPU whose LSTM and GRU kernels always run {@code plan}'s path, cluster and group sizes. */
    public CudaBackend withGatedPlan(GatedPlan plan) {
        return new CudaBackend(request, GatedPlan.Request.of(plan));
    }

    /**
     * The forward plans autotuning would time for an LSTM or GRU layer of this configuration and batch size on this
     * GPU (the planner's default first); empty when the backend is unavailable.
     */
    public List<GatedPlan> gatedCandidatePlans(RnnConfig config, int batch) {
        if (!availability().available() || batch <= 0) return List.of();
        CudaDevice device = CudaDevice.get();
        return device.run(() -> GatedPlan.candidates(GatedCudaKernel.shape(config, batch), device.caps(), false, device));
    }

    /**
     * The register-resident backward plans autotuning would time for an LSTM or GRU layer of this configuration and
     * batch size on this GPU; empty when the backend is unavailable or none holds the layer.
     */
    public List<GatedPlan> gatedResidentBackwardPlans(RnnConfig config, int batch) {
        if (!availability().available() || batch <= 0) return List.of();
        CudaDevice device = CudaDevice.get();
        return device.run(() -> GatedPlan.candidates(GatedCudaKernel.shape(config, batch), device.caps(), true, device)
                .stream().filter(p -> !p.resident().isEmpty()).toList());
    }

    /**
     * The forward plans autotuning would time for a layer of this configuration and batch size on this GPU (the
     * planner's default first); empty when the backend is unavailable or only the per-step path runs.
     */
    public List<RecurrencePlan> candidatePlans(RnnConfig config, int batch) {
        if (!availability().available() || batch <= 0) return List.of();
        CudaDevice device = CudaDevice.get();
        return device.run(() -> RecurrencePlan.candidates(config.hiddenSize(), batch, config.numDirections(),
                device.caps(), false, device));
    }

    public RecurrencePath path() {
        return request.path();
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Availability availability() {
        try {
            return CudaDevice.get().availability();
        } catch (Throwable t) {
            return Availability.no(CudaDevice.describe(t));
        }
    }

    /**
     * Every cell: LSTM and GRU run on the gated kernels ({@link GatedPlan}: persistent where W_hh's slices fit, else
     * per step), checked against the reference on the CPU emulator of the driver API; {@link #autoSkips} keeps
     * {@code auto} on simd for them.
     */
    @Override
    public Availability availability(CellMode mode) {
        return availability();
    }

    /** Why {@code auto} passes this backend over for LSTM and GRU though {@code --backend cuda} runs them. */
    static final String GATED_UNTIMED = "auto picks simd for LSTM and GRU until a GPU run has checked and timed the"
            + " gated CUDA kernels (so far checked on the CPU emulator only)";

    @Override
    public Optional<String> autoSkips(CellMode mode) {
        return mode.isGated() ? Optional.of(GATED_UNTIMED) : Optional.empty();
    }

    /** The GPU, e.g. "NVIDIA H200 (compute capability 9.0, 132 SMs, code sm_90)", when available. */
    @Override
    public Optional<String> deviceDescription() {
        if (!availability().available()) return Optional.empty();
        return Optional.of(CudaDevice.get().caps().describe());
    }

    /**
     * Why this backend's path cannot run a configuration with this batch size on this GPU, or empty when it can
     * (always empty for AUTO). Lets diagnostics tell "not supported here" from "computed wrong".
     */
    public Optional<String> pathUnavailable(RnnConfig config, int batch) {
        RecurrencePath forced = config.isGated() ? gatedRequest.path() : request.path();
        if (forced == RecurrencePath.AUTO || batch <= 0) return Optional.empty();
        Availability a = availability();
        if (!a.available()) return Optional.of(a.reason());
        CudaDevice device = CudaDevice.get();
        return device.run(() -> {
            try {
                for (boolean backward : new boolean[] {false, true}) {
                    if (config.isGated()) {
                        GatedPlan.choose(GatedCudaKernel.shape(config, batch), device.caps(), gatedRequest, backward, device);
                    } else {
                        RecurrencePlan.choose(config.hiddenSize(), batch, config.numDirections(), device.caps(), request,
                                backward, device);
                    }
                }
                return Optional.<String>empty();
            } catch (RecurrencePlan.PathUnavailableException e) {
                return Optional.of(e.getMessage());
            }
        });
    }

    /**
     * Each recurrence path forced (block, cluster, grid, step), then each plan autotuning may pick for this layer
     * shape and batch on this GPU forced one at a time, each saying why it cannot run here if it cannot. Empty when
     * the backend is unavailable.
     */
    /** The forward plans of the gated paths forced one at a time, where they can run. */
    private List<GatedPlan> gatedForcedPlans(RnnConfig config, int batch) {
        CudaDevice device = CudaDevice.get();
        return device.run(() -> {
            List<GatedPlan> plans = new ArrayList<>();
            for (RecurrencePath path : List.of(RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                    RecurrencePath.STEP)) {
                try {
                    plans.add(GatedPlan.choose(GatedCudaKernel.shape(config, batch), device.caps(),
                            new GatedPlan.Request(path, 0, 0), false, device));
                } catch (RecurrencePlan.PathUnavailableException e) {
                    // not a plan the forced paths run
                }
            }
            return plans;
        });
    }

    /** Smallest hidden size whose gated cases also run every autotuning candidate in selftest. */
    static final int GATED_CANDIDATE_MIN_HIDDEN = 64;

    @Override
    public List<ConformanceVariant> conformanceVariants(RnnConfig config, int batch) {
        if (!availability().available()) return List.of();
        List<ConformanceVariant> variants = new ArrayList<>();
        if (config.isGated()) {
            // The gated recurrence's own paths (GatedPlan), each forced.
            for (RecurrencePath path : List.of(RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                    RecurrencePath.STEP)) {
                CudaBackend forced = withGatedPath(path, 0);
                variants.add(new ConformanceVariant("the gated " + path.key() + " path forced", "gated-" + path.key(),
                        forced, forced.pathUnavailable(config, batch)));
            }
            // Each other autotuning candidate (the other cluster sizes) where H is large enough to split many ways;
            // the candidates a forced path already runs are left out, and the small cases would only repeat those.
            // The register-resident kernels (forward and backward), which no forced path runs, at every H.
            List<GatedPlan> forcedPlans = gatedForcedPlans(config, batch);
            List<GatedPlan> plans = new ArrayList<>(gatedCandidatePlans(config, batch));
            plans.addAll(gatedResidentBackwardPlans(config, batch));
            for (GatedPlan plan : plans) {
                if (config.hiddenSize() < GATED_CANDIDATE_MIN_HIDDEN && plan.resident().isEmpty()) continue;
                if (forcedPlans.stream().anyMatch(plan::sameLaunch)) continue;
                CudaBackend forced = withGatedPlan(plan);
                variants.add(new ConformanceVariant("each gated autotuning candidate forced",
                        "gated-plan:" + plan.describe().replace(' ', '_'), forced, forced.pathUnavailable(config, batch)));
            }
            return variants;
        }
        for (RecurrencePath path : List.of(RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                RecurrencePath.STEP)) {
            CudaBackend forced = withPath(path);
            variants.add(new ConformanceVariant("the " + path.key() + " path forced", path.key(), forced,
                    forced.pathUnavailable(config, batch)));
        }
        for (RecurrencePlan plan : candidatePlans(config, batch)) {
            CudaBackend forced = withPlan(plan);
            variants.add(new ConformanceVariant("each autotuning candidate forced", "plan:" + plan.describe().replace(' ', '_'),
                    forced, forced.pathUnavailable(config, batch)));
        }
        return variants;
    }

    @Override
    protected RnnKernel newKernel(RnnConfig config) {
        if (config.isGated()) return new GatedCudaKernel(config, CudaDevice.get(), gatedRequest);
        return new CudaKernel(config, CudaDevice.get(), request);
    }
}
