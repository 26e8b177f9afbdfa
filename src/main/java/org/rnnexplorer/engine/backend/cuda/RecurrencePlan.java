package org.rnnexplorer.engine.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one recurrence launch covers a layer: which path and kernel variant, how many threads per block, how the H
 * hidden units are split between the blocks of a group and the B sequences between groups. Pure arithmetic on
 * {@link DeviceCaps} and an occupancy oracle, so it is unit-tested without a GPU.
 *
 * <p>Launch shapes (see recurrence.cuh and step.cuh): BLOCK and GRID launch (groups*blocksPerGroup, D) blocks of
 * {@code threads}; CLUSTER the same in clusters of blocksPerGroup; STEP launches (ceil(H/32), ceil(B/32), D) blocks
 * of 128 threads once per step.
 *
 * @param path           the path taken
 * @param variant        the kernel variant (null for STEP)
 * @param threads        threads per block
 * @param unitsPerBlock  hidden units owned by one block
 * @param blocksPerGroup blocks sharing one batch group (cluster size for CLUSTER, 1 for BLOCK)
 * @param batchPerGroup  sequences per group
 * @param groups         number of batch groups
 * @param chunkRows      GRID: state rows staged in shared memory at once
 * @param sharedBytes    dynamic shared memory per block: state buffers, then the single-sequence loop's input ring
 * @param note           why a requested path was not taken, or empty
 */
public record RecurrencePlan(RecurrencePath path, Variant variant, int threads, int unitsPerBlock, int blocksPerGroup,
                             int batchPerGroup, int groups, int chunkRows, int sharedBytes, String note) {

    /**
     * A compiled kernel variant: S slices per unit, KPT weights per thread and row, EPT epilogue items per thread, R
     * rows (units) per thread, and the thread limit of its __launch_bounds__. Must match the RNNX_VARIANTS (R = 1)
     * and RNNX_RVARIANTS (EPT = 1) lines of rnnx_kernels.cu.
     */
    public record Variant(int slices, int weightsPerThread, int itemsPerThread, int rowsPerThread, int maxThreads) {
        /** A variant with one row per thread. */
        public Variant(int slices, int weightsPerThread, int itemsPerThread, int maxThreads) {
            this(slices, weightsPerThread, itemsPerThread, 1, maxThreads);
        }

        /**
         * Bytes of the single-sequence loop's input ring on the BLOCK and CLUSTER paths (recurrence.cuh: RNNX_RING
         * slots of the step inputs, one float per padded unit and input), which follows the two state buffers in
         * dynamic shared memory; zero for the general loop (EPT > 1). The GRID path never runs that loop.
         */
        public int inputRingBytes(boolean backward) {
            if (itemsPerThread != 1) return 0;
            return INPUT_RING_SLOTS * (backward ? 2 : 1) * paddedHidden() * Float.BYTES;
        }

        /** H padded to S*KPT: the largest hidden size the variant holds. */
        public int paddedHidden() {
            return slices * weightsPerThread;
        }

        public int unitsPerWarp() {
            return 32 / slices * rowsPerThread;
        }

        /** Most sequences one group may hold: each lane finishes EPT rows. */
        public int maxBatchPerGroup() {
            return itemsPerThread * slices;
        }

        /**
         * Most sequences per group on the BLOCK and CLUSTER paths: one for one-item variants, whose kernels there
         * compile only the single-sequence loop (recurrence.cuh).
         */
        public int maxBatchPerSharedGroup() {
            return itemsPerThread == 1 ? 1 : maxBatchPerGroup();
        }

        /** e.g. {@code s4_k32_e1}, or {@code s4_k32_r2} with several rows per thread, as in the kernel names. */
        public String suffix() {
            return "s" + slices + "_k" + weightsPerThread
                    + (rowsPerThread > 1 ? "_r" + rowsPerThread : "_e" + itemsPerThread);
        }

        /** The compiled variant with this suffix, if any. */
        static Variant named(String suffix) {
            for (Variant v : VARIANTS) if (v.suffix().equals(suffix)) return v;
            return null;
        }
    }

    /**
     * By padded hidden size, smallest first; within one size the first is the default without autotuning, the
     * others are candidates that autotuning times (see {@link #candidates}).
     */
    public static final List<Variant> VARIANTS = List.of(
            new Variant(4, 8, 4, 256),
            new Variant(4, 16, 4, 512),
            new Variant(1, 128, 1, 128),
            new Variant(2, 64, 1, 256),
            new Variant(4, 32, 1, 512),
            new Variant(4, 32, 4, 512),
            new Variant(8, 32, 4, 512),
            new Variant(8, 32, 1, 512),
            new Variant(4, 64, 1, 512),
            new Variant(2, 128, 1, 256),
            new Variant(8, 64, 2, 512),
            new Variant(8, 128, 4, 256),
            new Variant(4, 32, 1, 2, 256),
            new Variant(4, 32, 1, 4, 128),
            new Variant(8, 16, 1, 2, 512),
            new Variant(4, 64, 1, 2, 256),
            new Variant(8, 16, 1, 4, 256),
            new Variant(8, 16, 1, 8, 128),
            new Variant(4, 8, 1, 4, 128),
            new Variant(4, 16, 1, 4, 128));

    /** Slots of the single-sequence loop's input ring: RNNX_RING in recurrence.cuh. */
    public static final int INPUT_RING_SLOTS = 8;

    /** Largest hidden size a persistent kernel holds; beyond it only STEP runs. */
    public static final int MAX_PERSISTENT_HIDDEN = 1024;

    /** Occupancy questions the planner asks the driver (or a test). */
    public interface Occupancy {
        /** Blocks of {@code kernel} resident on one multiprocessor at once (cuOccupancyMaxActiveBlocksPerMultiprocessor). */
        int blocksPerMultiprocessor(String kernel, int threads, int sharedBytes);

        /** Clusters of {@code clusterSize} blocks resident at once (cuOccupancyMaxActiveClusters). */
        int activeClusters(String kernel, int clusterSize, int threads, int sharedBytes);
    }

    /** A requested path that cannot run this layer on this device. */
    public static final class PathUnavailableException extends IllegalStateException {
        PathUnavailableException(String message) {
            super(message);
        }
    }

    /** The kernel's entry-point name in rnnx_kernels.cu. */
    public String kernelName(boolean backward) {
        String dir = backward ? "bwd" : "fwd";
        if (path == RecurrencePath.STEP) return "rnnx_step_" + dir;
        return "rnnx_rec_" + dir + "_" + path.key() + "_" + variant.suffix();
    }

    /** Blocks along x of the launch grid (y is the direction). */
    public int gridX(int hidden, int batch) {
        if (path == RecurrencePath.STEP) return ceilDiv(hidden, 32);
        return groups * blocksPerGroup;
    }

    /** e.g. "cluster s8_k32 8x256thr 16 groups of 2 smem 4KB". */
    public String describe() {
        if (path == RecurrencePath.STEP) return "step" + (note.isEmpty() ? "" : " (" + note + ")");
        String s = String.format(Locale.ROOT, "%s %s %dx%dthr %d group%s of %d smem %dKB", path.key(), variant.suffix(),
                blocksPerGroup, threads, groups, groups == 1 ? "" : "s", batchPerGroup, (sharedBytes + 1023) / 1024);
        if (path == RecurrencePath.GRID && chunkRows < batchPerGroup) s += " chunk " + chunkRows;
        return note.isEmpty() ? s : s + " (" + note + ")";
    }

    /**
     * What a caller asks of the planner: a path (AUTO: the cheapest that fits), and optionally a variant by suffix, a
     * cluster size and sequences per group (0: the planner's choice). Anything but {@link #AUTO} forces.
     *
     * @param path        AUTO or a path to force
     * @param variant     a variant suffix such as {@code s4_k32_e1}, or null; ignored where it does not hold H
     * @param clusterSize CLUSTER: blocks per cluster (2, 4, 8 or 16), or 0
     * @param groupBatch  sequences per group, or 0; capped at what the variant and shared memory hold
     */
    public record Request(RecurrencePath path, String variant, int clusterSize, int groupBatch) {
        public static final Request AUTO = new Request(RecurrencePath.AUTO, null, 0, 0);

        public static Request of(RecurrencePath path) {
            return new Request(path, null, 0, 0);
        }

        /** Exactly {@code plan} (its path, variant, cluster size and group size). */
        public static Request of(RecurrencePlan plan) {
            if (plan.path() == RecurrencePath.STEP) return of(RecurrencePath.STEP);
            return new Request(plan.path(), plan.variant().suffix(),
                    plan.path() == RecurrencePath.CLUSTER ? plan.blocksPerGroup() : 0, plan.batchPerGroup());
        }

        /** From {@value #PATH_PROPERTY}, {@value #VARIANT_PROPERTY}, {@value #CLUSTER_PROPERTY}, {@value #GROUP_PROPERTY}. */
        public static Request fromSystemProperties() {
            RecurrencePath p;
            try {
                p = RecurrencePath.parse(System.getProperty(PATH_PROPERTY));
            } catch (IllegalArgumentException e) {
                p = RecurrencePath.AUTO;
            }
            String v = System.getProperty(VARIANT_PROPERTY);
            return new Request(p, v == null || v.isBlank() ? null : v.trim(), Integer.getInteger(CLUSTER_PROPERTY, 0),
                    Integer.getInteger(GROUP_PROPERTY, 0));
        }

        /** Whether nothing is forced (the planner, or autotuning, decides everything). */
        public boolean isAuto() {
            return path == RecurrencePath.AUTO && variant == null && clusterSize == 0 && groupBatch == 0;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(path.key());
            if (variant != null) sb.append(' ').append(variant);
            if (clusterSize > 0) sb.append(" cluster ").append(clusterSize);
            if (groupBatch > 0) sb.append(" groups of ").append(groupBatch);
            return sb.toString();
        }
    }

    /** System property forcing a path: auto, block, cluster, grid or step. */
    public static final String PATH_PROPERTY = "rnnx.cuda.path";
    /** System property naming a variant to use where it holds H (e.g. {@code s1_k128_e1}), for timing variants. */
    public static final String VARIANT_PROPERTY = "rnnx.cuda.variant";
    /** System property forcing the cluster size of the CLUSTER path. */
    public static final String CLUSTER_PROPERTY = "rnnx.cuda.cluster";
    /** System property forcing the sequences per group. */
    public static final String GROUP_PROPERTY = "rnnx.cuda.groupBatch";

    /** {@link #choose(int, int, int, DeviceCaps, Request, boolean, Occupancy)} forcing at most a path. */
    public static RecurrencePlan choose(int hidden, int batch, int dirs, DeviceCaps caps, RecurrencePath requested,
                                        boolean backward, Occupancy occupancy) {
        return choose(hidden, batch, dirs, caps, Request.of(requested), backward, occupancy);
    }

    /**
     * Plans one layer's recurrence: the request's path, or under AUTO the first of block, cluster and grid that
     * fits, else one launch per step.
     *
     * @param hidden    H
     * @param batch     B (&gt; 0)
     * @param dirs      D
     * @param request   what is forced
     * @param backward  plan the backward kernel (its register use, hence occupancy, differs)
     * @throws PathUnavailableException when a forced path cannot run, with the reason
     */
    public static RecurrencePlan choose(int hidden, int batch, int dirs, DeviceCaps caps, Request request,
                                        boolean backward, Occupancy occupancy) {
        checkShape(hidden, batch, dirs);
        Variant variant = request.variant() == null ? null : Variant.named(request.variant());
        if (variant == null || variant.paddedHidden() < hidden) variant = variantFor(hidden);
        Planner planner = new Planner(hidden, batch, dirs, caps, variant, backward, occupancy);
        RecurrencePath requested = request.path();
        if (requested != RecurrencePath.AUTO) {
            RecurrencePlan plan = planner.plan(requested, request.clusterSize(), request.groupBatch());
            if (plan == null) throw new PathUnavailableException(requested.key() + " path unavailable: " + planner.reason);
            return plan;
        }
        List<String> skipped = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID}) {
            RecurrencePlan plan = planner.plan(p, request.clusterSize(), request.groupBatch());
            if (plan != null) return plan;
            skipped.add(p.key() + ": " + planner.reason);
        }
        return stepPlan(String.join("; ", skipped));
    }

    /**
     * The persistent plans worth timing for one layer, the default plan first: for each variant of the smallest
     * size class holding H, one block if it fits and clusters of each size that fit (more blocks share the
     * multiply-adds of a step, but the new state is copied to every block of the cluster), else the grid. Autotuning
     * times these on the real buffers and keeps the fastest. Empty where only the per-step path runs.
     */
    public static List<RecurrencePlan> candidates(int hidden, int batch, int dirs, DeviceCaps caps, boolean backward,
                                                  Occupancy occupancy) {
        checkShape(hidden, batch, dirs);
        List<RecurrencePlan> plans = new ArrayList<>();
        RecurrencePlan first = choose(hidden, batch, dirs, caps, Request.AUTO, backward, occupancy);
        if (first.path() == RecurrencePath.STEP) return plans;
        plans.add(first);
        int size = first.variant().paddedHidden();
        for (Variant v : VARIANTS) {
            if (v.paddedHidden() != size) continue;
            Planner planner = new Planner(hidden, batch, dirs, caps, v, backward, occupancy);
            RecurrencePlan block = planner.plan(RecurrencePath.BLOCK, 0, 0);
            List<RecurrencePlan> found = new ArrayList<>();
            if (block != null) found.add(block);
            for (int cs = 2; cs <= 16; cs *= 2) {
                RecurrencePlan c = planner.plan(RecurrencePath.CLUSTER, cs, 0);
                if (c != null && c.threads() >= MIN_CANDIDATE_THREADS) found.add(c);
            }
            if (found.isEmpty()) {
                RecurrencePlan g = planner.plan(RecurrencePath.GRID, 0, 0);
                if (g != null) found.add(g);
            }
            for (RecurrencePlan c : found) if (!plans.contains(c)) plans.add(c);
        }
        return plans;
    }

    /** Cluster candidates of smaller blocks leave each scheduler of a multiprocessor less than one warp. */
    static final int MIN_CANDIDATE_THREADS = 128;

    private static void checkShape(int hidden, int batch, int dirs) {
        if (hidden <= 0 || batch <= 0 || dirs < 1 || dirs > 2) {
            throw new IllegalArgumentException("hidden " + hidden + ", batch " + batch + ", directions " + dirs);
        }
    }

    /** The smallest variant holding H, or null beyond {@link #MAX_PERSISTENT_HIDDEN}. */
    public static Variant variantFor(int hidden) {
        for (Variant v : VARIANTS) if (v.paddedHidden() >= hidden) return v;
        return null;
    }

    static RecurrencePlan stepPlan(String note) {
        return new RecurrencePlan(RecurrencePath.STEP, null, 128, 32, 1, 32, 0, 0, 0, note);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }

    /** Splits B into groups: at least enough that none exceeds maxPerGroup, at most wanted. Returns rows per group. */
    private static int batchPerGroup(int batch, int maxPerGroup, int wantedGroups) {
        int groups = Math.max(ceilDiv(batch, maxPerGroup), Math.min(batch, Math.max(1, wantedGroups)));
        return ceilDiv(batch, groups);
    }

    private static final class Planner {
        final int hidden, batch, dirs;
        final DeviceCaps caps;
        final Variant variant;
        final boolean backward;
        final Occupancy occupancy;
        String reason = "";

        Planner(int hidden, int batch, int dirs, DeviceCaps caps, Variant variant, boolean backward, Occupancy occupancy) {
            this.hidden = hidden;
            this.batch = batch;
            this.dirs = dirs;
            this.caps = caps;
            this.variant = variant;
            this.backward = backward;
            this.occupancy = occupancy;
        }

        /** BLOCK and CLUSTER: the two state buffers of {@code rows} sequences, then the input ring. */
        private int sharedBytes(int rows) {
            return 2 * rows * variant.paddedHidden() * 4 + variant.inputRingBytes(backward);
        }

        /** BLOCK and CLUSTER: the most sequences whose state buffers fit beside the input ring. */
        private int maxRowsBySharedMemory() {
            return (caps.maxSharedPerBlockOptin() - variant.inputRingBytes(backward)) / (2 * variant.paddedHidden() * 4);
        }

        /**
         * @param clusterSize CLUSTER: blocks per cluster, or 0 for the planner's choice
         * @param groupBatch  sequences per group, or 0 for the planner's choice (capped at what fits)
         */
        RecurrencePlan plan(RecurrencePath p, int clusterSize, int groupBatch) {
            if (p == RecurrencePath.STEP) return stepPlan("");
            if (variant == null) {
                reason = "H = " + hidden + " exceeds " + MAX_PERSISTENT_HIDDEN + ", the largest a persistent kernel holds";
                return null;
            }
            return switch (p) {
                case BLOCK -> block(groupBatch);
                case CLUSTER -> cluster(clusterSize, groupBatch);
                case GRID -> grid(groupBatch);
                default -> throw new IllegalArgumentException(p.toString());
            };
        }

        /** The planner's rows per group, or the requested number capped at {@code max}. */
        private int rowsPerGroup(int max, int wantedGroups, int requested) {
            if (requested > 0) return Math.min(Math.min(requested, max), batch);
            return batchPerGroup(batch, max, wantedGroups);
        }

        private String kernel(RecurrencePath p) {
            return "rnnx_rec_" + (backward ? "bwd" : "fwd") + "_" + p.key() + "_" + variant.suffix();
        }

        private int threadLimit() {
            return Math.min(variant.maxThreads(), caps.maxThreadsPerBlock());
        }

        RecurrencePlan block(int groupBatch) {
            int units = roundUp(hidden, variant.unitsPerWarp());
            int threads = units / variant.unitsPerWarp() * 32;
            if (threads > threadLimit()) {
                reason = "H = " + hidden + " needs " + threads + " threads in one block, the " + variant.suffix()
                        + " kernel allows " + threadLimit();
                return null;
            }
            int bg = rowsPerGroup(variant.maxBatchPerSharedGroup(), caps.multiprocessors() / dirs, groupBatch);
            if (sharedBytes(bg) > caps.maxSharedPerBlockOptin()) bg = Math.max(1, maxRowsBySharedMemory());
            int shared = sharedBytes(bg);
            if (occupancy.blocksPerMultiprocessor(kernel(RecurrencePath.BLOCK), threads, shared) < 1) {
                reason = "a block of " + threads + " threads does not fit on a multiprocessor";
                return null;
            }
            return new RecurrencePlan(RecurrencePath.BLOCK, variant, threads, units, 1, bg, ceilDiv(batch, bg), bg,
                    shared, "");
        }

        RecurrencePlan cluster(int clusterSize, int groupBatch) {
            if (!caps.clustersUsable()) {
                reason = caps.clusterLaunch() && caps.codeArch() < 900
                        ? "the loaded code (sm_" + caps.codeArch() / 10 + ") has no cluster kernels"
                        : "thread-block clusters need compute capability 9.0 or newer";
                return null;
            }
            int u = variant.unitsPerWarp();
            int size = 0;
            if (clusterSize > 0) {
                if (clusterSize != 2 && clusterSize != 4 && clusterSize != 8 && clusterSize != 16) {
                    reason = "cluster size " + clusterSize + " is not 2, 4, 8 or 16";
                    return null;
                }
                if (threadsFor(clusterSize, u) > threadLimit()) {
                    reason = "H = " + hidden + " needs " + threadsFor(clusterSize, u) + " threads per block in a cluster of "
                            + clusterSize + ", the " + variant.suffix() + " kernel allows " + threadLimit();
                    return null;
                }
                if (clusterSize > 2 && roundUp(ceilDiv(hidden, clusterSize / 2), u) <= roundUp(ceilDiv(hidden, clusterSize), u)) {
                    reason = "H = " + hidden + " does not need " + clusterSize + " blocks";
                    return null;
                }
                size = clusterSize;
            }
            // Prefer a portable cluster (at most 8 blocks) of at most 256 threads per block, then any that fits.
            for (int cs = 2; cs <= 8 && size == 0; cs *= 2) {
                if (threadsFor(cs, u) <= Math.min(256, threadLimit())) size = cs;
            }
            for (int cs = 2; cs <= 16 && size == 0; cs *= 2) {
                if (threadsFor(cs, u) <= threadLimit()) size = cs;
            }
            if (size == 0) {
                reason = "H = " + hidden + " does not fit a cluster of 16 blocks of " + threadLimit() + " threads";
                return null;
            }
            int units = roundUp(ceilDiv(hidden, size), u);
            int threads = units / u * 32;
            int maxRows = Math.min(variant.maxBatchPerSharedGroup(), maxRowsBySharedMemory());
            if (maxRows < 1) {
                reason = "the state of one sequence does not fit in shared memory";
                return null;
            }
            int active = occupancy.activeClusters(kernel(RecurrencePath.CLUSTER), size, threads,
                    sharedBytes(Math.min(maxRows, batch)));
            if (active < 1) {
                reason = "no cluster of " + size + " blocks of " + threads + " threads can be resident";
                return null;
            }
            int bg = rowsPerGroup(maxRows, active / dirs, groupBatch);
            return new RecurrencePlan(RecurrencePath.CLUSTER, variant, threads, units, size, bg, ceilDiv(batch, bg), bg,
                    sharedBytes(bg), "");
        }

        private int threadsFor(int clusterSize, int unitsPerWarp) {
            return roundUp(ceilDiv(hidden, clusterSize), unitsPerWarp) / unitsPerWarp * 32;
        }

        RecurrencePlan grid(int groupBatch) {
            if (variant.rowsPerThread() > 1) {
                reason = "the " + variant.suffix() + " kernel runs on the block and cluster paths only";
                return null;
            }
            if (!caps.cooperativeLaunch()) {
                reason = "the device does not support cooperative launches";
                return null;
            }
            int u = variant.unitsPerWarp();
            int s = variant.slices();
            int threads = Math.min(Math.min(threadLimit(), 512), roundUp(hidden, u) / u * 32);
            int units = threads / 32 * u;
            int perGroup = ceilDiv(hidden, units);
            int hp = variant.paddedHidden();
            int chunk = Math.min(roundUp(Math.min(batch, variant.maxBatchPerGroup()), s),
                    caps.maxSharedPerBlockOptin() / (hp * 4) / s * s);
            if (chunk < s) {
                reason = s + " state rows of " + hp + " floats do not fit in shared memory";
                return null;
            }
            int shared = chunk * hp * 4;
            int resident = occupancy.blocksPerMultiprocessor(kernel(RecurrencePath.GRID), threads, shared)
                    * caps.multiprocessors();
            int maxGroups = resident / (perGroup * dirs);
            int minGroups = ceilDiv(batch, variant.maxBatchPerGroup());
            if (maxGroups < minGroups) {
                reason = "needs " + minGroups * perGroup * dirs + " co-resident blocks, the device holds " + resident;
                return null;
            }
            int bg = rowsPerGroup(variant.maxBatchPerGroup(), maxGroups, groupBatch);
            if (ceilDiv(batch, bg) > maxGroups) {
                reason = ceilDiv(batch, bg) * perGroup * dirs + " blocks for groups of " + bg + " cannot be co-resident";
                return null;
            }
            return new RecurrencePlan(RecurrencePath.GRID, variant, threads, units, perGroup, bg, ceilDiv(batch, bg),
                    chunk, shared, "");
        }
    }
}
