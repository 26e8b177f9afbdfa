package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryEstimateTest {

    @Test
    void parametersArePricedFromTheTensorsTheEngineAllocates() {
        RnnConfig c = new RnnConfig(7, 13, 3, Nonlinearity.TANH, true, false, 0.0, true);
        long floats = RnnParameters.zeros(c).elementCount(); // what the engine really allocates
        MemoryEstimate inference = MemoryEstimate.ofRnn(c, 5, 2, MemoryEstimate.Use.INFERENCE);
        assertEquals(4.0 * floats, part(inference, "parameters"));
        MemoryEstimate training = MemoryEstimate.ofRnn(c, 5, 2, MemoryEstimate.Use.TRAINING);
        assertEquals(2 * 4.0 * floats, part(training, "parameters")); // and their gradients
        assertTrue(training.totalBytes() > inference.totalBytes());
        assertEquals(0.0, part(inference, "activations kept for BPTT"));
    }

    @Test
    void activationsGrowWithTimeBatchAndWidthTogether() {
        RnnConfig c = RnnConfig.of(4, 32);
        double small = part(MemoryEstimate.ofRnn(c, 100, 8, MemoryEstimate.Use.TRAINING), "activations kept for BPTT");
        double twice = part(MemoryEstimate.ofRnn(c, 200, 8, MemoryEstimate.Use.TRAINING), "activations kept for BPTT");
        assertEquals(2 * small, twice, 1e-6 * small);
        // h, ∂L/∂h and ∂L/∂a per step and sequence, and ∂L/∂x: 4 bytes · T·N·(3H + I).
        assertEquals(4.0 * 100 * 8 * (3 * 32 + 4), small);
    }

    @Test
    void aGatedCellKeepsItsGatesAndTwoMoreRowsPerStepForBptt() {
        // h, ∂L/∂h and ∂L/∂(gate inputs) of width H_out, ∂L/∂x, and the G·H gates plus c_t (LSTM) and o ⊙ tanh(c_t),
        // or GRU's W_hn h + b_hn and h_{t-1}: 4 bytes · T·N·(3·H_out + I + (G + 2)·H).
        RnnConfig lstm = RnnConfig.of(CellMode.LSTM, 4, 32);
        assertEquals(4.0 * 100 * 8 * (3 * 32 + 4 + 6 * 32),
                part(MemoryEstimate.ofRnn(lstm, 100, 8, MemoryEstimate.Use.TRAINING), "activations kept for BPTT"));
        RnnConfig gru = RnnConfig.of(CellMode.GRU, 4, 32);
        assertEquals(4.0 * 100 * 8 * (3 * 32 + 4 + 5 * 32),
                part(MemoryEstimate.ofRnn(gru, 100, 8, MemoryEstimate.Use.TRAINING), "activations kept for BPTT"));
        RnnConfig projected = lstm.withProjSize(8);
        assertEquals(4.0 * 100 * 8 * (3 * 8 + 4 + 6 * 32),
                part(MemoryEstimate.ofRnn(projected, 100, 8, MemoryEstimate.Use.TRAINING), "activations kept for BPTT"));
        // Parameters as the engine allocates them: four gate blocks and W_hr.
        assertEquals(2 * 4.0 * RnnParameters.zeros(projected).elementCount(),
                part(MemoryEstimate.ofRnn(projected, 1, 1, MemoryEstimate.Use.TRAINING), "parameters"));
    }

    @Test
    void anLstmsGateRowsBeyondAJavaArrayAreRefusedByNameWhereAnRnnsWouldFit() {
        // 4·H·H: W_hh of an RNN with H = 30000 holds 9·10^8 elements, an LSTM's 3.6·10^9.
        RnnConfig lstm = RnnConfig.of(CellMode.LSTM, 2, 30000);
        var ex = assertThrows(MemoryBudget.ArraySizeException.class,
                () -> MemoryEstimate.ofRnn(lstm, 1, 1, MemoryEstimate.Use.TRAINING).require(f -> "hidden size 30000"));
        assertEquals("hidden size 30000: weight_hh_l0 of shape (120000, 30000) would hold 3600000000 elements; a Java "
                + "array holds at most 2147483639", ex.getMessage());
        var gates = assertThrows(MemoryBudget.ArraySizeException.class,
                () -> MemoryEstimate.ofRnn(RnnConfig.of(CellMode.GRU, 2, 1000), 100_000, 8, MemoryEstimate.Use.TRAINING)
                        .require(f -> "sequence length 100000"));
        assertTrue(gates.getMessage().startsWith("sequence length 100000: the gates of layer 0 of shape (100000, 8, "
                + "3000)"), gates.getMessage());
    }

    @Test
    void aRecurrentWeightBeyondAJavaArrayIsRefusedByNameBeforeAnythingIsAllocated() {
        RnnConfig c = RnnConfig.of(2, 65536);
        var ex = assertThrows(MemoryBudget.ArraySizeException.class,
                () -> MemoryEstimate.ofRnn(c, 1, 1, MemoryEstimate.Use.INFERENCE).require(f -> "hidden size 65536"));
        assertEquals("hidden size 65536: weight_hh_l0 of shape (65536, 65536) would hold 4294967296 elements; a Java "
                + "array holds at most 2147483639", ex.getMessage());
    }

    @Test
    void parametersOfAWrappingShapeAreRefusedByNameNotIndexZeroOutOfBounds() {
        // 65536 · 65536 is 2^32, which an int product wraps to 0.
        var ex = assertThrows(MemoryBudget.ArraySizeException.class,
                () -> RnnParameters.zeros(RnnConfig.of(2, 65536)));
        assertTrue(ex.getMessage().startsWith("weight_hh_l0 of shape (65536, 65536) would hold 4294967296"), ex.getMessage());
    }

    @Test
    void aRunLargerThanAnyHeapIsRefusedWithTheEstimateAndTheHeap() {
        RnnConfig c = new RnnConfig(1, 1000, 100_000, Nonlinearity.TANH, true, false, 0.0, false);
        var ex = assertThrows(MemoryBudget.MemoryLimitException.class,
                () -> MemoryEstimate.ofRnn(c, 10, 1, MemoryEstimate.Use.INFERENCE).require(f -> "100000 layers"));
        assertTrue(ex.getMessage().matches("100000 layers needs about [0-9.]+ [GT]B \\(backend copies .*\\); the heap "
                + "can give .* \\(.* maximum, java -Xmx\\)"), ex.getMessage());
    }

    @Test
    void narrowLayersArePricedAtTheSimdBackendsPaddedWidths() {
        // A forward pass of (T, N, I) = (2000, 1000, 3) through H = 4: the simd kernel keeps the layer input, the
        // output and the pre-activations as rows padded to whole panels (up to 64 floats), 3 · 512 MB, where the
        // true widths make 48 MB. Counted at the true widths, the run passed the check and ran out of heap at 1 GB.
        RnnConfig c = RnnConfig.of(3, 4);
        long rows = 2000L * 1000;
        double paddedRows = 4.0 * rows * (64 + 64 + 64);
        MemoryEstimate inference = MemoryEstimate.ofRnn(c, 2000, 1000, MemoryEstimate.Use.INFERENCE);
        assertTrue(inference.totalBytes() >= paddedRows, inference.totalBytes() + " < " + paddedRows);
        assertEquals(4.0 * rows * ((64 - 3) + (64 - 4) + (64 - 4)), part(inference, "the backend's padding"));
        // Wide layers pad little: H = 256 and I = 128 are whole panels.
        assertEquals(0.0, part(MemoryEstimate.ofRnn(RnnConfig.of(128, 256), 10, 10, MemoryEstimate.Use.TRAINING),
                "the backend's padding"));
    }

    @Test
    void elementCountsUseExactArithmetic() {
        assertEquals(6, MemoryBudget.elements("t", 2, 3));
        assertEquals(0, MemoryBudget.elements("t", 0, Integer.MAX_VALUE, Integer.MAX_VALUE));
        var ex = assertThrows(MemoryBudget.ArraySizeException.class,
                () -> MemoryBudget.elements("x", 1L << 32, 1L << 32, 1L << 32));
        assertTrue(ex.getMessage().startsWith("x of shape (4294967296, 4294967296, 4294967296) would hold more than 2^63"));
    }

    private static double part(MemoryEstimate e, String name) {
        return e.parts().stream().filter(p -> p.name().equals(name)).mapToDouble(MemoryEstimate.Part::bytes).sum();
    }
}
