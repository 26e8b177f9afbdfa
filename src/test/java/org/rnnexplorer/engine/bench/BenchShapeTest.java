package org.rnnexplorer.engine.bench;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchShapeTest {

    @Test
    void shapesAreTheSpecsTable() {
        assertShape(BenchShape.TINY, 100, 1, 1, 32, 1, false);
        assertShape(BenchShape.LONG, 1000, 1, 8, 128, 1, false);
        assertShape(BenchShape.MID, 200, 32, 64, 256, 2, false);
        assertShape(BenchShape.BIGBI, 100, 64, 512, 1024, 2, true);
        assertShape(BenchShape.WIDE, 1000, 16, 128, 512, 1, false);
    }

    @Test
    void forwardFlopsFollowTwoTBHTimesInputPlusHiddenPerLayerAndDirection() {
        // Written out by hand from 2·T·B·H·(I_k + H), layer 1 reading D·H inputs.
        assertEquals(2L * 100 * 1 * 32 * (1 + 32), BenchShape.TINY.forwardFlops());
        assertEquals(2L * 200 * 32 * 256 * (64 + 256) + 2L * 200 * 32 * 256 * (256 + 256), BenchShape.MID.forwardFlops());
        assertEquals(2_726_297_600L, BenchShape.MID.forwardFlops());
        assertEquals(120_795_955_200L, BenchShape.BIGBI.forwardFlops());
    }

    @Test
    void parseAcceptsKeysInAnyCaseAndNamesTheValidOnesOtherwise() {
        assertEquals(BenchShape.BIGBI, BenchShape.parse("BigBi"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchShape.parse("huge"));
        assertEquals("unknown shape 'huge' (expected tiny, long, mid, bigbi, wide or all)", e.getMessage());
    }

    @Test
    void runnerReportsMediansAndGflopsFromTheForwardTime() {
        BenchRunner.Result r = BenchRunner.run(new ScalarBackend(), BenchShape.TINY, new BenchRunner.Plan(1, 3));
        assertEquals("scalar", r.backend());
        assertEquals(3, r.repeats());
        assertTrue(r.fwdMs() > 0 && r.fwdBwdMs() > 0);
        assertEquals(BenchShape.TINY.forwardFlops() / (r.fwdMs() * 1e6), r.gflops(), 1e-9 * r.gflops());
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(3.0, BenchRunner.median(new long[] {5, 1, 3}));
        assertEquals(2.5, BenchRunner.median(new long[] {4, 1, 3, 2}));
    }

    @Test
    void fmaChainsComputeTheRecurrenceTheyTime() {
        // Each of the 12 chains is x ← x·m + c per lane, started at seed + j; redo it with scalar fused multiply-adds.
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        double expected = 0;
        for (int j = 0; j < 12; j++) {
            float x = 0.5f + j;
            for (int i = 0; i < 1000; i++) x = Math.fma(x, 0.999_999f, 1e-6f);
            expected += (double) x * lanes;
        }
        assertEquals(expected, FmaPeak.chains(1000, 0.5f), 1e-5 * expected);
    }

    private static void assertShape(BenchShape s, int t, int b, int i, int h, int layers, boolean bidi) {
        assertEquals(t, s.steps());
        assertEquals(b, s.batch());
        assertEquals(i, s.inputSize());
        assertEquals(h, s.hiddenSize());
        assertEquals(layers, s.layers());
        assertEquals(bidi, s.bidirectional());
        assertEquals(bidi ? 2 : 1, s.config().numDirections());
    }
}
