package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ExportChoicesTest {

    private record Named(String exportName) implements ExportableChart {
        @Override
        public int[] exportSize() {
            return new int[] {10, 10};
        }

        @Override
        public ChartDrawing captureDrawing(int width, int height) {
            return (g, vector) -> { };
        }
    }

    @Test
    void chartsAreOfferedByTitleInTheTabsOrderWithRepeatedNamesNumbered() {
        Named a = new Named("‖∂L/∂h_t‖"), b = new Named("∂L/∂h_t"), c = new Named("‖∂L/∂h_t‖");
        Map<String, ExportableChart> choices = ExportChoices.byTitle(List.of(a, b, c));
        assertEquals(List.of("‖∂L/∂h_t‖", "∂L/∂h_t", "‖∂L/∂h_t‖ (2)"), List.copyOf(choices.keySet()));
        assertSame(a, choices.get("‖∂L/∂h_t‖"));
        assertSame(c, choices.get("‖∂L/∂h_t‖ (2)"));
    }
}
