package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The window's trace export of an LSTM's pass uses the CLI trace's names and widths. */
class GatedTraceExportTest {

    @Test
    void anLstmsExportHoldsItsGatesCellAndCellGradientUnderTheCliTracesNames() throws Exception {
        RnnConfig config = new RnnConfig(CellMode.LSTM, 3, 6, 1, true, false, 0, true, 2);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, Initializers.create(config,
                    Initializers.Scheme.PYTORCH_DEFAULT, 1), 7, 2, 1);
            Map<String, Tensor> arrays = TraceExport.arrays(s.trace());
            for (DirectionTrace d : s.trace().directions()) {
                String l = d.label();
                assertFalse(arrays.containsKey("a." + l), "an LSTM has no pre-activation a_t");
                assertArrayEquals(new int[] {7, 2}, arrays.get("h." + l).shape(), "h is (T, proj_size)");
                assertArrayEquals(d.hidden(), arrays.get("h." + l).data());
                assertArrayEquals(d.gradHidden(), arrays.get("grad_h." + l).data());
                for (String g : new String[] {"i", "f", "g", "o"}) {
                    assertArrayEquals(new int[] {7, 6}, arrays.get("gate_" + g + "." + l).shape());
                    assertArrayEquals(d.gated().gate(g), arrays.get("gate_" + g + "." + l).data());
                }
                assertArrayEquals(d.gated().cell(), arrays.get("c." + l).data());
                assertArrayEquals(d.gated().gradCell(), arrays.get("grad_c." + l).data());
            }
        }
    }
}
