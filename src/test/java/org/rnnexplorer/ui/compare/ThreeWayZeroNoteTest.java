package org.rnnexplorer.ui.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The A/B gradient chart names the runs whose ‖∂L/∂h_t‖ is exactly 0 at some steps: a log axis cannot draw them. */
class ThreeWayZeroNoteTest {

    @Test
    void runsWithStepsOfExactlyZeroAreNamedWithTheirCount() {
        assertEquals("‖∂L/∂h_t‖ = 0 exactly (not on a log axis): A at 79 of 100 steps",
                ThreeWayCharts.zeroNote(new int[] {79, 0, 0}, new int[] {100, 100, 0}));
        assertEquals("‖∂L/∂h_t‖ = 0 exactly (not on a log axis): A at 3 of 20 steps, C at 1 of 20 steps",
                ThreeWayCharts.zeroNote(new int[] {3, 0, 1}, new int[] {20, 20, 20}));
        assertEquals("", ThreeWayCharts.zeroNote(new int[] {0, 0, 0}, new int[] {20, 20, 20}));
    }
}
