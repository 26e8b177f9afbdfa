package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.OptimizerKind;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An LSTM (with a projection) or a GRU trains through the engine service and its passes are published: h_t and
 * ∂L/∂h_t of the followed sequence, ‖∂L/∂h_t‖ per step. Before, reading the pass failed on the Elman RNN's a_t and
 * every gated run ended FAILED at its first snapshot.
 */
class GatedRunTraceTest {

    @Test
    void anLstmWithAProjectionAndAGruTrainAndPublishTheirPasses() throws Exception {
        for (RnnConfig config : new RnnConfig[] {RnnConfig.of(CellMode.LSTM, 2, 6).withProjSize(3),
            RnnConfig.of(CellMode.GRU, 2, 6)}) {
            // Batch 1: the followed sequence is the whole batch, so ‖∂L/∂h_t‖ is the norm of its published row t.
            RunSpec spec = RunSpec.builder(config, TaskSpec.of("adding", 7)).batchSize(1)
                    .optimizer(OptimizerKind.ADAM, Map.of("lr", 1e-2)).backend(BackendChoice.SCALAR)
                    .probes(RunSpec.ProbeSettings.defaults()).build();
            try (EngineService service = new EngineService()) {
                ServiceSnapshot first = service.configure(spec).get(60, TimeUnit.SECONDS);
                assertEquals(RunState.IDLE, first.state(), first.message());
                ServiceSnapshot s = service.runIterations(3).get(60, TimeUnit.SECONDS);
                assertEquals(RunState.IDLE, s.state(), s.message());
                assertEquals(3, s.iteration());
                DirectionTrace d = s.trace().direction(0, 0);
                int width = config.outputHiddenSize(); // P for the LSTM, H for the GRU
                assertEquals(7 * width, d.hidden().length, config.torchRepr());
                assertEquals(7 * width, d.gradHidden().length);
                assertNull(d.preactivation(), "a gated cell has no a_t");
                // The factor is the gated cell's measured ‖∂h_t/∂h_t−1‖₂ (GatedProbes; its values are checked against
                // finite differences in GatedTraceSnapshotTest): one finite, positive value per step of the pass.
                assertEquals(7, d.jacobianNorm().length, "one measured factor per step");
                for (double f : d.jacobianNorm()) assertTrue(Double.isFinite(f) && f > 0, "measured factor " + f);
                double[] rowNorms = new double[7];
                for (int t = 0; t < 7; t++) {
                    double sum = 0;
                    for (int j = 0; j < width; j++) sum += (double) d.gradHidden()[t * width + j] * d.gradHidden()[t * width + j];
                    rowNorms[t] = Math.sqrt(sum);
                }
                assertArrayEquals(rowNorms, d.gradNorm(), 1e-6);
            }
        }
    }
}
