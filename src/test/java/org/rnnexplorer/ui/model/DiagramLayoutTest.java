package org.rnnexplorer.ui.model;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.model.DiagramLayout.Arrow;
import org.rnnexplorer.ui.model.DiagramLayout.Box;
import org.rnnexplorer.ui.model.DiagramLayout.Diagram;
import org.rnnexplorer.ui.model.DiagramLayout.Flow;
import org.rnnexplorer.ui.model.DiagramLayout.Kind;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagramLayoutTest {

    static Diagram diagram(String layers, boolean bidirectional, String steps) {
        ModelViewModel vm = new ModelViewModel();
        vm.numLayersProperty().set(layers);
        vm.bidirectionalProperty().set(bidirectional);
        vm.seqLenProperty().set(steps);
        return DiagramLayout.of(vm.stateProperty().get());
    }

    @Test
    void oneCellPerLayerDirectionAndShownStep() {
        Diagram d = diagram("3", true, "8");
        assertArrayEquals(new int[] {0, 1, 2, 7}, d.shownSteps());
        assertTrue(d.elided());
        assertEquals(3 * 2 * 4, d.count(Kind.CELL));
        assertEquals(4, d.count(Kind.INPUT));
        assertEquals(4, d.count(Kind.OUTPUT));
        assertEquals(6, d.count(Kind.STATE_IN), "one h_0 slice per layer and direction");
        assertEquals(6, d.count(Kind.STATE_OUT));
        assertEquals(3 * 4, d.count(Kind.JUNCTION), "forward and reverse are concatenated above every layer");
        Diagram short3 = diagram("1", false, "3");
        assertArrayEquals(new int[] {0, 1, 2}, short3.shownSteps());
        assertEquals(0, short3.count(Kind.JUNCTION));
    }

    @Test
    void forwardRunsLeftToRightAndReverseRightToLeft() {
        Diagram d = diagram("2", true, "4");
        List<Arrow> recurrent = d.arrows().stream().filter(a -> a.flow() == Flow.RECURRENT).toList();
        assertEquals(2 * 2 * 3, recurrent.size());
        for (Arrow a : recurrent) {
            if (a.direction() == 0) assertTrue(a.endX() > a.startX(), "forward h_{t-1} → h_t points right");
            else assertTrue(a.endX() < a.startX(), "reverse points left");
        }
    }

    @Test
    void eachDirectionStartsFromItsH0AtItsOwnEnd() {
        Diagram d = diagram("2", true, "4");
        double firstCellX = d.boxes().stream().filter(b -> b.kind() == Kind.CELL && b.step() == 0).mapToDouble(Box::x).min().orElseThrow();
        double lastCellX = d.boxes().stream().filter(b -> b.kind() == Kind.CELL && b.step() == 3).mapToDouble(Box::x).max().orElseThrow();
        for (Box b : d.boxes()) {
            if (b.kind() == Kind.STATE_IN) {
                assertEquals("h_0[" + (b.layer() * 2 + b.direction()) + "]", b.label(), "h_0 is indexed layer·D + direction");
                if (b.direction() == 0) assertTrue(b.x() < firstCellX, "forward h_0 enters at t = 0");
                else assertTrue(b.x() > lastCellX, "reverse h_0 enters at t = L-1");
            }
            if (b.kind() == Kind.STATE_OUT && b.direction() == 1) assertTrue(b.x() < firstCellX, "reverse h_n leaves at t = 0");
        }
    }

    @Test
    void labelsCarryPerStepShapes() {
        ModelViewModel vm = new ModelViewModel(); // N = 3, H_in = 10, H = 20
        vm.bidirectionalProperty().set(true);
        Diagram d = DiagramLayout.of(vm.stateProperty().get());
        Box x0 = d.boxes().stream().filter(b -> b.kind() == Kind.INPUT).findFirst().orElseThrow();
        Box out0 = d.boxes().stream().filter(b -> b.kind() == Kind.OUTPUT).findFirst().orElseThrow();
        Box cell = d.boxes().stream().filter(b -> b.kind() == Kind.CELL).findFirst().orElseThrow();
        assertEquals("(3, 10)", x0.detail());
        assertEquals("(3, 40)", out0.detail(), "output per step is D·H wide");
        assertEquals("(3, 20)", cell.detail());
        assertEquals("x₀", x0.label());
    }
}
