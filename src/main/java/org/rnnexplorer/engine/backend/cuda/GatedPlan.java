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
 * memory. STEP: one launch per step of the kernels in gated.cuh, W_hh read from global memory (L2) every step: with a
 * projection (proj_size &gt; 0), and wherever no persistent plan fits the device.
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
 * @param sharedBytes    dynamic shared memory per block
 * @param note           why the per-step path was taken, or empty
 */
public record GatedPlan(RecurrencePath path, int blocksPerGroup, int unitsPerBlock, int batchPerGroup, int groups,
                        int threads, int sharedBytes, String note) {

    /** System property forcing a path: auto, step, block, cluster or grid. */
    public static final String PATH_PROPERTY = "rnnx.cuda.gated.path";
    /** System property forcing the CLUSTER path's cluster size (2, 4, 8 or 16). */
    public static final String CLUSTER_PROPERTY = "rnnx.cuda.gated.cluster";
    /** System property forcing the sequences per group of the persistent paths (capped at what fits). */
    public static final String GROUP_PROPERTY = "rnnx.cuda.gated.groupBatch";

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
     * the sequences per group of the persistent paths (0: the planner's choice; a group size is capped at what fits).
     */
    public record Request(RecurrencePath path, int clusterSize, int groupBatch) {
        public static final Request AUTO = new Request(RecurrencePath.AUTO, 0, 0);

        /** Exactly {@code plan}'s path, cluster size and group size. */
        public static Request of(GatedPlan plan) {
            if (plan.path() == RecurrencePath.STEP) return new Request(RecurrencePath.STEP, 0, 0);
            return new Request(plan.path(), plan.path() == RecurrencePath.CLUSTER ? plan.blocksPerGroup() : 0,
                    plan.batchPerGroup());
        }

        /** From {@value #PATH_PROPERTY}, {@value #CLUSTER_PROPERTY} and {@value #GROUP_PROPERTY}; an unknown path is AUTO. */
        public static Request fromSystemProperties() {
            RecurrencePath p;
            try {
                p = RecurrencePath.parse(System.getProperty(PATH_PROPERTY));
            } catch (IllegalArgumentException e) {
                p = RecurrencePath.AUTO;
            }
            return new Request(p, Integer.getInteger(CLUSTER_PROPERTY, 0), Integer.getInteger(GROUP_PROPERTY, 0));
        }

        public boolean isAuto() {
            return path == RecurrencePath.AUTO && clusterSize == 0 && groupBatch == 0;
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
        return "rnnx_gated_" + path.key() + "_" + (backward ? "bwd" : "fwd");
    }

    /** Blocks along x of the launch grid (y is the direction). */
    public int gridX() {
        return groups * blocksPerGroup;
    }

    /** e.g. "cluster 2x256thr 64 units/block 4 groups of 8 smem 140KB", or "step (reason)". */
    public String describe() {
        if (path == RecurrencePath.STEP) {
            String s = String.format(Locale.ROOT, "step %dthr %d group%s of %d", threads, groups, groups == 1 ? "" : "s",
                    batchPerGroup);
            return note.isEmpty() ? s : s + " (" + note + ")";
        }
        return String.format(Locale.ROOT, "%s %dx%dthr %d units/block %d group%s of %d smem %dKB", path.key(),
                blocksPerGroup, threads, unitsPerBlock, groups, groups == 1 ? "" : "s", batchPerGroup,
                (sharedBytes + 1023) / 1024);
    }

    /**
     * Bytes of dynamic shared memory of a persistent block (gated_persist.cuh). Forward: W_hh's G·U gate rows (H, G·U),
     * h_{t-1} of the tile twice (2, BG, H), the gate pre-activations (BG, G·U) and, LSTM, c (BG, U). Backward: W_hh's
     * column slice (G·H, U), the tile's recurrent deltas twice (2, BG, G·H), and dL/dh, dL/dc, dL/dh_t (3, BG, U).
     */
    static long sharedBytes(Shape s, int units, int bg, boolean backward) {
        long g = s.gates(), h = s.hidden();
        long floats = backward
                ? g * h * units + 2L * bg * g * h + 3L * bg * units
                : h * g * units + 2L * bg * h + (long) bg * g * units + (s.lstm() ? (long) bg * units : 0);
        return floats * Float.BYTES;
    }

    /** The per-step plan: batch tiles of up to {@value #MAX_BATCH} sequences whose state fits 48 KB. */
    static GatedPlan stepPlan(Shape s, String note) {
        int perSequence = s.outputHidden() + (s.proj() > 0 ? s.hidden() : 0);  // floats: the state, and m
        int bpb = Math.max(1, Math.min(MAX_BATCH, Math.min(s.batch(), STEP_SHARED_BYTES / Float.BYTES / perSequence)));
        return new GatedPlan(RecurrencePath.STEP, 1, s.hidden(), bpb, ceilDiv(s.batch(), bpb), STEP_THREADS,
                bpb * perSequence * Float.BYTES, note);
    }

    /**
     * Plans one layer: the request's path, or under AUTO the first of block, cluster and grid that fits, else the
     * per-step kernels (the plan's note says why each persistent path was passed over).
     *
     * @throws RecurrencePlan.PathUnavailableException when a forced path cannot run, with the reason
     */
    public static GatedPlan choose(Shape s, DeviceCaps caps, Request request, boolean backward,
                                   RecurrencePlan.Occupancy occupancy) {
        Planner planner = new Planner(s, caps, backward, occupancy, request.groupBatch());
        RecurrencePath requested = request.path();
        if (requested != RecurrencePath.AUTO) {
            GatedPlan plan = planner.plan(requested, request.clusterSize());
            if (plan == null) {
                throw new RecurrencePlan.PathUnavailableException("gated " + requested.key() + " path unavailable: "
                        + planner.reason);
            }
            return plan;
        }
        List<String> skipped = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID}) {
            GatedPlan plan = planner.plan(p, request.clusterSize());
            if (plan != null) return plan;
            skipped.add(p.key() + ": " + planner.reason);
            if (s.proj() > 0) break;  // one reason is enough: no persistent path runs a projection
        }
        return stepPlan(s, String.join("; ", skipped));
    }

    /**
     * The plans worth timing for one layer, the default first: one block if it fits, each cluster size that fits,
     * the grid, and the per-step kernels. Autotuning times them on the real buffers and keeps the fastest. Only the
     * per-step plan with a projection.
     */
    public static List<GatedPlan> candidates(Shape s, DeviceCaps caps, boolean backward,
                                             RecurrencePlan.Occupancy occupancy) {
        List<GatedPlan> plans = new ArrayList<>();
        plans.add(choose(s, caps, Request.AUTO, backward, occupancy));
        Planner planner = new Planner(s, caps, backward, occupancy, 0);
        List<GatedPlan> found = new ArrayList<>();
        found.add(planner.plan(RecurrencePath.BLOCK, 0));
        for (int cs = 2; cs <= 16; cs *= 2) found.add(planner.plan(RecurrencePath.CLUSTER, cs));
        found.add(planner.plan(RecurrencePath.GRID, 0));
        found.add(stepPlan(s, ""));
        for (GatedPlan p : found) {
            if (p != null && plans.stream().noneMatch(q -> q.sameLaunch(p))) plans.add(p);
        }
        return plans;
    }

    /** Whether two plans launch the same kernels the same way (notes aside). */
    boolean sameLaunch(GatedPlan o) {
        return path == o.path && blocksPerGroup == o.blocksPerGroup && unitsPerBlock == o.unitsPerBlock
                && batchPerGroup == o.batchPerGroup && threads == o.threads && sharedBytes == o.sharedBytes;
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
        String reason = "";

        Planner(Shape s, DeviceCaps caps, boolean backward, RecurrencePlan.Occupancy occupancy, int groupBatch) {
            this.s = s;
            this.caps = caps;
            this.backward = backward;
            this.occupancy = occupancy;
            this.groupBatch = groupBatch;
        }

        GatedPlan plan(RecurrencePath p, int clusterSize) {
            if (p == RecurrencePath.STEP) return stepPlan(s, "forced");
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
            int work = Math.max(s.gates() * units, bg * units);  // gate rows (forward), (sequence, unit) pairs
            return Math.min(Math.min(MAX_THREADS, caps.maxThreadsPerBlock()), Math.max(32, (work + 31) / 32 * 32));
        }

        /** The most sequences per group (up to {@value #MAX_BATCH} and B) whose shared memory fits; 0 if none. */
        private int maxBatch(int units) {
            int bg = Math.min(MAX_BATCH, s.batch());
            while (bg > 0 && sharedBytes(s, units, bg, backward) > caps.maxSharedPerBlockOptin()) bg--;
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

        private String doesNotFit(int units) {
            return String.format(Locale.ROOT, "%d units' slice of W_hh and the state of one sequence need %d KB of "
                    + "shared memory per block, the device allows %d KB", units,
                    sharedBytes(s, units, 1, backward) / 1024, caps.maxSharedPerBlockOptin() / 1024);
        }

        /** BLOCK (c = 1) or CLUSTER of c blocks. */
        private GatedPlan persistent(RecurrencePath p, int c) {
            int units = ceilDiv(s.hidden(), c);
            int max = maxBatch(units);
            if (max < 1) {
                reason = doesNotFit(units);
                return null;
            }
            int threads = threads(units, max);
            int wanted;
            if (p == RecurrencePath.BLOCK) {
                if (occupancy.blocksPerMultiprocessor(kernel(p), threads, (int) sharedBytes(s, units, max, backward)) < 1) {
                    reason = "a block of " + threads + " threads and its shared memory do not fit on a multiprocessor";
                    return null;
                }
                wanted = caps.multiprocessors() / s.dirs();
            } else {
                int active = occupancy.activeClusters(kernel(p), c, threads, (int) sharedBytes(s, units, max, backward));
                if (active < 1) {
                    reason = "no cluster of " + c + " blocks of " + threads + " threads can be resident";
                    return null;
                }
                wanted = active / s.dirs();
            }
            int bg = batchPerGroup(max, wanted);
            return new GatedPlan(p, c, units, bg, ceilDiv(s.batch(), bg), threads(units, bg),
                    (int) sharedBytes(s, units, bg, backward), "");
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
            List<String> why = new ArrayList<>();
            for (int cs = 2; cs <= 16; cs *= 2) {
                if (ceilDiv(s.hidden(), cs) * (cs - 1) >= s.hidden()) break;
                GatedPlan plan = persistent(RecurrencePath.CLUSTER, cs);
                if (plan != null) return plan;
                why.add(cs + ": " + reason);
            }
            reason = why.isEmpty() ? "H = " + s.hidden() + " is too small to split" : "clusters of " + String.join(", ", why);
            return null;
        }

        GatedPlan grid() {
            if (!caps.cooperativeLaunch()) {
                reason = "the device does not support cooperative launches";
                return null;
            }
            int bg = Math.min(groupBatch > 0 ? groupBatch : MAX_BATCH, Math.min(MAX_BATCH, s.batch()));
            // The most units per block whose slice fits (fewest blocks: each one copies the group's state per step).
            int units = s.hidden();
            while (units > 0 && sharedBytes(s, units, bg, backward) > caps.maxSharedPerBlockOptin()) units--;
            if (units < 1) {
                reason = doesNotFit(1);
                return null;
            }
            int perGroup = ceilDiv(s.hidden(), units);
            units = ceilDiv(s.hidden(), perGroup);  // the same share for every block
            int threads = threads(units, bg);
            int shared = (int) sharedBytes(s, units, bg, backward);
            int resident = occupancy.blocksPerMultiprocessor(kernel(RecurrencePath.GRID), threads, shared)
                    * caps.multiprocessors();
            int groups = ceilDiv(s.batch(), bg);
            if (groups * perGroup * s.dirs() > resident) {
                reason = "needs " + groups * perGroup * s.dirs() + " co-resident blocks of " + shared / 1024
                        + " KB, the device holds " + resident;
                return null;
            }
            return new GatedPlan(RecurrencePath.GRID, perGroup, units, bg, groups, threads, shared, "");
        }
    }
}
