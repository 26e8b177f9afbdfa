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
 * @param sharedBytes    dynamic shared memory per block
 * @param note           why a requested path was not taken, or empty
 */
public record RecurrencePlan(RecurrencePath path, Variant variant, int threads, int unitsPerBlock, int blocksPerGroup,
                             int batchPerGroup, int groups, int chunkRows, int sharedBytes, String note) {

    /**
     * A compiled kernel variant: S slices per unit, KPT weights per thread, EPT epilogue items per thread, and the
     * thread limit of its __launch_bounds__. Must match the RNNX_REC_VARIANT lines of rnnx_kernels.cu.
     */
    public record Variant(int slices, int weightsPerThread, int itemsPerThread, int maxThreads) {
        /** H padded to S*KPT: the largest hidden size the variant holds. */
        public int paddedHidden() {
            return slices * weightsPerThread;
        }

        public int unitsPerWarp() {
            return 32 / slices;
        }

        /** Most sequences one group may hold: each lane finishes EPT rows. */
        public int maxBatchPerGroup() {
            return itemsPerThread * slices;
        }

        public String suffix() {
            return "s" + slices + "_k" + weightsPerThread;
        }
    }

    /** Smallest first. */
    public static final List<Variant> VARIANTS = List.of(
            new Variant(4, 8, 4, 256),
            new Variant(4, 16, 4, 512),
            new Variant(1, 128, 1, 128),
            new Variant(4, 32, 4, 512),
            new Variant(8, 32, 4, 512),
            new Variant(8, 64, 2, 512),
            new Variant(8, 128, 4, 256));

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
     * Plans one layer's recurrence.
     *
     * @param hidden    H
     * @param batch     B (&gt; 0)
     * @param dirs      D
     * @param requested AUTO, or a path to force
     * @param backward  plan the backward kernel (its register use, hence occupancy, differs)
     * @throws PathUnavailableException when a forced path cannot run, with the reason
     */
    public static RecurrencePlan choose(int hidden, int batch, int dirs, DeviceCaps caps, RecurrencePath requested,
                                        boolean backward, Occupancy occupancy) {
        if (hidden <= 0 || batch <= 0 || dirs < 1 || dirs > 2) {
            throw new IllegalArgumentException("hidden " + hidden + ", batch " + batch + ", directions " + dirs);
        }
        Variant variant = forcedVariant(hidden);
        if (variant == null) variant = variantFor(hidden);
        Planner planner = new Planner(hidden, batch, dirs, caps, variant, backward, occupancy);
        if (requested != RecurrencePath.AUTO) {
            RecurrencePlan plan = planner.plan(requested);
            if (plan == null) throw new PathUnavailableException(requested.key() + " path unavailable: " + planner.reason);
            return plan;
        }
        List<String> skipped = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID}) {
            RecurrencePlan plan = planner.plan(p);
            if (plan != null) return plan;
            skipped.add(p.key() + ": " + planner.reason);
        }
        return stepPlan(String.join("; ", skipped));
    }

    /** System property naming a variant to use where it holds H (e.g. {@code s1_k128}), for timing variants. */
    public static final String VARIANT_PROPERTY = "rnnx.cuda.variant";

    /** The variant named by {@value #VARIANT_PROPERTY} if it holds H, else null. */
    static Variant forcedVariant(int hidden) {
        String name = System.getProperty(VARIANT_PROPERTY);
        if (name == null) return null;
        for (Variant v : VARIANTS) if (v.suffix().equals(name.trim()) && v.paddedHidden() >= hidden) return v;
        return null;
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

        RecurrencePlan plan(RecurrencePath p) {
            if (p == RecurrencePath.STEP) return stepPlan("");
            if (variant == null) {
                reason = "H = " + hidden + " exceeds " + MAX_PERSISTENT_HIDDEN + ", the largest a persistent kernel holds";
                return null;
            }
            return switch (p) {
                case BLOCK -> block();
                case CLUSTER -> cluster();
                case GRID -> grid();
                default -> throw new IllegalArgumentException(p.toString());
            };
        }

        private String kernel(RecurrencePath p) {
            return "rnnx_rec_" + (backward ? "bwd" : "fwd") + "_" + p.key() + "_" + variant.suffix();
        }

        private int threadLimit() {
            return Math.min(variant.maxThreads(), caps.maxThreadsPerBlock());
        }

        RecurrencePlan block() {
            int units = roundUp(hidden, variant.unitsPerWarp());
            int threads = units / variant.unitsPerWarp() * 32;
            if (threads > threadLimit()) {
                reason = "H = " + hidden + " needs " + threads + " threads in one block, the " + variant.suffix()
                        + " kernel allows " + threadLimit();
                return null;
            }
            int hp = variant.paddedHidden();
            int bg = batchPerGroup(batch, variant.maxBatchPerGroup(), caps.multiprocessors() / dirs);
            int shared = 2 * bg * hp * 4;
            if (shared > caps.maxSharedPerBlockOptin()) {
                bg = Math.max(1, caps.maxSharedPerBlockOptin() / (2 * hp * 4));
                shared = 2 * bg * hp * 4;
            }
            if (occupancy.blocksPerMultiprocessor(kernel(RecurrencePath.BLOCK), threads, shared) < 1) {
                reason = "a block of " + threads + " threads does not fit on a multiprocessor";
                return null;
            }
            return new RecurrencePlan(RecurrencePath.BLOCK, variant, threads, units, 1, bg, ceilDiv(batch, bg), bg,
                    shared, "");
        }

        RecurrencePlan cluster() {
            if (!caps.clustersUsable()) {
                reason = caps.clusterLaunch() && caps.codeArch() < 900
                        ? "the loaded code (sm_" + caps.codeArch() / 10 + ") has no cluster kernels"
                        : "thread-block clusters need compute capability 9.0 or newer";
                return null;
            }
            int u = variant.unitsPerWarp();
            int size = 0;
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
            int hp = variant.paddedHidden();
            int maxRowsBySmem = caps.maxSharedPerBlockOptin() / (2 * hp * 4);
            int maxRows = Math.min(variant.maxBatchPerGroup(), maxRowsBySmem);
            if (maxRows < 1) {
                reason = "the state of one sequence does not fit in shared memory";
                return null;
            }
            int active = occupancy.activeClusters(kernel(RecurrencePath.CLUSTER), size, threads,
                    2 * Math.min(maxRows, batch) * hp * 4);
            if (active < 1) {
                reason = "no cluster of " + size + " blocks of " + threads + " threads can be resident";
                return null;
            }
            int bg = batchPerGroup(batch, maxRows, active / dirs);
            return new RecurrencePlan(RecurrencePath.CLUSTER, variant, threads, units, size, bg, ceilDiv(batch, bg), bg,
                    2 * bg * hp * 4, "");
        }

        private int threadsFor(int clusterSize, int unitsPerWarp) {
            return roundUp(ceilDiv(hidden, clusterSize), unitsPerWarp) / unitsPerWarp * 32;
        }

        RecurrencePlan grid() {
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
            int bg = batchPerGroup(batch, variant.maxBatchPerGroup(), maxGroups);
            return new RecurrencePlan(RecurrencePath.GRID, variant, threads, units, perGroup, bg, ceilDiv(batch, bg),
                    chunk, shared, "");
        }
    }
}
