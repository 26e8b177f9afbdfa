package org.rnnexplorer.ui.model;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.ui.model.DiagramLayout.Box;
import org.rnnexplorer.ui.model.DiagramLayout.Diagram;
import org.rnnexplorer.ui.model.DiagramLayout.Kind;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unrolled diagram of an LSTM carries c_t beside h_t; a projected h_t is P wide. */
class DiagramLayoutGatedTest {

    private static Diagram of(RnnConfig c) {
        return DiagramLayout.of(new ModelState(c, new InputSpec(5, 3, false, null, true), new InputLayout(5, 3, false, false)));
    }

    @Test
    void anLstmCellShowsHAndCAndItsStatesArePairs() {
        Diagram d = of(new RnnConfig(CellMode.LSTM, 10, 16, 2, true, false, 0.0, false, 4));
        Box cell = d.boxes().stream().filter(b -> b.kind() == Kind.CELL && b.step() == 2).findFirst().orElseThrow();
        assertEquals("h₂ c₂", cell.label());
        assertEquals("(3, 4)", cell.detail(), "h_t is proj_size wide");
        assertTrue(d.boxes().stream().filter(b -> b.kind() == Kind.STATE_IN).allMatch(b -> b.label().startsWith("h_0,c_0[")));
        assertTrue(d.boxes().stream().filter(b -> b.kind() == Kind.STATE_OUT).allMatch(b -> b.label().startsWith("h_n,c_n[")));
        String top = d.texts().stream().filter(t -> t.text().startsWith("LSTM(")).findFirst().orElseThrow().text();
        assertTrue(top.contains("c_t (3, 16) runs beside h_t"), top);
    }

    @Test
    void aGruCellShowsHAlone() {
        Diagram d = of(RnnConfig.of(CellMode.GRU, 10, 16));
        assertTrue(d.boxes().stream().filter(b -> b.kind() == Kind.CELL).allMatch(b -> !b.label().contains("c")));
        assertTrue(d.boxes().stream().filter(b -> b.kind() == Kind.STATE_IN).allMatch(b -> b.label().startsWith("h_0[")));
    }
}
