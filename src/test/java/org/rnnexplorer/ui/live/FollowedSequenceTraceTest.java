package org.rnnexplorer.ui.live;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.ModelState;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The explore run following sequence b of a packed batch (lengths 5, 3, 2) traces that sequence: its length, and
 * h_t equal to the engine's output for sequence b (zero past its length), for each b.
 */
class FollowedSequenceTraceTest {

    @ParameterizedTest(name = "sequence {0}")
    @ValueSource(ints = {0, 1, 2})
    void theTraceIsTheFollowedSequencesOutput(int b) throws Exception {
        ModelViewModel vm = new ModelViewModel();
        vm.cellModeProperty().set(CellMode.RNN_TANH);
        vm.inputSizeProperty().set("4");
        vm.hiddenSizeProperty().set("6");
        vm.numLayersProperty().set("1");
        vm.batchFirstProperty().set(false);
        vm.seqLenProperty().set("5");
        vm.batchProperty().set("3");
        vm.lengthsProperty().set("5,3,2");
        vm.h0Property().set(false);
        ModelState form = vm.stateProperty().get();
        RnnParameters weights = Initializers.create(form.config(), Initializers.Scheme.PYTORCH_DEFAULT, 2);
        RunSpec spec = LiveRunRule.exploreSpec(form, weights, null, "scalar", ExploreLoss.LAST_STEP, b);
        int[] lengths = {5, 3, 2};
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.await(service.configure(spec));
            TraceSnapshot trace = s.trace();
            assertEquals(b, trace.batchIndex());
            assertEquals(lengths[b], trace.length());
            TaskSpec.FixedBatch batch = spec.task().fixed();
            RnnOutput out;
            try (Rnn rnn = new Rnn(weights, Backends.select("scalar"))) {
                out = rnn.forward(batch.input(), null, lengths, ForwardOptions.inference());
            }
            DirectionTrace d = trace.directions().getFirst();
            for (int t = 0; t < 5; t++) {
                for (int u = 0; u < 6; u++) {
                    assertEquals(out.output().data()[(t * 3 + b) * 6 + u], d.hidden()[t * 6 + u], 1e-6,
                            "h_" + t + "[" + u + "] of sequence " + b);
                }
            }
        }
    }
}
