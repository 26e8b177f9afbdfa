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
