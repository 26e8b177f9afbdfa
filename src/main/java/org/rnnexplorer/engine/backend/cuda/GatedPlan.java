package org.rnnexplorer.engine.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one LSTM or GRU layer's recurrence runs on the GPU (gated_persist.cuh, gated.cuh): the path, how the H units
 * are split between the blocks of a group and the B sequences between groups, threads and dynamic shared memory per
 * block. Pure arithmetic on {@link DeviceCaps} and an occupancy oracle, so it is unit-tested without a GPU.
 *
 * <p>Paths. BLOCK: one block holds every unit (the whole of W_hh's gate rows in shared memory). CLUSTER (sm_90): a
 * thread-block cluster of {@code blocksPerGroup} blocks splits the units, each keeping its slice of W_hh.
 * GRID: a cooperative launch of {@code blocksPerGroup} blocks per group, the new state exchanged through global
 * memory. STEP: one launch per step of the kernels in gated.cuh, W_hh read from global memory (L2) every step, by
 * default with each step's recurrent products on the tiled GEMM launched around the step kernel ({@code stepGemm}):
 * with a projection (proj_size &gt; 0), and wherever no persistent plan fits the device.
 *
 * <p>Launch shapes: the persistent paths launch (groups·blocksPerGroup, D) blocks of {@code threads} (in clusters of
 * blocksPerGroup for CLUSTER); STEP launches (groups, D) blocks of {@value #STEP_THREADS} threads once per step.
 *
 * @param path           BLOCK, CLUSTER, GRID or STEP
 * @param blocksPerGroup blocks sharing one batch tile (the cluster size for CLUSTER; 1 for BLOCK and STEP)
 * @param unitsPerBlock  hidden units owned by one block (H for BLOCK and STEP)
 * @param batchPerGroup  sequences per group (per block for STEP), at most {@value #MAX_BATCH}
 * @param groups         number of batch tiles, ceil(B / batchPerGroup)
 * @param threads        threads per block
 * @param slices         lanes sharing one dot product of the persistent kernels (a power of two, at most
 *                       {@value #MAX_SLICES}; 1 for STEP)
 * @param sharedBytes    dynamic shared memory per block
 * @param stepGemm       STEP: the recurrent products of each step (h_{t-1}·W_hhᵀ, δ_hh·W_hh) run on the tiled GEMM
 *                       around the step kernel, which then only does the element-wise rest (and a projection's
 *                       product); false: inside the step kernel. False for the persistent paths.
 * @param note           why the per-step path was taken, or empty
 * @param resident       BLOCK or CLUSTER with W_hh in registers, one sequence per group (gated_resident.cuh): the
 *                       kernel's direction, cell and variant ({@link ResidentVariant#suffix}, e.g.
 *                       {@code fwd_lstm_s4_k32}); empty for the shared-memory and per-step kernels
 */
public record GatedPlan(RecurrencePath path, int blocksPerGroup, int unitsPerBlock, int batchPerGroup, int groups,
                        int threads, int slices, int sharedBytes, boolean stepGemm, String note, String resident) {

    /** A plan of the shared-memory or per-step kernels. */
    public GatedPlan(RecurrencePath path, int blocksPerGroup, int unitsPerBlock, int batchPerGroup, int groups,
                     int threads, int slices, int sharedBytes, boolean stepGemm, String note) {
        this(path, blocksPerGroup, unitsPerBlock, batchPerGroup, groups, threads, slices, sharedBytes, stepGemm, note, "");
    }

    /**
     * A variant of the register-resident kernels (gated_resident.cuh): S lanes per dot product, KPT weights per lane of
     * each of them (forward: the unit's G gate rows, so H &lt;= S·KPT; backward: its column, so G·H &lt;= S·KPT), at most
     * {@code maxThreads} threads per block (its __launch_bounds__). RNNX_RESIDENT_VARIANTS and
     * RNNX_RESIDENT_BWD_VARIANTS in rnnx_kernels.cu list the same.
     */
    public record ResidentVariant(boolean backward, int slices, int weightsPerRow, int maxThreads) {
        /** Padded state length S·KPT: the longest state (H forward, G·H backward) the variant holds. */
        public int paddedLength() {
            return slices * weightsPerRow;
        }

        /** Whether it holds a layer of this cell and hidden size. */
        boolean holds(boolean lstm, int hidden) {
            return (backward ? (lstm ? 4 : 3) * hidden : hidden) <= paddedLength();
        }

        /** The entry-point suffix for a cell, e.g. {@code fwd_lstm_s4_k32}. */
        public String suffix(boolean lstm) {
            return (backward ? "bwd_" : "fwd_") + (lstm ? "lstm" : "gru") + "_s" + slices + "_k" + weightsPerRow;
        }
    }

    /** The register-resident variants, as in rnnx_kernels.cu (a unit test compares them): forward, then backward. */
    public static final List<ResidentVariant> RESIDENT_VARIANTS = List.of(
            new ResidentVariant(false, 4, 8, 512),
            new ResidentVariant(false, 4, 16, 256),
            new ResidentVariant(false, 4, 32, 256),
            new ResidentVariant(false, 8, 16, 512),
            new ResidentVariant(false, 8, 32, 256),
            new ResidentVariant(true, 4, 32, 512),
            new ResidentVariant(true, 8, 32, 512),
            new ResidentVariant(true, 8, 64, 512),
            new ResidentVariant(true, 16, 32, 512),
            new ResidentVariant(true, 16, 64, 512));

    /** System property forcing a path: auto, step, block, cluster or grid. */
    public static final String PATH_PROPERTY = "rnnx.cuda.gated.path";
    /**
     * System property: "true" lets {@code auto} choose and autotune the persistent gated paths. Off until a device run
     * has checked them ({@link Request#UNCHECKED_AUTO}); a forced path ({@value #PATH_PROPERTY}) runs regardless.
     */
    public static final String PERSISTENT_PROPERTY = "rnnx.cuda.gated.persistent";
    /** System property forcing the CLUSTER path's cluster size (2, 4, 8 or 16). */
    public static final String CLUSTER_PROPERTY = "rnnx.cuda.gated.cluster";
    /** System property forcing the sequences per group of the persistent paths (capped at what fits). */
    public static final String GROUP_PROPERTY = "rnnx.cuda.gated.groupBatch";
    /** System property: {@code kernel} keeps the per-step path's recurrent products in the step kernel (default gemm). */
    public static final String STEP_PRODUCTS_PROPERTY = "rnnx.cuda.gated.stepProducts";

    /** Threads per block at most: the __launch_bounds__ of the persistent kernels in rnnx_kernels.cu. */
    static final int MAX_THREADS = 512;
    /** Sequences per group at most: RNNX_GATED_MAX_BATCH in gated.cuh (the kernels' accumulator count). */
    static final int MAX_BATCH = 8;
    /** Threads per block of the per-step kernels. */
    static final int STEP_THREADS = 256;
    /** Dynamic shared memory of a per-step block, kept within what every device grants without opting in. */
    static final int STEP_SHARED_BYTES = 48 * 1024;

    /**
     * What a caller forces: a path (AUTO: the first of block, cluster, grid that fits, else step), a cluster size and
     * the sequences per group of the persistent paths (0: the planner's choice; a group size is capped at what fits),
     * and where the per-step path's recurrent products run ({@code stepGemm}: on the tiled GEMM, the default).
     */
    public record Request(RecurrencePath path, int clusterSize, int groupBatch, boolean stepGemm, boolean persistent,
                          String resident) {
        /** The planner's own choice among every path, persistent ones included (what a GPU-checked build runs). */
        public static final Request AUTO = new Request(RecurrencePath.AUTO, 0, 0);
        /**
         * What {@code auto} gets while the persistent gated kernels are opt-in: the per-step plan, untuned. They pass
         * every gated case on the CPU emulator but have not yet run on a GPU (issue 17's next device run checks and
         * times them, then makes them the default); the per-step kernels and the GEMM have.
         */
        public static final Request UNCHECKED_AUTO = new Request(RecurrencePath.AUTO, 0, 0, true, false);

        /** Any kernel but the register-resident ones (unless a plan names them: {@link #of(GatedPlan)}). */
        public Request(RecurrencePath path, int clusterSize, int groupBatch, boolean stepGemm, boolean persistent) {
            this(path, clusterSize, groupBatch, stepGemm, persistent, "");
        }

        /** With the per-step path's products on the tiled GEMM. */
        public Request(RecurrencePath path, int clusterSize, int groupBatch) {
            this(path, clusterSize, groupBatch, true, true);
        }

        /** With the persistent paths allowed (forced paths always run what they name). */
        public Request(RecurrencePath path, int clusterSize, int groupBatch, boolean stepGemm) {
            this(path, clusterSize, groupBatch, stepGemm, true);
        }

        /**
         * Exactly {@code plan}'s path, cluster size and group size (and, per step, where its products run; for a
         * register-resident plan its variant, the other direction then taking the planner's own choice).
         */
        public static Request of(GatedPlan plan) {
            if (plan.path() == RecurrencePath.STEP) return new Request(RecurrencePath.STEP, 0, 0, plan.stepGemm());
            return new Request(plan.path(), plan.path() == RecurrencePath.CLUSTER ? plan.blocksPerGroup() : 0,
                    plan.batchPerGroup(), true, true, plan.resident());
        }

        /**
         * From {@value #PATH_PROPERTY}, {@value #CLUSTER_PROPERTY}, {@value #GROUP_PROPERTY} and
         * {@value #STEP_PRODUCTS_PROPERTY}; an unknown path is AUTO.
         */
        public static Request fromSystemProperties() {
            RecurrencePath p;
            try {
                p = RecurrencePath.parse(System.getProperty(PATH_PROPERTY));
            } catch (IllegalArgumentException e) {
                p = RecurrencePath.AUTO;
            }
            return new Request(p, Integer.getInteger(CLUSTER_PROPERTY, 0), Integer.getInteger(GROUP_PROPERTY, 0),
                    !"kernel".equalsIgnoreCase(System.getProperty(STEP_PRODUCTS_PROPERTY, "").trim()),
                    Boolean.getBoolean(PERSISTENT_PROPERTY));
        }

        /** Whether the planner chooses and autotuning times among every path (not so while persistent is opt-in). */
        public boolean isAuto() {
            return path == RecurrencePath.AUTO && clusterSize == 0 && groupBatch == 0 && persistent && resident.isEmpty();
        }
    }

    /**
     * The layer shape a plan is for.
     *
     * @param lstm   LSTM (4 gates) or GRU (3)
     * @param hidden H
     * @param proj   proj_size, 0 for none
     * @param batch  B (&gt; 0)
     * @param dirs   D
     */
    public record Shape(boolean lstm, int hidden, int proj, int batch, int dirs) {
        public Shape {
            if (hidden <= 0 || batch <= 0 || dirs < 1 || dirs > 2 || proj < 0) {
                throw new IllegalArgumentException("hidden " + hidden + ", batch " + batch + ", directions " + dirs
                        + ", proj " + proj);
            }
        }

        int gates() {
            return lstm ? 4 : 3;
        }

        /** H_out: the width of h (proj_size when there is a projection). */
        int outputHidden() {
            return proj > 0 ? proj : hidden;
        }
    }

    /** The kernel's entry-point name in rnnx_kernels.cu. */
    public String kernelName(boolean backward) {
        if (!resident.isEmpty()) return residentKernel(path, resident);
        return "rnnx_gated_" + path.key() + "_" + (backward ? "bwd" : "fwd");
    }

    /** Every register-resident entry point (optional in the kernel binary: an older one lacks them). */
    static List<String> residentKernels() {
        List<String> names = new ArrayList<>();
        for (ResidentVariant v : RESIDENT_VARIANTS) {
            for (boolean lstm : new boolean[] {true, false}) {
                for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER}) {
                    names.add(residentKernel(p, v.suffix(lstm)));
                }
            }
        }
        return names;
    }

    /** The register-resident entry point of a path (block or cluster) and variant suffix. */
    static String residentKernel(RecurrencePath path, String suffix) {
        return "rnnx_gated_res_" + path.key() + "_" + suffix;
    }

    /** Blocks along x of the launch grid (y is the direction). */
    public int gridX() {
        return groups * blocksPerGroup;
    }

    /** e.g. "cluster 2x512thr s2 64 units/block 4 groups of 8 smem 140KB", or "step 256thr 1 group of 1 (reason)". */
    public String describe() {
        if (path == RecurrencePath.STEP) {
            String s = String.format(Locale.ROOT, "step %dthr %d group%s of %d, products %s", threads, groups,
                    groups == 1 ? "" : "s", batchPerGroup, stepGemm ? "on the GEMM" : "in the step kernel");
            return note.isEmpty() ? s : s + " (" + note + ")";
        }
        String s = String.format(Locale.ROOT, "%s %dx%dthr s%d %d units/block %d group%s of %d smem %dKB", path.key(),
                blocksPerGroup, threads, slices, unitsPerBlock, groups, groups == 1 ? "" : "s", batchPerGroup,
                (sharedBytes + 1023) / 1024);
        return resident.isEmpty() ? s : s + " W_hh in registers " + resident;
    }

    /**
     * Dot products of a persistent block per step: forward one per gate row (G·U), backward one per (sequence, unit)
     * (BG·U). Their lengths: H forward, G·H backward.
     */
    private static int dotProducts(Shape s, int units, int bg, boolean backward) {
        return backward ? bg * units : s.gates() * units;
    }

    private static int dotLength(Shape s, boolean backward) {
        return backward ? s.gates() * s.hidden() : s.hidden();
    }

    /** Largest power of two at most n (n &gt;= 1). */
    private static int floorPow2(int n) {
        return Integer.highestOneBit(Math.max(1, n));
    }

    /** Lanes per dot product at most: 8 (three shuffle rounds), keeping a chain of at least 16 terms per lane. */
    static final int MAX_SLICES = 8;
    private static final int MIN_CHAIN = 16;

    private static int mostSlices(Shape s, boolean backward) {
        return Math.min(MAX_SLICES, floorPow2(dotLength(s, backward) / MIN_CHAIN));
    }

    /**
     * Lanes per dot product: up to {@value #MAX_SLICES} while each keeps {@value #MIN_CHAIN} terms or more (shorter
     * chains gain less than the shuffles cost), and no more than the block's threads give each dot product.
     */
    static int slices(Shape s, int units, int bg, boolean backward, int threads) {
        return Math.min(mostSlices(s, backward), floorPow2(threads / dotProducts(s, units, bg, backward)));
    }

    /** Threads of a persistent block: enough for every dot product's lanes, up to {@code cap}, a whole number of warps. */
    static int threads(Shape s, int units, int bg, boolean backward, int cap) {
        int most = mostSlices(s, backward);
        int work = Math.max(dotProducts(s, units, bg, backward) * most, bg * units);  // dot lanes; the cell's items
        return Math.min(cap, Math.max(32, (work + 31) / 32 * 32));
    }

    /** Row stride of a resident weight slice: the dot length rounded up to 32 words, plus S (rnnx_gp_stride). */
    private static long stride(int length, int slices) {
        return (length + 31L) / 32 * 32 + slices;
    }

    /**
     * Bytes of dynamic shared memory of a persistent block (gated_persist.cuh). Forward: W_hh's G·U gate rows
     * (G·U, stride), h_{t-1} of the tile twice (2, BG, H), the gate pre-activations (BG, G·U) and, LSTM, c (BG, U).
     * Backward: W_hh's column slice (U, stride), the tile's recurrent deltas twice (2, BG, G·H), and dL/dh, dL/dc,
     * dL/dh_t (3, BG, U).
     */
    static long sharedBytes(Shape s, int units, int bg, boolean backward, int slices) {
        long g = s.gates(), h = s.hidden();
        long floats = backward
                ? units * stride((int) (g * h), slices) + 2L * bg * g * h + 3L * bg * units
                : g * units * stride((int) h, slices) + 2L * bg * h + (long) bg * g * units
                        + (s.lstm() ? (long) bg * units : 0);
        return floats * Float.BYTES;
    }

    /**
     * Dynamic shared memory of a register-resident block (gated_resident.cuh): the state twice (2, S·KPT) and the input
     * ring ({@link RecurrencePlan#INPUT_RING_SLOTS} steps, NIN inputs, units per block) of NIN = G forward (gi),
     * G + 3 backward (grad_out, the gates and two more).
     */
    static int residentSharedBytes(Shape s, int units, ResidentVariant v) {
        int inputs = v.backward() ? s.gates() + 3 : s.gates();
        return (2 * v.paddedLength() + RecurrencePlan.INPUT_RING_SLOTS * inputs * units) * Float.BYTES;
    }

    /**
     * The per-step plan: batch tiles of up to {@value #MAX_BATCH} sequences whose state fits 48 KB; one sequence per
     * block when the products run on the GEMM and there is no projection, since the step kernel is then element-wise
     * and more blocks spread it over the device (bigbi: 128 blocks instead of 16).
     */
    static GatedPlan stepPlan(Shape s, String note, boolean stepGemm) {
        int perSequence = s.outputHidden() + (s.proj() > 0 ? s.hidden() : 0);  // floats: the state, and m
        int most = stepGemm && s.proj() == 0 ? 1 : MAX_BATCH;
        int bpb = Math.max(1, Math.min(most, Math.min(s.batch(), STEP_SHARED_BYTES / Float.BYTES / perSequence)));
        return new GatedPlan(RecurrencePath.STEP, 1, s.hidden(), bpb, ceilDiv(s.batch(), bpb), STEP_THREADS, 1,
                bpb * perSequence * Float.BYTES, stepGemm, note);
    }

    /**
     * Plans one layer: the request's path, or under AUTO the first of block, cluster and grid that fits, else the
     * per-step kernels (the plan's note says why each persistent path was passed over).
     *
     * @throws RecurrencePlan.PathUnavailableException when a forced path cannot run, with the reason
     */
    public static GatedPlan choose(Shape s, DeviceCaps caps, Request request, boolean backward,
                                   RecurrencePlan.Occupancy occupancy) {
        Planner planner = new Planner(s, caps, backward, occupancy, request.groupBatch(), request.stepGemm());
        RecurrencePath requested = request.path();
        if (!request.resident().isEmpty()) {
            // A register-resident kernel runs one direction: the other takes the planner's own persistent choice.
            if (request.resident().startsWith("bwd_") != backward) return choose(s, caps, Request.AUTO, backward, occupancy);
            GatedPlan plan = planner.resident(requested, request.clusterSize(), request.resident());
            if (plan == null) {
                throw new RecurrencePlan.PathUnavailableException("gated " + requested.key() + " path with W_hh in "
                        + "registers unavailable: " + planner.reason);
            }
            return plan;
        }
        if (requested != RecurrencePath.AUTO) {
            GatedPlan plan = planner.plan(requested, request.clusterSize());
            if (plan == null) {
                throw new RecurrencePlan.PathUnavailableException("gated " + requested.key() + " path unavailable: "
                        + planner.reason);
            }
            return plan;
        }
        if (!request.persistent()) {
            return stepPlan(s, "persistent paths not yet checked on a GPU: -D" + PERSISTENT_PROPERTY + "=true",
                    request.stepGemm());
        }
        List<String> skipped = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID}) {
            GatedPlan plan = planner.plan(p, request.clusterSize());
            if (plan != null) return plan;
            skipped.add(p.key() + ": " + planner.reason);
            if (s.proj() > 0) break;  // one reason is enough: no persistent path runs a projection
        }
        return stepPlan(s, String.join("; ", skipped), request.stepGemm());
    }

    /**
     * The plans worth timing for one layer, the default first: one block if it fits, each cluster size that fits,
     * the grid, and the per-step kernels (products on the GEMM). Autotuning times them on the real buffers and keeps the fastest. Only the
     * per-step plan with a projection.
     */
    public static List<GatedPlan> candidates(Shape s, DeviceCaps caps, boolean backward,
                                             RecurrencePlan.Occupancy occupancy) {
        List<GatedPlan> plans = new ArrayList<>();
        plans.add(choose(s, caps, Request.AUTO, backward, occupancy));
        Planner planner = new Planner(s, caps, backward, occupancy, 0, true);
        List<GatedPlan> found = new ArrayList<>();
        found.add(planner.plan(RecurrencePath.BLOCK, 0));
        for (int cs = 2; cs <= 16; cs *= 2) found.add(planner.plan(RecurrencePath.CLUSTER, cs));
        found.add(planner.plan(RecurrencePath.GRID, 0));
        found.addAll(planner.residentCandidates());
        found.add(stepPlan(s, "", true));
        for (GatedPlan p : found) {
            if (p != null && plans.stream().noneMatch(q -> q.sameLaunch(p))) plans.add(p);
        }
        return plans;
    }

    /** Whether two plans launch the same kernels the same way (notes aside). */
    boolean sameLaunch(GatedPlan o) {
        return path == o.path && blocksPerGroup == o.blocksPerGroup && unitsPerBlock == o.unitsPerBlock
                && batchPerGroup == o.batchPerGroup && threads == o.threads && slices == o.slices
                && sharedBytes == o.sharedBytes && stepGemm == o.stepGemm && resident.equals(o.resident);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static final class Planner {
        final Shape s;
        final DeviceCaps caps;
        final boolean backward;
        final RecurrencePlan.Occupancy occupancy;
        /** Sequences per group asked for, or 0. */
        final int groupBatch;
        /** The per-step plan's products on the GEMM. */
        final boolean stepGemm;
        String reason = "";

        Planner(Shape s, DeviceCaps caps, boolean backward, RecurrencePlan.Occupancy occupancy, int groupBatch,
                boolean stepGemm) {
            this.s = s;
            this.caps = caps;
            this.backward = backward;
            this.occupancy = occupancy;
            this.groupBatch = groupBatch;
            this.stepGemm = stepGemm;
        }

        GatedPlan plan(RecurrencePath p, int clusterSize) {
            if (p == RecurrencePath.STEP) return stepPlan(s, "forced", stepGemm);
            if (s.proj() > 0) {
                reason = "proj_size > 0 runs the per-step kernels";
                return null;
            }
            return switch (p) {
                case BLOCK -> persistent(RecurrencePath.BLOCK, 1);
                case CLUSTER -> cluster(clusterSize);
                case GRID -> grid();
                default -> throw new IllegalArgumentException(p.toString());
            };
        }

        private String kernel(RecurrencePath p) {
            return "rnnx_gated_" + p.key() + "_" + (backward ? "bwd" : "fwd");
        }

        private int threads(int units, int bg) {
            return GatedPlan.threads(s, units, bg, backward, Math.min(MAX_THREADS, caps.maxThreadsPerBlock()));
        }

        /** Shared memory of a block of {@code units} units and {@code bg} sequences, with its threads' slices. */
        private long shared(int units, int bg) {
            return sharedBytes(s, units, bg, backward, slices(s, units, bg, backward, threads(units, bg)));
        }

        /** The plan of a block of {@code units} units, groups of {@code bg}. */
        private GatedPlan make(RecurrencePath p, int blocks, int units, int bg) {
            int threads = threads(units, bg);
            int slices = slices(s, units, bg, backward, threads);
            return new GatedPlan(p, blocks, units, bg, ceilDiv(s.batch(), bg), threads, slices,
                    (int) sharedBytes(s, units, bg, backward, slices), false, "");
        }

        /** The most sequences per group (up to {@value #MAX_BATCH} and B) whose shared memory fits; 0 if none. */
        private int maxBatch(int units) {
            int bg = Math.min(MAX_BATCH, s.batch());
            while (bg > 0 && shared(units, bg) > caps.maxSharedPerBlockOptin()) bg--;
            return bg;
        }

        /**
         * Rows per group: the requested number capped at max, or enough groups that none exceeds max, up to
         * {@code wantedGroups} to spread the work.
         */
        private int batchPerGroup(int max, int wantedGroups) {
            if (groupBatch > 0) return Math.min(groupBatch, max);
            int groups = Math.max(ceilDiv(s.batch(), max), Math.min(s.batch(), Math.max(1, wantedGroups)));
            return ceilDiv(s.batch(), groups);
        }

        private String doesNotFit(int units, int bg) {
            return String.format(Locale.ROOT, "%d units' slice of W_hh and the state of %d sequence%s need %d KB of "
                    + "shared memory per block, the device allows %d KB", units, bg, bg == 1 ? "" : "s",
                    shared(units, bg) / 1024, caps.maxSharedPerBlockOptin() / 1024);
        }

        /** BLOCK (c = 1) or CLUSTER of c blocks. */
        private GatedPlan persistent(RecurrencePath p, int c) {
            int units = ceilDiv(s.hidden(), c);
            int max = maxBatch(units);
            if (max < 1) {
                reason = doesNotFit(units, 1);
                return null;
            }
            int threads = threads(units, max);
            int wanted;
            if (p == RecurrencePath.BLOCK) {
                if (occupancy.blocksPerMultiprocessor(kernel(p), threads, (int) shared(units, max)) < 1) {
                    reason = "a block of " + threads + " threads and its shared memory do not fit on a multiprocessor";
                    return null;
                }
                wanted = caps.multiprocessors() / s.dirs();
            } else {
                int active = occupancy.activeClusters(kernel(p), c, threads, (int) shared(units, max));
                if (active < 1) {
                    reason = "no cluster of " + c + " blocks of " + threads + " threads can be resident";
                    return null;
                }
                wanted = active / s.dirs();
            }
            return make(p, c, units, batchPerGroup(max, wanted));
        }

        GatedPlan cluster(int clusterSize) {
            if (!caps.clustersUsable()) {
                reason = caps.clusterLaunch() && caps.codeArch() < 900
                        ? "the loaded code (sm_" + caps.codeArch() / 10 + ") has no cluster kernels"
                        : "thread-block clusters need compute capability 9.0 or newer";
                return null;
            }
            if (clusterSize > 0) {
                if (clusterSize != 2 && clusterSize != 4 && clusterSize != 8 && clusterSize != 16) {
                    reason = "cluster size " + clusterSize + " is not 2, 4, 8 or 16";
                    return null;
                }
                if (ceilDiv(s.hidden(), clusterSize) * (clusterSize - 1) >= s.hidden()) {
                    reason = "H = " + s.hidden() + " leaves a block of a cluster of " + clusterSize + " without units";
                    return null;
                }
                return persistent(RecurrencePath.CLUSTER, clusterSize);
            }
            // The smallest cluster that fits: each new state value is stored into every block of the cluster.
            int tried = 0;
            for (int cs = 2; cs <= 16; cs *= 2) {
                if (ceilDiv(s.hidden(), cs) * (cs - 1) >= s.hidden()) break;
                GatedPlan plan = persistent(RecurrencePath.CLUSTER, cs);
                if (plan != null) return plan;
                tried = cs;
            }
            // The largest cluster tried says why none fits.
            reason = tried == 0 ? "H = " + s.hidden() + " is too small to split" : "a cluster of " + tried + ": " + reason;
            return null;
        }

        /**
         * The register-resident candidates of this direction: each variant of the smallest padded size that holds the
         * layer, as one block if it fits and as the two smallest clusters that do.
         */
        List<GatedPlan> residentCandidates() {
            List<GatedPlan> plans = new ArrayList<>();
            if (s.proj() > 0) return plans;
            List<ResidentVariant> mine = RESIDENT_VARIANTS.stream()
                    .filter(v -> v.backward() == backward && v.holds(s.lstm(), s.hidden())).toList();
            int padded = mine.stream().mapToInt(ResidentVariant::paddedLength).min().orElse(0);
            for (ResidentVariant v : mine) {
                if (v.paddedLength() != padded) continue;
                GatedPlan block = resident(RecurrencePath.BLOCK, 0, v.suffix(s.lstm()));
                if (block != null) plans.add(block);
                int clusters = 0;
                for (int cs = 2; cs <= 16 && clusters < 2; cs *= 2) {
                    GatedPlan c = resident(RecurrencePath.CLUSTER, cs, v.suffix(s.lstm()));
                    if (c != null) {
                        plans.add(c);
                        clusters++;
                    }
                }
            }
            return plans;
        }

        /**
         * The register-resident plan of a variant ({@link ResidentVariant#suffix}, this planner's direction) on BLOCK
         * or on CLUSTER (clusterSize 0: the smallest that fits), or null with the reason.
         */
        GatedPlan resident(RecurrencePath p, int clusterSize, String suffix) {
            ResidentVariant v = RESIDENT_VARIANTS.stream()
                    .filter(x -> x.backward() == backward && x.suffix(s.lstm()).equals(suffix)).findFirst().orElse(null);
            if (v == null) {
                reason = "no register-resident variant " + suffix + " for " + (s.lstm() ? "an LSTM" : "a GRU");
                return null;
            }
            if (s.proj() > 0) {
                reason = "proj_size > 0 runs the per-step kernels";
                return null;
            }
            if (!v.holds(s.lstm(), s.hidden())) {
                reason = "H = " + s.hidden() + " is more than " + suffix + " holds (a state of " + v.paddedLength() + ")";
                return null;
            }
            if (p == RecurrencePath.BLOCK) return residentPlan(p, 1, v, suffix);
            if (p != RecurrencePath.CLUSTER) {
                reason = "W_hh in registers runs on the block and cluster paths only";
                return null;
            }
            if (!caps.clustersUsable()) {
                reason = "thread-block clusters need compute capability 9.0 or newer and code built for it";
                return null;
            }
            if (clusterSize > 0) return residentPlan(p, clusterSize, v, suffix);
            for (int cs = 2; cs <= 16; cs *= 2) {
                GatedPlan plan = residentPlan(p, cs, v, suffix);
                if (plan != null) return plan;
            }
            return null;
        }

        private GatedPlan residentPlan(RecurrencePath p, int c, ResidentVariant v, String suffix) {
            int units = ceilDiv(s.hidden(), c);
            if (c > 1 && units * (c - 1) >= s.hidden()) {
                reason = "H = " + s.hidden() + " leaves a block of a cluster of " + c + " without units";
                return null;
            }
            int threads = (units * v.slices() + 31) / 32 * 32;
            if (threads > Math.min(v.maxThreads(), caps.maxThreadsPerBlock())) {
                reason = units + " units of " + v.slices() + " lanes need " + threads + " threads, " + suffix
                        + " runs at most " + v.maxThreads();
                return null;
            }
            int shared = residentSharedBytes(s, units, v);
            String kernel = residentKernel(p, suffix);
            if (p == RecurrencePath.BLOCK ? occupancy.blocksPerMultiprocessor(kernel, threads, shared) < 1
                    : occupancy.activeClusters(kernel, c, threads, shared) < 1) {
                reason = (c == 1 ? "a block" : "a cluster of " + c + " blocks") + " of " + threads + " threads of "
                        + suffix + " cannot be resident";
                return null;
            }
            return new GatedPlan(p, c, units, 1, s.batch(), threads, v.slices(), shared, false, "", suffix);
        }

        GatedPlan grid() {
            if (!caps.cooperativeLaunch()) {
                reason = "the device does not support cooperative launches";
                return null;
            }
            // The largest group whose state (backward: deltas) leaves room for a unit's slice, and the most units per
            // block whose slice fits beside it (fewest blocks: each one copies the group's state every step).
            int bg = Math.min(groupBatch > 0 ? groupBatch : MAX_BATCH, Math.min(MAX_BATCH, s.batch()));
            while (bg > 1 && shared(1, bg) > caps.maxSharedPerBlockOptin()) bg--;
            int units = s.hidden();
            while (units > 0 && shared(units, bg) > caps.maxSharedPerBlockOptin()) units--;
            if (units < 1) {
                reason = doesNotFit(1, bg);
                return null;
            }
            int perGroup = ceilDiv(s.hidden(), units);
            units = ceilDiv(s.hidden(), perGroup);  // the same share for every block
            GatedPlan plan = make(RecurrencePath.GRID, perGroup, units, bg);
            int resident = occupancy.blocksPerMultiprocessor(kernel(RecurrencePath.GRID), plan.threads(), plan.sharedBytes())
                    * caps.multiprocessors();
            if (plan.gridX() * s.dirs() > resident) {
                reason = "needs " + plan.gridX() * s.dirs() + " co-resident blocks of " + plan.sharedBytes() / 1024
                        + " KB, the device holds " + resident;
                return null;
            }
            return plan;
        }
    }
}
