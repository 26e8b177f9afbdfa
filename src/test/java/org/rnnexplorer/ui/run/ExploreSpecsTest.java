package org.rnnexplorer.ui.run;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExploreSpecsTest {

    @Test
    void theLiveRunShowsTheFormsModelWithGradientsFlowingBackFromEachSequencesEnd() throws Exception {
        RnnConfig config = new RnnConfig(3, 6, 2, Nonlinearity.TANH, true, true, 0, true);
        InputSpec input = new InputSpec(7, 3, false, new int[] {7, 4, 2}, true);
        InputLayout layout = InputLayout.check(config, Tensor.zeros(3, 7, 3), Tensor.zeros(4, 3, 6), input.lengths());
        ModelState state = new ModelState(config, input, layout);
        RnnParameters params = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(ExploreSpecs.explore(state, params, null, 1, "scalar")).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.IDLE, s.state(), s.message());
            assertEquals(7, s.trace().steps());
            assertEquals(3, s.trace().batch());
            assertEquals(4, s.trace().directions().size());
            DirectionTrace top = s.trace().direction(1, 0);
            // Batch-wide ‖∂L/∂h_t‖ is non-zero up to the longest sequence's end and the loss sits at each end.
            assertTrue(top.gradNorm()[6] > 0);
            // Sequence 0 is followed (batch index 0, length 7): its hidden state exists at every step.
            assertEquals(7 * 6, top.hidden().length);
            assertTrue(top.hidden()[6 * 6] != 0);
            assertTrue(top.jacobianNorm() != null && top.jacobianNorm()[3] > 0);
        }
    }

    @Test
    void theEveryStepLossIsTheMeanSquareOfTheWholeOutputAndReachesTheReverseDirectionEverywhere() throws Exception {
        // One sequence, so that the followed sequence's states are the whole output.
        RnnConfig config = new RnnConfig(3, 5, 1, Nonlinearity.TANH, true, false, 0, true);
        InputSpec input = new InputSpec(6, 1, false, null, false);
        InputLayout layout = InputLayout.check(config, Tensor.zeros(6, 1, 3), null, null);
        ModelState state = new ModelState(config, input, layout);
        RnnParameters params = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot every = service.configure(ExploreSpecs.explore(state, params, null, 1, "scalar",
                    ExploreLoss.EVERY_STEP, 0)).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.IDLE, every.state(), every.message());
            assertEquals(ExploreLoss.EVERY_STEP, ExploreLoss.of(every.spec()));
            double sum = 0;
            for (DirectionTrace d : every.trace().directions()) for (float h : d.hidden()) sum += (double) h * h;
            assertEquals(sum / (6 * 2 * 5), every.trace().loss(), 1e-6, "mean(h_t²) over (L, N, D·H) = (6, 1, 10)");
            DirectionTrace reverse = every.trace().direction(0, 1);
            for (int t = 0; t < 6; t++) assertTrue(reverse.gradNorm()[t] > 0, "the loss reaches reverse step " + t);

            ServiceSnapshot last = service.configure(ExploreSpecs.explore(state, params, null, 1, "scalar"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(ExploreLoss.LAST_STEP, ExploreLoss.of(last.spec()));
            double[] g = last.trace().direction(0, 1).gradNorm();
            int nonZero = 0;
            for (double v : g) if (v > 0) nonZero++;
            assertEquals(1, nonZero, "the last-step loss touches the reverse direction at one step only");
        }
    }
}
