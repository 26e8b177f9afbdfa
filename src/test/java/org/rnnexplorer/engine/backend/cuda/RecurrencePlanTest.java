package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The recurrence planner on three device models (Hopper with clusters, Ampere without, Turing with 64 KB of shared
 * memory per block): the paths it picks for the standard shapes, and the constraints every plan must meet for the
 * kernels in recurrence.cuh to compute the whole layer (every unit owned, every sequence in a group, shared memory
 * and co-residency within the device's limits).
 */
class RecurrencePlanTest {
    static final DeviceCaps H200 = new DeviceCaps("H200", 132, 9, 0, 900, 1024, 232448, true, true);
    static final DeviceCaps A100 = new DeviceCaps("A100", 108, 8, 0, 800, 1024, 166912, true, false);
    static final DeviceCaps T4 = new DeviceCaps("T4", 40, 7, 5, 750, 1024, 65536, true, false);

    /**
     * Occupancy as the hardware computes it from the kernels' register budget (the __launch_bounds__ of the variant
     * caps registers at 65536/maxThreads, at most 255), 64K registers, 228 KB of shared memory and 2048 threads
     * per multiprocessor; clusters limited by multiprocessors as a whole.
     */
    record Model(DeviceCaps caps) implements RecurrencePlan.Occupancy {
        @Override
        public int blocksPerMultiprocessor(String kernel, int threads, int sharedBytes) {
            int maxThreads = maxThreads(kernel);
            if (threads > maxThreads) return 0;
            int registers = Math.min(255, 65536 / maxThreads);
            int byRegisters = 65536 / (threads * registers);
            int byShared = sharedBytes > caps.maxSharedPerBlockOptin() ? 0 : 233472 / (sharedBytes + 1024);
            return Math.min(Math.min(byRegisters, byShared), Math.min(2048 / threads, 32));
        }

        @Override
        public int activeClusters(String kernel, int clusterSize, int threads, int sharedBytes) {
            return blocksPerMultiprocessor(kernel, threads, sharedBytes) * caps.multiprocessors() / clusterSize;
        }

        int resident(String kernel, int threads, int sharedBytes) {
            return blocksPerMultiprocessor(kernel, threads, sharedBytes) * caps.multiprocessors();
        }

        private static int maxThreads(String kernel) {
            if (kernel.startsWith("rnnx_gated_res_")) {  // the register-resident gated forward: its variant's bound
                for (GatedPlan.ResidentVariant v : GatedPlan.RESIDENT_VARIANTS) {
                    if (kernel.endsWith(v.suffix(true)) || kernel.endsWith(v.suffix(false))) return v.maxThreads();
                }
                throw new IllegalArgumentException(kernel);
            }
            if (kernel.startsWith("rnnx_gated_")) return GatedPlan.MAX_THREADS;  // the gated kernels' launch bound
            for (RecurrencePlan.Variant v : RecurrencePlan.VARIANTS) if (kernel.endsWith(v.suffix())) return v.maxThreads();
            throw new IllegalArgumentException(kernel);
        }
    }

    private static RecurrencePlan plan(DeviceCaps caps, int hidden, int batch, int dirs, RecurrencePath path) {
        return RecurrencePlan.choose(hidden, batch, dirs, caps, path, false, new Model(caps));
    }

    @Test
    void standardShapesOnHopperTakeTheCheapestBarrier() {
        RecurrencePlan tiny = plan(H200, 32, 1, 1, RecurrencePath.AUTO);
        assertEquals(RecurrencePath.BLOCK, tiny.path());
        assertEquals(128, tiny.threads());
        RecurrencePlan longShape = plan(H200, 128, 1, 1, RecurrencePath.AUTO);
        assertEquals(RecurrencePath.BLOCK, longShape.path());
        // The latency variant: one thread per unit holding its whole row of W_hh, one sequence per block.
        assertEquals("s1_k128_e1", longShape.variant().suffix());
        assertEquals(128, longShape.threads());
        RecurrencePlan mid = plan(H200, 256, 32, 1, RecurrencePath.AUTO);
        assertEquals(RecurrencePath.CLUSTER, mid.path());
        assertEquals(8, mid.blocksPerGroup());
        RecurrencePlan wide = plan(H200, 512, 16, 1, RecurrencePath.AUTO);
        assertEquals(RecurrencePath.CLUSTER, wide.path());
        assertEquals(RecurrencePath.GRID, plan(H200, 1024, 64, 2, RecurrencePath.AUTO).path());
        assertEquals(RecurrencePath.STEP, plan(H200, 1025, 4, 1, RecurrencePath.AUTO).path());
    }

    @Test
    void withoutClustersMediumSizesUseTheCooperativeGrid() {
        assertEquals(RecurrencePath.GRID, plan(A100, 256, 32, 1, RecurrencePath.AUTO).path());
        assertEquals(RecurrencePath.GRID, plan(A100, 512, 16, 1, RecurrencePath.AUTO).path());
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> plan(A100, 256, 32, 1, RecurrencePath.CLUSTER));
        assertTrue(e.getMessage().contains("compute capability 9.0"), e.getMessage());
    }

    @Test
    void hopperHardwareRunningPtxFromOlderTargetsGetsNoClusters() {
        DeviceCaps jitOnly = new DeviceCaps("sm_90 running compute_75 PTX", 132, 9, 0, 750, 1024, 232448, true, true);
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> plan(jitOnly, 256, 32, 1, RecurrencePath.CLUSTER));
        assertTrue(e.getMessage().contains("no cluster kernels"), e.getMessage());
    }

    @Test
    void aGridThatCannotBeCoResidentFallsBackToSteps() {
        // T4: H = 1024 needs 32 blocks of 256 threads (about 240 registers each) per direction and group: 64 for
        // both directions, and 40 SMs hold 40.
        assertEquals(RecurrencePath.STEP, plan(T4, 1024, 64, 2, RecurrencePath.AUTO).path());
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> plan(T4, 1024, 64, 2, RecurrencePath.GRID));
        assertTrue(e.getMessage().contains("co-resident"), e.getMessage());
    }

    @Test
    void everyPlanCoversEveryUnitAndSequenceWithinTheDevicesLimits() {
        int[] hiddens = {1, 7, 31, 32, 33, 64, 65, 100, 128, 129, 200, 256, 257, 300, 512, 513, 777, 1000, 1024, 1025, 2000};
        int[] batches = {1, 2, 3, 7, 16, 32, 33, 64, 70, 100, 256};
        List<String> violations = new ArrayList<>();
        int planned = 0;
        for (DeviceCaps caps : new DeviceCaps[] {H200, A100, T4}) {
            Model model = new Model(caps);
            for (int h : hiddens) {
                for (int b : batches) {
                    for (int d = 1; d <= 2; d++) {
                        for (RecurrencePath path : RecurrencePath.values()) {
                            for (boolean backward : new boolean[] {false, true}) {
                                RecurrencePlan p;
                                try {
                                    p = RecurrencePlan.choose(h, b, d, caps, path, backward, model);
                                } catch (RecurrencePlan.PathUnavailableException e) {
                                    if (path == RecurrencePath.AUTO || path == RecurrencePath.STEP) {
                                        violations.add(caps.name() + " H" + h + " B" + b + " " + path + ": " + e.getMessage());
                                    }
                                    continue;
                                }
                                planned++;
                                String where = caps.name() + " H" + h + " B" + b + " D" + d + " " + p.describe() + ": ";
                                check(p, h, b, d, caps, model, backward, where, violations);
                            }
                        }
                    }
                }
            }
        }
        if (!violations.isEmpty()) fail(violations.size() + " violations, e.g.\n" + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
        assertTrue(planned > 5000, "planned " + planned);
    }

    private static void check(RecurrencePlan p, int h, int b, int d, DeviceCaps caps, Model model, boolean backward,
                              String where, List<String> violations) {
        if (p.path() == RecurrencePath.STEP) return;
        RecurrencePlan.Variant v = p.variant();
        int hp = v.paddedHidden();
        // The single-sequence loop (one item per thread, BLOCK or CLUSTER) keeps 8 steps of its inputs (proj; or
        // grad_out and h_t) per unit after the two state buffers.
        int ring = v.itemsPerThread() == 1 && p.path() != RecurrencePath.GRID ? 8 * (backward ? 2 : 1) * hp * 4 : 0;
        if (hp < h) violations.add(where + "variant holds only " + hp);
        if ((long) p.unitsPerBlock() * p.blocksPerGroup() < h) violations.add(where + "units not all owned");
        if (p.unitsPerBlock() % v.unitsPerWarp() != 0) violations.add(where + "units per block not whole warps");
        if (p.threads() != p.unitsPerBlock() / v.unitsPerWarp() * 32) violations.add(where + "threads do not match units");
        if (p.threads() > v.maxThreads() || p.threads() > caps.maxThreadsPerBlock()) violations.add(where + "too many threads");
        if (p.batchPerGroup() > v.maxBatchPerGroup()) violations.add(where + "group larger than EPT*S");
        if (v.itemsPerThread() == 1 && p.path() != RecurrencePath.GRID && p.batchPerGroup() != 1) {
            violations.add(where + "a one-item block or cluster kernel runs one sequence per group");
        }
        if ((long) p.groups() * p.batchPerGroup() < b || (long) (p.groups() - 1) * p.batchPerGroup() >= b) {
            violations.add(where + "groups do not tile the batch");
        }
        if (p.sharedBytes() > caps.maxSharedPerBlockOptin()) violations.add(where + "shared memory over the limit");
        switch (p.path()) {
            case BLOCK -> {
                if (p.blocksPerGroup() != 1 || p.unitsPerBlock() < h) violations.add(where + "block does not hold H");
                if (p.sharedBytes() != 2 * p.batchPerGroup() * hp * 4 + ring) violations.add(where + "state buffers mis-sized");
            }
            case CLUSTER -> {
                if (!caps.clustersUsable()) violations.add(where + "cluster on a device without clusters");
                int cs = p.blocksPerGroup();
                if (cs != 2 && cs != 4 && cs != 8 && cs != 16) violations.add(where + "cluster size " + cs);
                if (p.sharedBytes() != 2 * p.batchPerGroup() * hp * 4 + ring) violations.add(where + "state buffers mis-sized");
            }
            case GRID -> {
                if (p.chunkRows() < v.slices() || p.chunkRows() % v.slices() != 0) violations.add(where + "chunk rows");
                if (p.sharedBytes() != p.chunkRows() * hp * 4) violations.add(where + "staging buffer mis-sized");
                String kernel = p.kernelName(backward);
                int blocks = p.blocksPerGroup() * p.groups() * d;
                if (blocks > model.resident(kernel, p.threads(), p.sharedBytes())) {
                    violations.add(where + blocks + " blocks cannot be co-resident");
                }
            }
            default -> violations.add(where + "unexpected path");
        }
    }

    /**
     * Autotuning's candidates: the default plan first, every candidate within the device's limits, and each one
     * reproduced exactly when forced by its request (selftest checks every candidate that way).
     */
    @Test
    void candidatesAreValidPlansThatForcingReproduces() {
        int[] hiddens = {1, 20, 32, 60, 100, 128, 129, 200, 256, 300, 512, 1000, 1024, 1025};
        int[] batches = {1, 3, 16, 32, 64, 100};
        List<String> violations = new ArrayList<>();
        for (DeviceCaps caps : new DeviceCaps[] {H200, A100, T4}) {
            Model model = new Model(caps);
            for (int h : hiddens) {
                for (int b : batches) {
                    for (int d = 1; d <= 2; d++) {
                        for (boolean backward : new boolean[] {false, true}) {
                            List<RecurrencePlan> cands = RecurrencePlan.candidates(h, b, d, caps, backward, model);
                            RecurrencePlan auto = RecurrencePlan.choose(h, b, d, caps, RecurrencePath.AUTO, backward, model);
                            String at = caps.name() + " H" + h + " B" + b + " D" + d + (backward ? " bwd " : " fwd ");
                            if (auto.path() == RecurrencePath.STEP) {
                                if (!cands.isEmpty()) violations.add(at + "candidates for a per-step layer");
                                continue;
                            }
                            if (cands.isEmpty() || !cands.get(0).equals(auto)) violations.add(at + "default plan not first");
                            for (RecurrencePlan c : cands) {
                                check(c, h, b, d, caps, model, backward, at + c.describe() + ": ", violations);
                                RecurrencePlan forced = RecurrencePlan.choose(h, b, d, caps, RecurrencePlan.Request.of(c),
                                        backward, model);
                                if (!forced.equals(c)) violations.add(at + c.describe() + " forced gives " + forced.describe());
                                if (c.variant().paddedHidden() != auto.variant().paddedHidden()) {
                                    violations.add(at + c.describe() + " is not of the default's size class");
                                }
                            }
                            if (cands.stream().distinct().count() != cands.size()) violations.add(at + "duplicates");
                        }
                    }
                }
            }
        }
        if (!violations.isEmpty()) fail(violations.size() + " violations, e.g.\n" + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
    }

    @Test
    void midShapeCandidatesTradeClusterSizeAgainstWorkPerBlock() {
        List<RecurrencePlan> mid = RecurrencePlan.candidates(256, 32, 1, H200, false, new Model(H200));
        List<String> described = mid.stream().map(RecurrencePlan::describe).toList();
        // One sequence per cluster of two 256-thread blocks holding 128 rows of W_hh each (2 KB of state, 8 KB of input
        // ring), and the default 8-block one.
        assertTrue(described.contains("cluster s2_k128_e1 2x256thr 32 groups of 1 smem 10KB"), described.toString());
        assertTrue(described.get(0).startsWith("cluster s8_k32_e4 8x256thr"), described.toString());
        List<RecurrencePlan> longShape = RecurrencePlan.candidates(128, 1, 1, H200, false, new Model(H200));
        assertTrue(longShape.stream().anyMatch(p -> p.path() == RecurrencePath.BLOCK && p.threads() == 512),
                longShape.stream().map(RecurrencePlan::describe).toList().toString());
    }

    @Test
    void severalRowsPerThreadAreCandidatesButNeverOnTheGrid() {
        Model model = new Model(H200);
        List<RecurrencePlan> all = RecurrencePlan.candidates(128, 1, 1, H200, false, model);
        RecurrencePlan r2 = all.stream().filter(p -> p.variant().suffix().equals("s4_k32_r2")).findFirst().orElseThrow();
        // 16 units per warp (8 unit groups of 4 slices, 2 rows each): H = 128 in one block of 8 warps.
        assertEquals(RecurrencePath.BLOCK, r2.path());
        assertEquals(256, r2.threads());
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> RecurrencePlan.choose(128, 4, 1, A100,
                        new RecurrencePlan.Request(RecurrencePath.GRID, "s4_k32_r2", 0, 0), false, model));
        assertTrue(e.getMessage().contains("block and cluster paths only"), e.getMessage());
    }

    @Test
    void aForcedClusterSizeOrGroupIsHonouredOrRefusedWithTheReason() {
        Model model = new Model(H200);
        RecurrencePlan four = RecurrencePlan.choose(256, 32, 1, H200,
                new RecurrencePlan.Request(RecurrencePath.CLUSTER, "s4_k64_e1", 4, 1), false, model);
        assertEquals(4, four.blocksPerGroup());
        assertEquals(1, four.batchPerGroup());
        assertEquals(32, four.groups());
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> RecurrencePlan.choose(256, 32, 1, H200,
                        new RecurrencePlan.Request(RecurrencePath.CLUSTER, "s8_k32_e1", 2, 0), false, model));
        assertTrue(e.getMessage().contains("1024 threads per block in a cluster of 2"), e.getMessage());
    }

    @Test
    void requestsComeFromSystemPropertiesAndOnlyAnEmptyOneAutotunes() {
        String[] keys = {RecurrencePlan.PATH_PROPERTY, RecurrencePlan.VARIANT_PROPERTY, RecurrencePlan.CLUSTER_PROPERTY,
                RecurrencePlan.GROUP_PROPERTY};
        String[] saved = new String[keys.length];
        for (int i = 0; i < keys.length; i++) saved[i] = System.getProperty(keys[i]);
        try {
            for (String k : keys) System.clearProperty(k);
            assertEquals(RecurrencePlan.Request.AUTO, RecurrencePlan.Request.fromSystemProperties());
            assertTrue(RecurrencePlan.Request.fromSystemProperties().isAuto());
            System.setProperty(RecurrencePlan.VARIANT_PROPERTY, " s4_k64_e1 ");
            System.setProperty(RecurrencePlan.CLUSTER_PROPERTY, "4");
            RecurrencePlan.Request r = RecurrencePlan.Request.fromSystemProperties();
            assertEquals(new RecurrencePlan.Request(RecurrencePath.AUTO, "s4_k64_e1", 4, 0), r);
            assertTrue(!r.isAuto(), "a forced variant turns autotuning off");
            System.setProperty(RecurrencePlan.PATH_PROPERTY, "no-such-path");
            assertEquals(RecurrencePath.AUTO, RecurrencePlan.Request.fromSystemProperties().path());
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (saved[i] == null) System.clearProperty(keys[i]);
                else System.setProperty(keys[i], saved[i]);
            }
        }
    }

    @Test
    void variantTableMatchesTheKernelSource() throws IOException {
        // Macro lines continued with a backslash read as one.
        String source = Files.readString(Path.of("src/main/cuda/rnnx_kernels.cu")).replace("\\\n", " ");
        Matcher line = Pattern.compile("#define RNNX_VARIANTS\\(X\\)(.*)").matcher(source);
        assertTrue(line.find(), "RNNX_VARIANTS not found in rnnx_kernels.cu");
        Matcher m = Pattern.compile("X\\((\\d+), (\\d+), (\\d+), (\\d+)\\)").matcher(line.group(1));
        List<RecurrencePlan.Variant> fromSource = new ArrayList<>();
        while (m.find()) {
            fromSource.add(new RecurrencePlan.Variant(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        Matcher rows = Pattern.compile("#define RNNX_RVARIANTS\\(X\\)(.*)").matcher(source);
        assertTrue(rows.find(), "RNNX_RVARIANTS not found in rnnx_kernels.cu");
        Matcher r = Pattern.compile("X\\((\\d+), (\\d+), (\\d+), (\\d+)\\)").matcher(rows.group(1));
        while (r.find()) {
            fromSource.add(new RecurrencePlan.Variant(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)), 1,
                    Integer.parseInt(r.group(3)), Integer.parseInt(r.group(4))));
        }
        assertEquals(fromSource, RecurrencePlan.VARIANTS);
    }

    @Test
    void inputRingMatchesTheKernelSource() throws IOException {
        String source = Files.readString(Path.of("src/main/cuda/recurrence.cuh"));
        Matcher m = Pattern.compile("#define RNNX_RING (\\d+)").matcher(source);
        assertTrue(m.find(), "RNNX_RING not found in recurrence.cuh");
        assertEquals(Integer.parseInt(m.group(1)), RecurrencePlan.INPUT_RING_SLOTS);
        // The kernel places the ring after two state rows of HP floats: right only while a group holds one sequence.
        RecurrencePlan.Variant r4 = RecurrencePlan.Variant.named("s4_k32_r4");
        assertEquals(8 * 2 * 128 * 4, r4.inputRingBytes(true));
        assertEquals(8 * 128 * 4, r4.inputRingBytes(false));
        assertEquals(1, r4.maxBatchPerSharedGroup());
        assertEquals(0, RecurrencePlan.Variant.named("s4_k8_e4").inputRingBytes(false));
    }

    @Test
    void everyKernelTheHostLaunchesIsDefinedInTheSource() throws IOException {
        String source = Files.readString(Path.of("src/main/cuda/rnnx_kernels.cu"));
        for (String name : CudaDevice.kernelNames()) {
            boolean direct = source.contains(" " + name + "(") || source.contains("X(" + name + ",");
            boolean generated = name.startsWith("rnnx_rec_") && source.contains("RNNX_REC(rnnx_rec_" + name.substring(9, 13))
                    || name.startsWith("rnnx_rec_") && source.contains("RNNX_REC_CLUSTER(rnnx_rec_" + name.substring(9, 13));
            assertTrue(direct || generated, name + " is not defined in rnnx_kernels.cu");
        }
    }
}
