package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnnexplorer.engine.backend.cuda.RecurrencePlanTest.A100;
import static org.rnnexplorer.engine.backend.cuda.RecurrencePlanTest.H200;
import static org.rnnexplorer.engine.backend.cuda.RecurrencePlanTest.T4;

/**
 * The LSTM/GRU recurrence planner on the device models of {@link RecurrencePlanTest}: which path the standard shapes
 * take and why the others fall back, and the constraints every plan must meet for gated_persist.cuh to compute the
 * whole layer (every unit owned by exactly one block of a group, every sequence in a group of at most
 * {@value GatedPlan#MAX_BATCH}, W_hh's slice resident within the device's shared memory, co-resident grids).
 */
class GatedPlanTest {

    private static GatedPlan plan(DeviceCaps caps, boolean lstm, int hidden, int batch, int dirs, RecurrencePath path,
                                  boolean backward) {
        return GatedPlan.choose(new GatedPlan.Shape(lstm, hidden, 0, batch, dirs), caps,
                new GatedPlan.Request(path, 0, 0), backward, new RecurrencePlanTest.Model(caps));
    }

    private static GatedPlan auto(DeviceCaps caps, boolean lstm, int hidden, int batch, int dirs) {
        return plan(caps, lstm, hidden, batch, dirs, RecurrencePath.AUTO, false);
    }

    @Test
    void untilADeviceRunHasCheckedThemAutoKeepsThePersistentPathsOptIn() {
        // Without -Drnnx.cuda.gated.persistent=true (surefire sets no such property) auto runs the per-step kernels,
        // products on the GEMM, untuned, and says why; the full planner would have taken a persistent path.
        GatedPlan.Request fromProperties = GatedPlan.Request.fromSystemProperties();
        assertEquals(GatedPlan.Request.UNCHECKED_AUTO, fromProperties);
        assertFalse(fromProperties.isAuto(), "no autotuning among unchecked kernels");
        for (int[] shape : new int[][] {{32, 1}, {128, 1}, {256, 32}, {512, 16}}) {
            GatedPlan.Shape s = new GatedPlan.Shape(true, shape[0], 0, shape[1], 1);
            RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(H200);
            GatedPlan unchecked = GatedPlan.choose(s, H200, fromProperties, false, model);
            assertEquals(RecurrencePath.STEP, unchecked.path());
            assertTrue(unchecked.stepGemm());
            assertTrue(unchecked.note().contains("rnnx.cuda.gated.persistent=true"), unchecked.note());
            assertNotEquals(RecurrencePath.STEP, GatedPlan.choose(s, H200, GatedPlan.Request.AUTO, false, model).path(),
                    "H " + shape[0] + " B " + shape[1]);
        }
        // A forced path runs what it names either way.
        GatedPlan forced = GatedPlan.choose(new GatedPlan.Shape(false, 32, 0, 1, 1), H200,
                new GatedPlan.Request(RecurrencePath.BLOCK, 0, 0, true, false), false, new RecurrencePlanTest.Model(H200));
        assertEquals(RecurrencePath.BLOCK, forced.path());
    }

    @Test
    void standardShapesOnHopper() {
        // tiny (H 32): the LSTM's W_hh is 16 KB, one block holds it.
        GatedPlan tiny = auto(H200, true, 32, 1, 1);
        assertEquals(RecurrencePath.BLOCK, tiny.path());
        assertEquals(32, tiny.unitsPerBlock());
        // long (H 128): the LSTM's 256 KB exceed one block's 227 KB, two blocks of a cluster hold 128 KB each; the
        // GRU's 192 KB fit one block.
        GatedPlan longLstm = auto(H200, true, 128, 1, 1);
        assertEquals(RecurrencePath.CLUSTER, longLstm.path());
        assertEquals(2, longLstm.blocksPerGroup());
        assertEquals(64, longLstm.unitsPerBlock());
        assertEquals(RecurrencePath.BLOCK, auto(H200, false, 128, 1, 1).path());
        // mid (H 256, B 32): the LSTM's 1 MB splits over a cluster of 8 (128 KB each), the GRU's 768 KB over 4.
        GatedPlan mid = auto(H200, true, 256, 32, 1);
        assertEquals(RecurrencePath.CLUSTER, mid.path());
        assertEquals(8, mid.blocksPerGroup());
        assertEquals(32, mid.unitsPerBlock());
        assertEquals(4, auto(H200, false, 256, 32, 1).blocksPerGroup());
        // wide (H 512, B 16): 4 MB, more than a cluster of 16 holds: the cooperative grid.
        GatedPlan wide = auto(H200, true, 512, 16, 1);
        assertEquals(RecurrencePath.GRID, wide.path());
        assertTrue(wide.blocksPerGroup() * wide.unitsPerBlock() >= 512);
        // bigbi (H 1024, B 64, bidirectional): 16 MB per direction cannot be resident: one launch per step.
        GatedPlan bigbi = auto(H200, true, 1024, 64, 2);
        assertEquals(RecurrencePath.STEP, bigbi.path());
        assertTrue(bigbi.note().contains("grid: needs"), bigbi.note());
        assertTrue(bigbi.note().contains("co-resident"), bigbi.note());
    }

    @Test
    void aProjectionKeepsThePerStepKernels() {
        GatedPlan.Shape lstmp = new GatedPlan.Shape(true, 32, 16, 4, 1);
        RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(H200);
        GatedPlan p = GatedPlan.choose(lstmp, H200, GatedPlan.Request.AUTO, false, model);
        assertEquals(RecurrencePath.STEP, p.path());
        assertEquals("block: proj_size > 0 runs the per-step kernels", p.note());
        assertEquals(List.of(p), GatedPlan.candidates(lstmp, H200, false, model));
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> GatedPlan.choose(lstmp, H200, new GatedPlan.Request(RecurrencePath.CLUSTER, 0, 0), false, model));
        assertTrue(e.getMessage().contains("gated cluster path unavailable: proj_size"), e.getMessage());
    }

    @Test
    void withoutClustersLargerLayersUseTheGrid() {
        assertEquals(RecurrencePath.GRID, auto(A100, true, 256, 32, 1).path());
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> plan(A100, true, 256, 32, 1, RecurrencePath.CLUSTER, false));
        assertTrue(e.getMessage().contains("compute capability 9.0"), e.getMessage());
        // T4: 64 KB per block; H 1024 needs more blocks than 40 SMs hold.
        GatedPlan t4 = auto(T4, true, 1024, 64, 2);
        assertEquals(RecurrencePath.STEP, t4.path());
    }

    @Test
    void forcedClusterSizesAndGroupSizesAreHonouredOrRefused() {
        RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(H200);
        GatedPlan.Shape gru = new GatedPlan.Shape(false, 100, 0, 20, 2);
        GatedPlan c4 = GatedPlan.choose(gru, H200, new GatedPlan.Request(RecurrencePath.CLUSTER, 4, 0), true, model);
        assertEquals(4, c4.blocksPerGroup());
        assertEquals(25, c4.unitsPerBlock());
        GatedPlan g8 = GatedPlan.choose(gru, H200, new GatedPlan.Request(RecurrencePath.BLOCK, 0, 8), false, model);
        assertEquals(8, g8.batchPerGroup());
        assertEquals(3, g8.groups());
        assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> GatedPlan.choose(gru, H200, new GatedPlan.Request(RecurrencePath.CLUSTER, 3, 0), false, model));
        // H 7 over 16 blocks would leave blocks without units.
        RecurrencePlan.PathUnavailableException e = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> GatedPlan.choose(new GatedPlan.Shape(true, 7, 0, 1, 1), H200,
                        new GatedPlan.Request(RecurrencePath.CLUSTER, 16, 0), false, model));
        assertTrue(e.getMessage().contains("without units"), e.getMessage());
    }

    @Test
    void candidatesStartWithTheDefaultAndEndWithThePerStepKernels() {
        RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(H200);
        GatedPlan.Shape s = new GatedPlan.Shape(true, 128, 0, 1, 1);
        List<GatedPlan> c = GatedPlan.candidates(s, H200, false, model);
        assertEquals(GatedPlan.choose(s, H200, GatedPlan.Request.AUTO, false, model), c.get(0));
        assertEquals(RecurrencePath.STEP, c.get(c.size() - 1).path());
        for (int i = 0; i < c.size(); i++) {
            for (int j = i + 1; j < c.size(); j++) assertTrue(!c.get(i).sameLaunch(c.get(j)), c.get(i).describe());
        }
        // Clusters of 2, 4, 8 and 16 all split 128 units; the block does not fit; the grid does. With W_hh in
        // registers, clusters of 2 and 4 of each H = 128 variant.
        assertEquals(List.of(2, 4, 8, 16), c.stream().filter(p -> p.path() == RecurrencePath.CLUSTER && p.resident().isEmpty())
                .map(GatedPlan::blocksPerGroup).toList());
        assertEquals(List.of(2, 4, 2, 4), c.stream().filter(p -> !p.resident().isEmpty())
                .map(GatedPlan::blocksPerGroup).toList());
        assertTrue(c.stream().anyMatch(p -> p.path() == RecurrencePath.GRID));
        assertTrue(c.stream().noneMatch(p -> p.path() == RecurrencePath.BLOCK));
    }

    @Test
    void everyPlanCoversEveryUnitAndSequenceWithinTheDevicesLimits() {
        int[] hiddens = {1, 7, 31, 32, 33, 64, 100, 128, 129, 256, 300, 512, 777, 1024, 2000};
        int[] batches = {1, 2, 3, 8, 9, 16, 33, 64, 256};
        List<String> violations = new ArrayList<>();
        int persistent = 0;
        for (DeviceCaps caps : new DeviceCaps[] {H200, A100, T4}) {
            RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(caps);
            for (boolean lstm : new boolean[] {true, false}) {
                for (int h : hiddens) {
                    for (int b : batches) {
                        for (int d = 1; d <= 2; d++) {
                            for (RecurrencePath path : RecurrencePath.values()) {
                                for (boolean backward : new boolean[] {false, true}) {
                                    GatedPlan p;
                                    try {
                                        p = plan(caps, lstm, h, b, d, path, backward);
                                    } catch (RecurrencePlan.PathUnavailableException e) {
                                        if (path == RecurrencePath.AUTO || path == RecurrencePath.STEP) violations.add(e.getMessage());
                                        continue;
                                    }
                                    if (p.path() != RecurrencePath.STEP) persistent++;
                                    String where = caps.name() + (lstm ? " LSTM" : " GRU") + " H" + h + " B" + b + " D" + d
                                            + (backward ? " bwd " : " fwd ") + p.describe() + ": ";
                                    check(p, lstm, h, b, d, caps, model, where, violations);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " violations, e.g. " + violations.subList(0, Math.min(5, violations.size())));
        assertTrue(persistent > 1000, "persistent plans checked: " + persistent);
    }

    private static void check(GatedPlan p, boolean lstm, int h, int b, int d, DeviceCaps caps,
                              RecurrencePlanTest.Model model, String where, List<String> violations) {
        int g = lstm ? 4 : 3;
        if (p.batchPerGroup() < 1 || p.batchPerGroup() > GatedPlan.MAX_BATCH) violations.add(where + "group size");
        if ((long) p.groups() * p.batchPerGroup() < b || (long) (p.groups() - 1) * p.batchPerGroup() >= b) {
            violations.add(where + "groups do not cover the batch exactly");
        }
        if (p.path() == RecurrencePath.STEP) return;
        // Every unit in exactly one block of a group, no block without units.
        if ((long) p.blocksPerGroup() * p.unitsPerBlock() < h) violations.add(where + "units not covered");
        if ((long) (p.blocksPerGroup() - 1) * p.unitsPerBlock() >= h) violations.add(where + "a block without units");
        if (p.threads() % 32 != 0 || p.threads() > GatedPlan.MAX_THREADS) violations.add(where + "threads");
        // The block's slice of W_hh (G gate rows, or G*H rows of its columns, per unit) stays resident.
        if ((long) g * h * p.unitsPerBlock() * Float.BYTES > p.sharedBytes()) violations.add(where + "W_hh slice not resident");
        if (p.sharedBytes() > caps.maxSharedPerBlockOptin()) violations.add(where + "shared memory over the limit");
        if (p.path() == RecurrencePath.BLOCK && p.blocksPerGroup() != 1) violations.add(where + "block path of several blocks");
        if (p.path() == RecurrencePath.CLUSTER && (!caps.clustersUsable() || Integer.bitCount(p.blocksPerGroup()) != 1
                || p.blocksPerGroup() > 16)) {
            violations.add(where + "cluster");
        }
        if (p.path() == RecurrencePath.GRID
                && (long) p.gridX() * d > (long) model.resident(p.kernelName(false), p.threads(), p.sharedBytes())) {
            violations.add(where + "grid not co-resident");
        }
    }
    @Test
    void residentVariantTableMatchesTheKernelSource() throws java.io.IOException {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/cuda/rnnx_kernels.cu"));
        List<GatedPlan.ResidentVariant> fromSource = new ArrayList<>();
        for (String macro : new String[] {"RNNX_RESIDENT_VARIANTS", "RNNX_RESIDENT_BWD_VARIANTS"}) {
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("#define " + macro + "\\(X\\)(.*)")
                    .matcher(source);
            assertTrue(line.find(), macro + " not found in rnnx_kernels.cu");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("X\\((\\d+), (\\d+), (\\d+)\\)")
                    .matcher(line.group(1));
            while (m.find()) {
                fromSource.add(new GatedPlan.ResidentVariant(macro.contains("BWD"), Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        assertEquals(fromSource, GatedPlan.RESIDENT_VARIANTS);
    }

    /** The candidates with W_hh in registers. */
    private static List<GatedPlan> residentCandidates(DeviceCaps caps, boolean lstm, int hidden, int proj, int batch,
                                                      boolean backward) {
        return GatedPlan.candidates(new GatedPlan.Shape(lstm, hidden, proj, batch, 1), caps, backward,
                new RecurrencePlanTest.Model(caps)).stream().filter(p -> !p.resident().isEmpty()).toList();
    }

    @Test
    void registerResidentCandidatesCoverTheSingleSequenceShapes() {
        // tiny (H 32): 32 units x 4 lanes in one block of 128 threads, each lane 4 gate rows x 8 weights forward and
        // 32 of its unit's column (4H = 128 rows) backward.
        for (boolean backward : new boolean[] {false, true}) {
            GatedPlan tinyBlock = residentCandidates(H200, true, 32, 0, 1, backward).stream()
                    .filter(p -> p.path() == RecurrencePath.BLOCK).findFirst().orElseThrow();
            assertEquals(128, tinyBlock.threads());
            assertEquals("rnnx_gated_res_block_" + (backward ? "bwd_lstm_s4_k32" : "fwd_lstm_s4_k8"),
                    tinyBlock.kernelName(backward));
        }
        // long (H 128): 64K floats of LSTM weights are the whole register file of one multiprocessor, so no block
        // holds them; clusters of 2 and 4 (backward with 16 lanes: 4 and 8) of both variants of the size do.
        List<GatedPlan> longLstm = residentCandidates(H200, true, 128, 0, 1, false);
        assertEquals(List.of("fwd_lstm_s4_k32 2", "fwd_lstm_s4_k32 4", "fwd_lstm_s8_k16 2", "fwd_lstm_s8_k16 4"),
                longLstm.stream().map(p -> p.resident() + " " + p.blocksPerGroup()).toList());
        List<GatedPlan> longLstmBackward = residentCandidates(H200, true, 128, 0, 1, true);
        assertEquals(List.of("bwd_lstm_s8_k64 2", "bwd_lstm_s8_k64 4", "bwd_lstm_s16_k32 4", "bwd_lstm_s16_k32 8"),
                longLstmBackward.stream().map(p -> p.resident() + " " + p.blocksPerGroup()).toList());
        for (DeviceCaps caps : List.of(H200, A100, T4)) {
            for (int hidden : new int[] {1, 7, 32, 33, 64, 100, 128, 129, 200, 256}) {
                for (boolean lstm : new boolean[] {true, false}) {
                    for (boolean backward : new boolean[] {false, true}) {
                        for (GatedPlan p : residentCandidates(caps, lstm, hidden, 0, 3, backward)) {
                            String what = caps.name() + " H " + hidden + ": " + p.describe();
                            assertTrue(p.path() == RecurrencePath.BLOCK || p.path() == RecurrencePath.CLUSTER, what);
                            assertTrue(p.unitsPerBlock() * p.blocksPerGroup() >= hidden, what);
                            assertTrue(p.unitsPerBlock() * (p.blocksPerGroup() - 1) < hidden, "a block without units: " + what);
                            assertTrue(p.threads() >= p.unitsPerBlock() * p.slices() && p.threads() % 32 == 0, what);
                            assertEquals(1, p.batchPerGroup(), what);
                            assertEquals(3, p.groups(), what);
                            assertTrue(GatedPlan.residentKernels().contains(p.kernelName(backward)), what);
                            assertTrue(p.resident().startsWith(backward ? "bwd_" : "fwd_"), what);
                            GatedPlan.ResidentVariant v = GatedPlan.RESIDENT_VARIANTS.stream()
                                    .filter(x -> x.suffix(lstm).equals(p.resident())).findFirst().orElseThrow();
                            int length = backward ? (lstm ? 4 : 3) * hidden : hidden;
                            assertTrue(length <= v.paddedLength() && p.threads() <= v.maxThreads(), what);
                            if (p.path() == RecurrencePath.CLUSTER) assertEquals(H200, caps, "clusters need sm_90: " + what);
                        }
                    }
                }
            }
        }
        // No projection; nothing past the largest variants (forward H 256, backward 4H or 3H 1024).
        assertTrue(residentCandidates(H200, true, 128, 64, 1, false).isEmpty());
        assertTrue(residentCandidates(H200, true, 128, 64, 1, true).isEmpty());
        assertTrue(residentCandidates(H200, false, 257, 0, 1, false).isEmpty());
        assertTrue(residentCandidates(H200, true, 257, 0, 1, true).isEmpty());
        assertFalse(residentCandidates(H200, false, 341, 0, 1, true).isEmpty());
        assertTrue(residentCandidates(H200, false, 342, 0, 1, true).isEmpty());
    }

    @Test
    void aResidentPlanForcedRunsItsDirectionAndThePlannersOther() {
        RecurrencePlanTest.Model model = new RecurrencePlanTest.Model(H200);
        GatedPlan.Shape s = new GatedPlan.Shape(false, 128, 0, 2, 2);
        for (boolean backward : new boolean[] {false, true}) {
            for (GatedPlan candidate : residentCandidates(H200, false, 128, 0, 2, backward)) {
                GatedPlan.Request forced = GatedPlan.Request.of(candidate);
                assertFalse(forced.isAuto());
                assertTrue(GatedPlan.choose(s, H200, forced, backward, model).sameLaunch(candidate), candidate.describe());
                GatedPlan other = GatedPlan.choose(s, H200, forced, !backward, model);
                assertTrue(other.resident().isEmpty());
                assertTrue(other.sameLaunch(GatedPlan.choose(s, H200, GatedPlan.Request.AUTO, !backward, model)));
            }
        }
        // Where it cannot run, a forced resident plan says why.
        GatedPlan.Request cluster = new GatedPlan.Request(RecurrencePath.CLUSTER, 2, 1, true, true, "fwd_gru_s4_k32");
        RecurrencePlan.PathUnavailableException noClusters = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> GatedPlan.choose(s, A100, cluster, false, new RecurrencePlanTest.Model(A100)));
        assertTrue(noClusters.getMessage().contains("compute capability 9.0"), noClusters.getMessage());
        RecurrencePlan.PathUnavailableException tooWide = assertThrows(RecurrencePlan.PathUnavailableException.class,
                () -> GatedPlan.choose(new GatedPlan.Shape(false, 200, 0, 2, 2), H200, cluster, false, model));
        assertTrue(tooWide.getMessage().contains("more than fwd_gru_s4_k32 holds (a state of 128)"), tooWide.getMessage());
    }
}
