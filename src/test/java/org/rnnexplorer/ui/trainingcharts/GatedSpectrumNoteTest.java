package org.rnnexplorer.ui.trainingcharts;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.OptimizerKind;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ρ and σ_max chart says why an LSTM or GRU run has no line there (their W_hh stacks gate blocks), and says
 * nothing for an Elman RNN, whose history holds the line. It stood empty beside a long GRU run.
 */
class GatedSpectrumNoteTest {

    private static ServiceSnapshot trained(RnnConfig config) throws Exception {
        RunSpec spec = RunSpec.builder(config, TaskSpec.of("adding", 5)).batchSize(2)
                .optimizer(OptimizerKind.ADAM, Map.of("lr", 1e-2)).backend(BackendChoice.SCALAR).build();
        try (EngineService service = new EngineService()) {
            service.configure(spec).get(30, TimeUnit.SECONDS);
            return service.runIterations(3).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGatedRunsChartSaysWhyItHasNoLine() throws Exception {
        ServiceSnapshot gru = trained(RnnConfig.of(CellMode.GRU, 2, 4));
        assertTrue(gru.history().spectralRadius().isEmpty(), "no ρ series for a GRU: " + gru.history().spectralRadius());
        assertEquals("nn.GRU's W_hh stacks 3 gate blocks: it has no one ρ or σ_max. The Weights pane shows each "
                + "block's spectrum.", TrainingCharts.gatedNoteFor(gru));
        assertTrue(TrainingCharts.gatedNoteFor(trained(RnnConfig.of(CellMode.LSTM, 2, 4))).startsWith("nn.LSTM's W_hh "
                + "stacks 4 gate blocks"));
        ServiceSnapshot rnn = trained(RnnConfig.of(2, 4));
        assertTrue(!rnn.history().spectralRadius().isEmpty(), "an RNN has its line");
        assertEquals("", TrainingCharts.gatedNoteFor(rnn));
    }
}
