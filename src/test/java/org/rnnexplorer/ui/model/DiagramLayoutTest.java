package org.rnnexplorer.ui.model;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.ui.model.DiagramLayout.Arrow;
import org.rnnexplorer.ui.model.DiagramLayout.Box;
import org.rnnexplorer.ui.model.DiagramLayout.Diagram;
import org.rnnexplorer.ui.model.DiagramLayout.Flow;
import org.rnnexplorer.ui.model.DiagramLayout.Kind;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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

    /**
     * Every line of text lies inside the image, measured with the painter's own font (12 px sans-serif): the
     * footnote with lengths once ran past a short sequence's narrow diagram and was cut at "With length".
     */
    @Test
    void everyTextFitsInsideTheDiagramForEveryShape() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        FontMetrics metrics = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int checked = 0;
        for (String mode : List.of("RNN_TANH", "LSTM", "GRU")) {
            for (String steps : List.of("1", "2", "3", "5", "100")) {
                for (boolean bidirectional : List.of(false, true)) {
                    for (boolean lengths : List.of(false, true)) {
                        ModelViewModel vm = new ModelViewModel();
                        vm.cellModeProperty().set(CellMode.valueOf(mode));
                        vm.numLayersProperty().set("2");
                        vm.bidirectionalProperty().set(bidirectional);
                        vm.seqLenProperty().set(steps);
                        vm.batchProperty().set("3");
                        vm.lengthsProperty().set(lengths ? steps + ",1,1" : "");
                        Diagram d = DiagramLayout.of(vm.stateProperty().get());
                        String shape = mode + " L=" + steps + (bidirectional ? " bi" : "") + (lengths ? " lengths" : "");
                        String all = String.join(" ", d.texts().stream().map(DiagramLayout.Text::text).toList());
                        assertTrue(!lengths || all.contains(bidirectional
                                        ? "each sequence stops at its own length and the reverse direction starts there."
                                        : "each sequence stops at its own length."), shape + ": the lengths sentence is there");
                        assertEquals(bidirectional, all.contains("reverse"), shape + ": a reverse direction only where there is one");
                        for (DiagramLayout.Text t : d.texts()) {
                            double right = t.x() + metrics.stringWidth(t.text());
                            assertTrue(right <= d.width(), shape + ": \"" + t.text() + "\" ends at " + right
                                    + " px, the diagram is " + d.width() + " px wide");
                            assertTrue(t.y() <= d.height() - 4, shape + ": \"" + t.text() + "\" lies below the image");
                            checked++;
                        }
                    }
                }
            }
        }
        g.dispose();
        assertTrue(checked > 60);
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
