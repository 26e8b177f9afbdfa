package org.rnnexplorer.ui.gradient;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic of one BPTT step against the engine's own backward pass: at every step of every layer and
 * direction, W_hhᵀ·(f′(a_t) ⊙ ∂L/∂h_t) plus the direct term equals the traced ∂L/∂h_t−1 (t+1 in reverse).
 */
class BpttStepArithmeticTest {

    static final int T = 6, B = 2, I = 3;

    private static ServiceSnapshot explore(EngineService service, RnnConfig config, int[] lengths, ExploreLoss loss,
                                           long seed) throws Exception {
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, seed);
        ModelState form = new ModelState(config, new InputSpec(T, B, false, lengths, false),
                InputLayout.check(config, Tensor.zeros(T, B, I), null, lengths));
        RunSpec spec = LiveRunRule.exploreSpec(form, weights, null, "scalar", loss);
        return LiveRuns.await(service.configure(spec));
    }

    /**
     * Every step of every layer and direction adds up to the traced gradient; returns how many steps had both a
     * recurrent and a direct term of some size (so that neither term alone explains the sum).
     */
    private static int assertEveryStepAddsUp(TraceSnapshot trace) {
        RnnConfig c = trace.config();
        int both = 0;
        for (int k = 0; k < c.numLayers(); k++) {
            for (int d = 0; d < c.numDirections(); d++) {
                for (int t = 0; t < trace.length(); t++) {
                    assertNull(BpttStepArithmetic.whyNotShown(trace, k, d, t));
                    BpttStepArithmetic step = BpttStepArithmetic.of(trace, k, d, t);
                    String where = "layer " + k + " direction " + d + " t = " + t;
                    boolean first = d == 0 ? t == 0 : t == trace.length() - 1;
                    if (first) {
                        assertEquals(-1, step.prev(), where);
                        assertNull(step.traced());
                        continue;
                    }
                    assertEquals(d == 0 ? t - 1 : t + 1, step.prev(), where);
                    double scale = norm(step.traced());
                    if (scale == 0) { // a reverse direction before the last-step loss: nothing reaches it at all
                        assertEquals(0, step.largestDifference(), where);
                        continue;
                    }
                    assertTrue(step.largestDifference() <= 1e-5 * scale, where + ": recurrent + direct differs from "
                            + "the traced ∂L/∂h_prev by " + step.largestDifference() + " of ‖·‖ = " + scale);
                    if (norm(step.recurrent()) > 0.05 * scale && norm(step.direct()) > 0.05 * scale) both++;
                }
            }
        }
        return both;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Test
    void aTanhStepsRecurrentAndDirectTermsAddUpToTheTracedGradientWithTheLossAtEveryStep() throws Exception {
        RnnConfig config = new RnnConfig(I, 5, 1, Nonlinearity.TANH, true, false, 0, false);
        try (EngineService service = new EngineService()) {
            TraceSnapshot trace = explore(service, config, null, ExploreLoss.EVERY_STEP, 3).trace();
            assertTrue(assertEveryStepAddsUp(trace) >= T - 2, "both terms matter at most steps");
            // The direct term is the loss's own gradient: L = mean(h_t²) over (T, N, H) gives 2·h_prev / (T·N·H).
            BpttStepArithmetic step = BpttStepArithmetic.of(trace, 0, 0, 3);
            assertEquals(BpttStepArithmetic.DirectFrom.LOSS, step.directFrom());
            float[] hidden = trace.direction(0, 0).hidden();
            for (int u = 0; u < 5; u++) {
                assertEquals(2.0 * hidden[2 * 5 + u] / (T * B * 5), step.direct()[u], 1e-7);
                assertEquals(1 - (double) hidden[3 * 5 + u] * hidden[3 * 5 + u], step.derivative()[u], 1e-6);
            }
            // What the pane says about the step and its matrices.
            assertEquals("BPTT step t = 3 of l0, sequence b = 0: ∂L/∂h_2 = W_hhᵀ·(f′(a_3) ⊙ ∂L/∂h_3) + the loss's own "
                    + "gradient at h_2. Their sum and the traced ∂L/∂h_2 differ by at most "
                    + GradientFlowViewModel.number(step.largestDifference()) + ".", step.summary(0));
            assertEquals(java.util.List.of("W_hhᵀ  (5 × 5", "diag(f′(a_3)), f′ = 1 − h_3²  (5 × 5", "∂L/∂h_3  (5 × 1",
                    "recurrent term  (5 × 1", "direct: the loss at h_2  (5 × 1", "∂L/∂h_2 (traced)  (5 × 1"),
                    step.terms().stream().map(term -> term.caption().replaceAll(", ×10.*$", "").replaceAll("\\)$", ""))
                            .toList());
            assertEquals("BPTT step t = 0 of l0, sequence b = 0: t = 0 is the direction's first step, which read the "
                    + "initial state (nn.RNN's h_0 argument): the recurrent term W_hhᵀ·(f′(a_0) ⊙ ∂L/∂h_0) is the "
                    + "gradient on that initial state, which the trace does not hold.",
                    BpttStepArithmetic.of(trace, 0, 0, 0).summary(0));
            assertEquals(4, BpttStepArithmetic.of(trace, 0, 0, 0).terms().size(), "no direct or traced term at h_0");
            float[] w = trace.weights().weightHh(0, 0);
            assertEquals("W_hhᵀ [1, 3] = " + GradientFlowViewModel.number(w[3 * 5 + 1]),
                    step.terms().getFirst().describeCell(1, 3), "row 1, column 3 of the transpose is W_hh[3, 1]");
        }
    }

    @Test
    void aTwoLayerBidirectionalReluRnnAddsUpAtEveryStepThroughTheLayerAbove() throws Exception {
        RnnConfig config = new RnnConfig(I, 4, 2, Nonlinearity.RELU, true, false, 0, true);
        try (EngineService service = new EngineService()) {
            // Sequence 0 (the followed one) is shorter: its reverse direction starts at its own last step.
            TraceSnapshot trace = explore(service, config, new int[] {T - 1, T}, ExploreLoss.EVERY_STEP, 8).trace();
            assertEquals(T - 1, trace.length());
            assertTrue(assertEveryStepAddsUp(trace) > 0);
            BpttStepArithmetic lower = BpttStepArithmetic.of(trace, 0, 1, 2);
            assertEquals(BpttStepArithmetic.DirectFrom.LAYER_ABOVE, lower.directFrom());
            assertEquals(3, lower.prev());
            for (double f : lower.derivative()) assertTrue(f == 0 || f == 1, "relu′ is 0 or 1: " + f);
            assertTrue(BpttStepArithmetic.whyNotShown(trace, 0, 0, T - 1).contains("past sequence 0's length 5"));
        }
    }

    @Test
    void aTwoLayerBidirectionalTanhRnnWithTheLastStepLossAddsUpAndItsTopLayerHasNoDirectTermBeforeTheEnd()
            throws Exception {
        RnnConfig config = new RnnConfig(I, 3, 2, Nonlinearity.TANH, true, false, 0, true);
        try (EngineService service = new EngineService()) {
            TraceSnapshot trace = explore(service, config, null, ExploreLoss.LAST_STEP, 5).trace();
            assertTrue(assertEveryStepAddsUp(trace) > 0, "the lower layer has both terms");
            assertTrue(BpttStepArithmetic.of(trace, 1, 0, 3).directIsZero(), "the loss reads the last step only");
            assertTrue(BpttStepArithmetic.of(trace, 1, 0, 3).summary(0).contains(
                    "∂L/∂h_2 = W_hhᵀ·(f′(a_3) ⊙ ∂L/∂h_3) + 0 (the loss does not read h_2)."));
            assertTrue(BpttStepArithmetic.of(trace, 0, 0, 3).recurrent().length == 3);
        }
    }

    @Test
    void aTrainingPassIsShownWithTheWeightsItRanWithNotTheUpdatedOnes() throws Exception {
        RnnConfig config = new RnnConfig(I, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 2);
        ModelState form = new ModelState(config, new InputSpec(T, B, false, null, false),
                InputLayout.check(config, Tensor.zeros(T, B, I), null, null));
        RunSpec spec = LiveRunRule.exploreSpec(form, weights, null, "scalar", ExploreLoss.EVERY_STEP).toBuilder()
                .optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 20.0)).build();
        try (EngineService service = new EngineService()) {
            LiveRuns.await(service.configure(spec));
            ServiceSnapshot s = LiveRuns.await(service.stepIteration());
            TraceSnapshot trace = s.trace();
            assertEquals(1, trace.iteration());
            assertEveryStepAddsUp(trace);
            // The published weights are after the update; with them the sum no longer matches.
            assertNotNull(s.model());
            TraceSnapshot updated = new TraceSnapshot(trace.iteration(), config, trace.steps(), trace.batch(),
                    trace.batchIndex(), trace.length(), trace.loss(), trace.directions(), s.model().rnn(),
                    trace.gradOutput());
            BpttStepArithmetic wrong = BpttStepArithmetic.of(updated, 1, 0, 3);
            assertTrue(wrong.largestDifference() > 1e-3 * norm(wrong.traced()), "the update moved W_hh");
        }
    }

    @Test
    void withDropoutAnExplorePassAddsUpEverywhereAndATrainingPassOnlyInTheTopLayer() throws Exception {
        RnnConfig config = new RnnConfig(I, 4, 2, Nonlinearity.TANH, true, false, 0.5, false);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 6);
        ModelState form = new ModelState(config, new InputSpec(T, B, false, null, false),
                InputLayout.check(config, Tensor.zeros(T, B, I), null, null));
        RunSpec spec = LiveRunRule.exploreSpec(form, weights, null, "scalar", ExploreLoss.EVERY_STEP).toBuilder()
                .optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 0.1)).build();
        try (EngineService service = new EngineService()) {
            TraceSnapshot explored = LiveRuns.await(service.configure(spec)).trace();
            assertTrue(assertEveryStepAddsUp(explored) > 0, "the first pass runs in eval mode: no dropout");
            TraceSnapshot trained = LiveRuns.await(service.stepIteration()).trace();
            assertEquals("In training, layer 0 reaches the layer above through dropout, whose mask the trace does not "
                    + "keep: the arithmetic is shown for the top layer only.",
                    BpttStepArithmetic.whyNotShown(trained, 0, 0, 3));
            for (int t = 1; t < T; t++) {
                BpttStepArithmetic top = BpttStepArithmetic.of(trained, 1, 0, t);
                assertTrue(top.largestDifference() <= 1e-5 * norm(top.traced()), "top layer, t = " + t);
            }
        }
    }

    @Test
    void largeAndGatedModelsSayWhyTheirArithmeticIsNotShown() throws Exception {
        try (EngineService service = new EngineService()) {
            RnnConfig wide = new RnnConfig(I, 17, 1, Nonlinearity.TANH, true, false, 0, false);
            TraceSnapshot trace = explore(service, wide, null, ExploreLoss.LAST_STEP, 1).trace();
            assertNull(trace.weights(), "nothing is kept that is not shown");
            assertEquals("The arithmetic of one step is shown for hidden_size ≤ 16: at H = 17 W_hhᵀ alone has 289 "
                    + "values.", BpttStepArithmetic.whyNotShown(trace, 0, 0, 2));
            RnnConfig lstm = new RnnConfig(CellMode.LSTM, I, 4, 1, true, false, 0, false, 0);
            TraceSnapshot gated = explore(service, lstm, null, ExploreLoss.LAST_STEP, 1).trace();
            assertTrue(BpttStepArithmetic.whyNotShown(gated, 0, 0, 2).contains("for an LSTM the step's factors are in "
                    + "the text above"));
        }
    }
}
