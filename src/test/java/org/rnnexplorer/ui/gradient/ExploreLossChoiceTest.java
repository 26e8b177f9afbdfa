package org.rnnexplorer.ui.gradient;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ReferenceMath;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explore loss chosen in the Gradient flow pane: the run differentiates it, the stated loss follows it, and the
 * ‖∂L/∂h_t‖ chart's values equal the float64 reference's gradient of that loss (mean(h_last²) at the last step, or
 * mean(h_t²) over every step) for a bidirectional RNN, whose reverse direction shows the difference most.
 */
class ExploreLossChoiceTest {

    static final int T = 7, B = 2, I = 3, H = 5;
    static final RnnConfig BIDIRECTIONAL = new RnnConfig(I, H, 1, Nonlinearity.TANH, true, false, 0, true);

    @Test
    void theChartShowsTheGradientOfTheChosenLossAndTheTextNamesIt() throws Exception {
        RnnParameters weights = Initializers.create(BIDIRECTIONAL, Initializers.Scheme.PYTORCH_DEFAULT, 4);
        ModelState form = new ModelState(BIDIRECTIONAL, new InputSpec(T, B, false, null, false),
                InputLayout.check(BIDIRECTIONAL, Tensor.zeros(T, B, I), null, null));
        try (EngineService service = new EngineService()) {
            for (ExploreLoss loss : ExploreLoss.values()) {
                RunSpec spec = LiveRunRule.exploreSpec(form, weights, null, "scalar", loss);
                ServiceSnapshot s = LiveRuns.await(service.configure(spec));
                GradientFlowViewModel vm = new GradientFlowViewModel(
                        new TimeCursorViewModel(new LiveRuns.Steps(service)), Runnable::run, Runnable::run);
                vm.show(s);
                assertTrue(vm.lossTextProperty().get().contains(loss.description()), vm.lossTextProperty().get());
                assertTrue(vm.exploringProperty().get());
                List<Curve> chart = vm.frameProperty().get().norms();
                List<DirectionTrace> directions = s.trace().directions();
                assertEquals(2, chart.size());
                for (int i = 0; i < chart.size(); i++) {
                    double[] expected = referenceNorms(weights, spec.task().fixed().input(), loss, directions.get(i).direction());
                    double[] shown = chart.get(i).y();
                    for (int t = 0; t < T; t++) {
                        assertEquals(expected[t], shown[t], 1e-4 * expected[t] + 1e-9,
                                loss + ", direction " + directions.get(i).direction() + ", t = " + t);
                    }
                }
                // What tells the two apart on screen: the reverse direction runs from t = T-1 down to 0, so with the
                // last step's loss only its first step (t = T-1) affects L; with every step's loss t = 0 does too.
                double[] reverse = chart.get(1).y();
                if (loss == ExploreLoss.LAST_STEP) {
                    for (int t = 0; t < T - 1; t++) assertEquals(0, reverse[t], 1e-12, "t = " + t);
                } else {
                    assertTrue(reverse[0] > 0, "every step's loss reaches the reverse direction's t = 0");
                }
            }
        }
    }

    @Test
    void choosingALossInTheStateGivesTheExploreRunThatLoss() {
        ExplorerState state = new ExplorerState();
        List<Runnable> later = new ArrayList<>();
        List<RunSpec> configured = new ArrayList<>();
        new LiveRunRule(state, later::add, configured::add);
        ModelState form = new ModelState(BIDIRECTIONAL, new InputSpec(T, B, false, null, false),
                InputLayout.check(BIDIRECTIONAL, Tensor.zeros(T, B, I), null, null));
        state.editForm(form);
        state.editWeights(Initializers.create(BIDIRECTIONAL, Initializers.Scheme.PYTORCH_DEFAULT, 4));
        drain(later);
        assertEquals(ExploreLoss.LAST_STEP, ExploreLoss.of(configured.getLast()));
        state.exploreLossProperty().set(ExploreLoss.EVERY_STEP);
        drain(later);
        assertEquals(2, configured.size());
        assertEquals(ExploreLoss.EVERY_STEP, ExploreLoss.of(configured.getLast()));
        assertTrue(GradientFlowViewModel.describeLoss(configured.getLast()).contains("enters at every step"),
                GradientFlowViewModel.describeLoss(configured.getLast()));
    }

    private static void drain(List<Runnable> queue) {
        while (!queue.isEmpty()) queue.removeFirst().run();
    }

    /** ‖∂L/∂h_t‖ over (B, H) per t of one direction, in float64, for the loss on output (T, B, 2·H). */
    static double[] referenceNorms(RnnParameters weights, Tensor x, ExploreLoss loss, int direction) {
        ReferenceMath.Params p = new ReferenceMath.Params(BIDIRECTIONAL);
        for (int d = 0; d < 2; d++) {
            copy(weights.weightIh(0, d), p.weightIh[d]);
            copy(weights.weightHh(0, d), p.weightHh[d]);
            copy(weights.biasIh(0, d), p.biasIh[d]);
            copy(weights.biasHh(0, d), p.biasHh[d]);
        }
        double[] input = new double[x.data().length];
        copy(x.data(), input);
        ReferenceMath.ForwardResult fw = ReferenceMath.forward(BIDIRECTIONAL, p, T, B, input, null, null, null);
        int width = 2 * H;
        double[] gy = new double[T * B * width];
        // L = mean(y²) over what the loss reads: dL/dy = 2y / (number of entries read).
        int firstT = loss == ExploreLoss.LAST_STEP ? T - 1 : 0;
        double read = (T - firstT) * B * width;
        for (int t = firstT; t < T; t++) {
            for (int i = 0; i < B * width; i++) gy[t * B * width + i] = 2 * fw.output[t * B * width + i] / read;
        }
        double[] g = ReferenceMath.backward(BIDIRECTIONAL, p, fw, gy, null).hidden[direction];
        double[] norms = new double[T];
        for (int t = 0; t < T; t++) {
            double sum = 0;
            for (int i = 0; i < B * H; i++) sum += g[t * B * H + i] * g[t * B * H + i];
            norms[t] = Math.sqrt(sum);
        }
        return norms;
    }

    private static void copy(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) to[i] = from[i];
    }
}
