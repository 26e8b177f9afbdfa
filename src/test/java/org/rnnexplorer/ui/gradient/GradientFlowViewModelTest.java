package org.rnnexplorer.ui.gradient;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import java.util.List;
import org.rnnexplorer.service.TrainingHistory;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gradient flow view-model on real passes of the engine service (scalar backend), without JavaFX. */
class GradientFlowViewModelTest {

    static final int T = 60, H = 32;
    static final RnnConfig TANH = new RnnConfig(4, H, 1, Nonlinearity.TANH, true, true, 0, false);

    private static GradientFlowViewModel viewModel(TimeCursorViewModel cursor) {
        return new GradientFlowViewModel(cursor, Runnable::run, Runnable::run);
    }

    /** σ_max of a square (n, n) matrix by power iteration on WᵀW, in double precision. */
    static double largestSingularValue(float[] w, int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double sigma = 0;
        for (int it = 0; it < 5000; it++) {
            double[] wv = new double[n], wtwv = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) wv[i] += w[i * n + j] * v[j];
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) wtwv[j] += w[i * n + j] * wv[i];
            double norm = 0;
            for (double x : wtwv) norm += x * x;
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) v[j] = wtwv[j] / norm;
            sigma = Math.sqrt(norm);
        }
        return sigma;
    }

    @Test
    void aTanhRnnAtPyTorchsDefaultInitLosesItsGradientGoingBackAndStaysUnderPascanusBound() throws Exception {
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, TANH, weights, T, 2, 5);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            GradientFlowViewModel vm = viewModel(cursor);
            cursor.follow(s);
            vm.show(s);
            GradientFrame f = vm.frameProperty().get();
            assertNotNull(f);
            DirectionTrace d = s.trace().direction(0, 0);
            double[] norm = d.gradNorm();

            // The chart shows exactly what the snapshot holds.
            assertEquals(1, f.norms().size());
            Curve curve = f.norms().getFirst();
            assertEquals(T, curve.size());
            assertArrayEquals(norm, curve.y());
            assertEquals(T - 1.0, curve.x()[T - 1]);

            // Loss at the last step only: the gradient enters at t = T − 1 and fades going back.
            assertTrue(norm[0] < 1e-3 * norm[T - 1], norm[0] + " vs " + norm[T - 1]);
            int decreasing = 0;
            for (int t = 1; t < T; t++) if (norm[t - 1] < norm[t]) decreasing++;
            assertTrue(decreasing > 0.8 * (T - 1), decreasing + " of " + (T - 1) + " steps shrink going back");

            // σ_max is W_hh's, checked by an independent power iteration; the bound is ‖g_T‖·σ_max^k.
            double sigma = largestSingularValue(weights.weightHh(0, 0), H);
            assertEquals(sigma, d.sigmaMax(), 1e-4 * sigma);
            assertEquals(d.sigmaMax(), f.sigmaMax());
            assertTrue(sigma > 1, "PyTorch's default init has σ_max > 1 although ρ < 1: σ_max = " + sigma);
            assertEquals(T - 1, f.last());
            double largest = java.util.Arrays.stream(norm).max().orElseThrow();
            int drawn = 0;
            for (int t = 0; t < T; t++) {
                double expected = norm[T - 1] * Math.pow(d.sigmaMax(), T - 1 - t);
                double shown = f.bound().y()[t];
                if (expected <= GradientFrame.BOUND_CEILING * largest) {
                    assertEquals(expected, shown, 1e-12 * expected, "bound at t = " + t);
                    drawn++;
                } else {
                    assertTrue(Double.isNaN(shown), "left out above the ceiling at t = " + t);
                }
                // What happens stays under the bound: ‖∂L/∂h_t‖ ≤ ‖∂L/∂h_T‖·(γσ_max)^k, and so does the product.
                assertTrue(norm[t] <= expected * (1 + 1e-5), "measured under the bound at t = " + t);
                assertTrue(f.product().y()[t] <= expected * (1 + 1e-5), "running product under the bound at t = " + t);
            }
            assertTrue(drawn > 10);
            assertTrue(vm.boundTextProperty().get().contains("≥ 1"), vm.boundTextProperty().get());
        }
    }

    @Test
    void aStackedRnnsLowerLayerIsNotClaimedToVanishUnderTheBound() throws Exception {
        // Layer 0's W_hh scaled by 0.3 (σ_max < 1): the top layer's gradient stays under Pascanu's bound, but layer 0 gets a
        // fresh gradient from the layer above at every step, and its curve is far above ‖∂L/∂h_last‖·(γσ_max)^k. The
        // pane drew that "bound" under it and said the gradient "must vanish".
        int steps = 20;
        RnnConfig stacked = new RnnConfig(4, H, 2, Nonlinearity.TANH, true, true, 0, false);
        RnnParameters weights = Initializers.create(stacked, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        float[] whh0 = weights.weightHh(0, 0);
        for (int i = 0; i < whh0.length; i++) whh0[i] *= 0.3f;
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, stacked, weights, steps, 2, 5);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            GradientFlowViewModel vm = viewModel(cursor);
            cursor.follow(s);

            GradientFrame top = GradientFrame.prepare(s.trace(), 1, 0, s.trace().direction(1, 0).sigmaMax(), false);
            assertEquals(GradientFrame.Entry.LAST_STEP_ONLY, top.entry());
            assertNotNull(top.bound());
            double[] topNorm = s.trace().direction(1, 0).gradNorm();
            for (int t = 0; t < steps; t++) {
                double cap = topNorm[steps - 1] * Math.pow(top.sigmaMax(), steps - 1 - t);
                assertTrue(topNorm[t] <= cap * (1 + 1e-5), "the top layer stays under its bound at t = " + t);
            }

            DirectionTrace lower = s.trace().direction(0, 0);
            GradientFrame f = GradientFrame.prepare(s.trace(), 0, 0, lower.sigmaMax(), false);
            assertEquals(GradientFrame.Entry.FROM_THE_LAYER_ABOVE, f.entry());
            assertTrue(lower.sigmaMax() < 1, "σ_max = " + lower.sigmaMax());
            double[] norm = lower.gradNorm();
            double wouldBe = norm[steps - 1] * Math.pow(lower.sigmaMax(), steps - 1);
            assertTrue(norm[0] > 1e3 * wouldBe, "the lower layer's ‖∂L/∂h_0‖ = " + norm[0]
                    + " is far above the would-be bound " + wouldBe + ": it is no bound there");
            assertEquals(null, f.bound(), "so it is not drawn");
            vm.layerProperty().set(0);
            vm.show(s);
            String text = vm.boundTextProperty().get();
            assertTrue(text.contains("the layer above feeds this layer at every step") && text.contains("need not fall")
                    && !text.contains("must vanish"), text);
        }
    }

    @Test
    void steppingBackThroughBpttShowsEachStepsJacobianFactorAndTheRunningProduct() throws Exception {
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            GradientFlowViewModel vm = viewModel(cursor);
            ServiceSnapshot s = LiveRuns.explore(service, TANH, weights, T, 2, 5);
            cursor.follow(s);
            vm.show(s);
            assertFalse(vm.steppingProperty().get());
            assertEquals(-1, vm.walkedFromProperty().get());

            vm.stepBack(); // the first press takes BPTT's first step: t = T-1 to T-2
            ServiceSnapshot now = steps.result();
            cursor.follow(now);
            vm.show(now);
            assertTrue(vm.steppingProperty().get());
            DirectionTrace d = now.trace().direction(0, 0);
            int t = T - 2;
            assertEquals(d.jacobianNorm()[t], vm.jacobianFactorProperty().get());
            assertEquals(Math.exp(d.productLogNorm()[t]), vm.runningProductProperty().get(), 1e-12);
            assertEquals(d.sigmaMax(), vm.boundFactorProperty().get(), 1e-12, "one step back: (γσ_max)^1");
            assertEquals(t, vm.walkedFromProperty().get());
            assertEquals(T - 1, vm.walkedToProperty().get());
            // One factor walked: ‖∂h_59/∂h_58‖ is the factor of step 59 itself.
            assertEquals(d.jacobianNorm()[T - 1], vm.runningProductProperty().get(), 1e-4);
            assertTrue(vm.stepTextProperty().get().contains("BPTT at t = 58 (1 step back from t = 59)"), vm.stepTextProperty().get());
            assertTrue(vm.stepTextProperty().get().contains(GradientFlowViewModel.number(d.jacobianNorm()[t])));

            vm.restart();
            assertFalse(vm.steppingProperty().get());
            assertEquals(-1, vm.walkedFromProperty().get());
        }
    }

    /**
     * The reverse direction's readout while the walk steps back from the last step: its BPTT runs from t = 0, so its
     * running product ‖∂h_0/∂h_t‖ covers t…0, the band marks those steps, the bound's k counts them, and its factor is
     * ‖∂h_t/∂h_t+1‖ (it said "1 step back from t = 4" beside a product over three steps, and banded t = 3…4).
     */
    @Test
    void theReverseDirectionsStepThroughSaysItsBpttRunsFromTZero() throws Exception {
        RnnConfig bi = TANH.withBidirectional(true);
        RnnParameters weights = Initializers.create(bi, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            GradientFlowViewModel vm = viewModel(cursor);
            ServiceSnapshot s = LiveRuns.explore(service, bi, weights, 5, 2, 5);
            cursor.follow(s);
            vm.directionProperty().set(1);
            vm.show(s);
            assertTrue(vm.stepTextProperty().get().startsWith("t = 4   (Step back through BPTT, Shift+Left, walks back "
                    + "from t = 4; the reverse direction's BPTT runs the other way, from t = 0)"), vm.stepTextProperty().get());

            vm.stepBack();
            ServiceSnapshot now = steps.result();
            cursor.follow(now);
            vm.show(now);
            int t = 3;
            DirectionTrace d = now.trace().direction(0, 1);
            String text = vm.stepTextProperty().get();
            assertTrue(text.startsWith("BPTT at t = 3: the reverse direction's BPTT runs the other way, from t = 0, so "
                    + "t = 3 is 3 steps back from it\nfactor ‖∂h_t/∂h_t+1‖₂ = ‖diag(f′(a_t))·W_hh‖₂ = "), text);
            assertTrue(text.contains("running product ‖∂h_0/∂h_t‖₂ = " + GradientFlowViewModel.number(
                    Math.exp(d.productLogNorm()[t]))), text);
            assertTrue(text.contains("^3 = "), "k = 3 steps, as the product: " + text);
            assertEquals(0, vm.walkedFromProperty().get(), "the band covers what the product multiplies: 0…t");
            assertEquals(t, vm.walkedToProperty().get());
            // The product over the reverse direction's steps 3, 2, 1 (each its own ∂h_t/∂h_t+1) is at most their
            // factors' product, and equal for one step: checked at t = 1.
            double bound = d.jacobianNorm()[0] * d.jacobianNorm()[1] * d.jacobianNorm()[2];
            assertTrue(Math.exp(d.productLogNorm()[t]) <= bound * (1 + 1e-6), "submultiplicative");
            assertEquals(d.jacobianNorm()[0], Math.exp(d.productLogNorm()[1]), 1e-4, "one step: ‖∂h_0/∂h_1‖ is step 0's factor");
        }
    }

    @Test
    void theHeatmapHoldsTheFollowedSequencesGradientAsUnitsByTimeOrItsLogMagnitude() throws Exception {
        RnnConfig bi = new RnnConfig(3, 6, 2, Nonlinearity.TANH, true, true, 0, true);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, bi, Initializers.create(bi, Initializers.Scheme.PYTORCH_DEFAULT, 2), 9, 3, 1);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.layerProperty().set(1);
            vm.directionProperty().set(1);
            vm.show(s);
            assertEquals(java.util.List.of(0, 1), vm.layers());
            assertEquals(java.util.List.of(0, 1), vm.directions());
            GradientFrame f = vm.frameProperty().get();
            assertEquals(4, f.norms().size(), "one curve per layer and direction");
            DirectionTrace d = s.trace().direction(1, 1);
            assertEquals(0, f.last(), "a reverse direction's BPTT starts at t = 0");
            for (int u = 0; u < 6; u++) {
                for (int t = 0; t < 9; t++) assertEquals(d.gradHidden()[t * 6 + u], f.gradients().value(u, t));
            }
            assertEquals(-f.scale().low(), f.scale().high(), "symmetric scale");
            assertTrue(vm.describeCell(2, 4).startsWith("t = 4, unit 2: ∂L/∂h = "));

            vm.logMagnitudeProperty().set(true);
            GradientFrame log = vm.frameProperty().get();
            assertTrue(log.logMagnitude());
            assertEquals((float) Math.log10(Math.abs(d.gradHidden()[4 * 6 + 2])), log.gradients().value(2, 4));
            assertEquals(GradientFrame.LOG_DECADES, log.scale().high() - log.scale().low());
            TraceSnapshot trace = s.trace();
            assertEquals(trace, log.trace());
        }
    }

    @Test
    void aHiddenPaneIsNotPreparedUntilShown() throws Exception {
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, TANH, Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 3), 8, 1, 1);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.activeProperty().set(false);
            vm.show(s);
            assertEquals(null, vm.frameProperty().get());
            vm.activeProperty().set(true);
            assertEquals(s.trace(), vm.frameProperty().get().trace());
        }
    }

    @Test
    void clippingEventsAreMarkedAtTheirPreClipNormAndARunWithoutClippingSaysSo() throws Exception {
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, TANH, weights, 8, 2, 1, LiveRuns::withSgd);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(s);
            assertEquals(0, vm.clippingProperty().get().points());
            assertTrue(vm.clippingProperty().get().describe().startsWith("No training iterations yet"));
            ServiceSnapshot trained = LiveRuns.await(service.runIterations(5));
            vm.show(trained);
            ClipHistory clip = vm.clippingProperty().get();
            assertEquals(5, clip.points());
            assertArrayEquals(trained.history().gradNorm().yMax(), clip.before().y());
            assertEquals(0, clip.fired(), "without clipping nothing fires");
            // Not "Clipping never fired", nor "before clipping" and "after clipping" lines: this run has no clipping.
            assertFalse(clip.clips());
            assertEquals("This run does not clip its gradients (Training ▸ Clipping: none): the norm of each of its 5 "
                    + "iterations.", clip.describe());
            assertEquals(ClipHistory.NORM_WITHOUT_CLIPPING, clip.before().key());
            assertEquals(0, clip.after().size(), "no second line drawn over the first");
            assertEquals(0, clip.events().size());
        }
        try (EngineService service = new EngineService()) {
            double maxNorm = 1e-4; // far below any gradient norm here: every step is clipped
            LiveRuns.explore(service, TANH, weights, 8, 2, 1,
                    spec -> LiveRuns.withSgd(spec).withClipping(org.rnnexplorer.train.GradientClipping.norm(maxNorm, 2)));
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            ServiceSnapshot trained = LiveRuns.await(service.runIterations(4));
            vm.show(trained);
            ClipHistory clip = vm.clippingProperty().get();
            assertEquals(4, clip.fired());
            assertEquals("Clipping fired at 4 of 4 iterations.", clip.describe());
            for (int i = 0; i < 4; i++) {
                assertEquals(trained.history().gradNorm().x()[i], clip.events().x()[i]);
                assertEquals(trained.history().gradNorm().yMax()[i], clip.events().y()[i]);
                assertTrue(clip.before().y()[i] > maxNorm);
                double before = clip.before().y()[i];
                // torch.nn.utils.clip_grad_norm_ scales by max_norm / (total_norm + 1e-6).
                assertEquals(maxNorm * before / (before + 1e-6), clip.after().y()[i], 1e-4 * maxNorm);
            }
        }
    }

    /** Issue 13 item 7: a pane opened after a shape change described the previous shape until its frame was ready. */
    @Test
    void aPaneShownAgainDescribesTheNewPassBeforeItsFrameIsPrepared() throws Exception {
        RnnConfig config = new RnnConfig(3, 8, 1, Nonlinearity.TANH, true, false, 0, false);
        RnnConfig wider = config.withHiddenSize(12);
        try (EngineService service = new EngineService()) {
            ArrayDeque<Runnable> preparation = new ArrayDeque<>();
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            GradientFlowViewModel vm = new GradientFlowViewModel(cursor, preparation::add, Runnable::run);
            vm.show(LiveRuns.explore(service, config, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 2), 6, 2, 7));
            while (!preparation.isEmpty()) preparation.poll().run();
            assertTrue(vm.headerProperty().get().contains("(L, N, H) = (6, 2, 8)"), vm.headerProperty().get());

            vm.activeProperty().set(false); // another tab is shown while the model changes
            vm.show(LiveRuns.explore(service, wider, Initializers.create(wider, Initializers.Scheme.PYTORCH_DEFAULT, 2), 100, 2, 7));
            vm.activeProperty().set(true);
            assertTrue(vm.headerProperty().get().contains("(L, N, H) = (100, 2, 12)"),
                    "before the frame is prepared: " + vm.headerProperty().get());
            while (!preparation.isEmpty()) preparation.poll().run();
            assertEquals(100, vm.frameProperty().get().gradients().columns());
        }
    }

    @Test
    void afterTheRunExplodesTheLastFinitePassStaysMarkedWithTheIterationItDivergedAt() throws Exception {
        // The exploding preset's run: ρ = 1.5, plain SGD, no clipping; the watchdog stops it within a hundred steps.
        RnnConfig config = new RnnConfig(2, 64, 1, Nonlinearity.TANH, true, false, 0, false);
        org.rnnexplorer.service.RunSpec spec = org.rnnexplorer.service.RunSpec.builder(config,
                        org.rnnexplorer.service.TaskSpec.of("adding", 100))
                .init(Initializers.Scheme.PYTORCH_DEFAULT, 1.5).batchSize(16)
                .optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 0.05, "momentum", 0.0))
                .clipping(org.rnnexplorer.train.GradientClipping.none()).seed(0)
                .backend(org.rnnexplorer.service.BackendChoice.SIMD)
                .probes(org.rnnexplorer.service.RunSpec.ProbeSettings.none()).build();
        try (EngineService service = new EngineService()) {
            java.util.List<ServiceSnapshot> published = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            service.addListener(published::add);
            service.configure(spec).get();
            ServiceSnapshot end = service.runIterations(200).get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertNotNull(end.nonFinite(), end.message());
            long diverged = end.nonFinite().step();
            // A pass that carries the ∞ itself, as the watchdog saw it, arrives last.
            TraceSnapshot last = end.trace();
            DirectionTrace d = last.direction(0, 0);
            double[] norms = d.gradNorm().clone();
            norms[norms.length - 1] = Double.POSITIVE_INFINITY;
            TraceSnapshot infinite = new TraceSnapshot(diverged, last.config(), last.steps(), last.batch(),
                    last.batchIndex(), last.length(), last.loss(), java.util.List.of(new DirectionTrace(d.layer(),
                    d.direction(), d.hidden(), d.preactivation(), d.gradHidden(), norms, null, null, null,
                    Double.NaN, Double.NaN)));
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            GradientFlowViewModel vm = viewModel(cursor);
            for (ServiceSnapshot s : java.util.List.copyOf(published)) vm.show(s);
            vm.show(new ServiceSnapshot(end.version() + 1, end.state(), end.message(), end.spec(), end.iteration(),
                    end.model(), end.modelVersion(), infinite, end.cursor(), end.history(), end.nonFinite(),
                    0, end.backendName(), end.predictions()));
            GradientFrame f = vm.frameProperty().get();
            assertTrue(f.trace().iteration() < diverged, "a pass before the divergence: " + f.trace().iteration());
            for (double g : f.direction().gradNorm()) assertTrue(Double.isFinite(g));
            assertTrue(vm.headerProperty().get().endsWith(", iteration " + f.trace().iteration() + "; the run stopped at "
                    + end.nonFinite().describe() + " (this is the latest finite pass drawn before that)"),
                    vm.headerProperty().get());
        }
    }

    @Test
    void theLossBehindTheGradientsIsStated() throws Exception {
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, TANH, weights, 8, 2, 5);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            assertEquals("", vm.lossTextProperty().get());
            vm.show(s);
            // A unidirectional model: no word of a reverse direction it does not have.
            assertEquals("Exploring: loss = mean(h_last²) at each sequence's last step, so ∂L/∂h_t enters at the last "
                    + "step only; training replaces it by the task's loss.", vm.lossTextProperty().get());
            assertEquals("Training: the loss of the adding task.", GradientFlowViewModel.describeLoss(
                    s.spec().withTask(org.rnnexplorer.service.TaskSpec.of("adding", 8))));
        }
    }

    /** A bidirectional model: the loss reaches its reverse direction at the last step too, where that one starts. */
    @Test
    void theReverseDirectionsGradientEntersWhereTheTextSays() throws Exception {
        RnnConfig bi = TANH.withBidirectional(true);
        RnnParameters weights = Initializers.create(bi, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, bi, weights, 6, 2, 5);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(s);
            assertTrue(vm.lossTextProperty().get().contains("enters at the last step only (the reverse direction's too: "
                    + "there it starts)"), vm.lossTextProperty().get());
            double[] reverse = s.trace().direction(0, 1).gradNorm(), forward = s.trace().direction(0, 0).gradNorm();
            for (int t = 0; t < 5; t++) assertEquals(0, reverse[t], "reverse direction, t = " + t);
            assertTrue(reverse[5] > 0 && forward[5] > 0 && forward[0] > 0, "enters at t = 5; the forward one carries it back");
        }
    }

    @Test
    void aHugeSigmaMaxIsWrittenWithAnExponent() throws Exception {
        // An exploding run's W_hh: σ_max was written as 225649249807331040000000.000 beside the BPTT readout's 2.2565e+23.
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        float[] whh = weights.weightHh(0, 0);
        for (int i = 0; i < whh.length; i++) whh[i] *= 1e20f;
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, TANH, weights, 8, 2, 5);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(s);
            GradientFrame f = vm.frameProperty().get();
            assertTrue(f.sigmaMax() > 1e19, "σ_max = " + f.sigmaMax());
            String text = vm.boundTextProperty().get();
            assertTrue(text.startsWith("σ_max = " + GradientFlowViewModel.spectral(f.sigmaMax()) + ", ρ = "), text);
            assertTrue(text.matches("(?s)σ_max = \\d\\.\\d{3}e(19|20|21), ρ = \\d\\.\\d{3}e(19|20|21), .*"), text);
        }
        assertEquals("1.209", GradientFlowViewModel.spectral(1.2086));
        assertEquals("6056", GradientFlowViewModel.spectral(6056.497), "four significant digits, as beside it");
        assertEquals("0.5860", GradientFlowViewModel.spectral(0.586));
        assertEquals("3.988e4", GradientFlowViewModel.spectral(39884.2));
        assertEquals("2.256e23", GradientFlowViewModel.spectral(2.2564e23));
        assertEquals("1.000e-5", GradientFlowViewModel.spectral(1e-5));
    }

    /**
     * Between probed passes the bound's line keeps the last measured σ_max and ρ (ρ came and went from one pass to the
     * next while training); another run starts with neither (a new model's line never shows the old one's σ_max).
     */
    @Test
    void theBoundsLineKeepsTheLastMeasuredRhoAndForgetsItForAnotherRun() throws Exception {
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 11);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot probed = LiveRuns.explore(service, TANH, weights, 8, 2, 5);
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(probed);
            DirectionTrace d = probed.trace().direction(0, 0);
            String rho = ", ρ = " + GradientFlowViewModel.spectral(d.spectralRadius()) + ", ";
            assertTrue(vm.boundTextProperty().get().contains(rho), vm.boundTextProperty().get());

            TraceSnapshot t = probed.trace();
            TraceSnapshot unprobed = new TraceSnapshot(t.iteration() + 1, t.config(), t.steps(), t.batch(),
                    t.batchIndex(), t.length(), t.loss(), List.of(new DirectionTrace(d.layer(), d.direction(),
                    d.hidden(), d.preactivation(), d.gradHidden(), d.gradNorm(), null, null, null, Double.NaN,
                    Double.NaN)));
            vm.show(withTrace(probed, probed.spec(), unprobed));
            assertTrue(vm.boundTextProperty().get().contains(rho), "kept: " + vm.boundTextProperty().get());

            RunSpec another = probed.spec().toBuilder().build();
            vm.show(withTrace(probed, another, new TraceSnapshot(t.iteration() + 2, t.config(), t.steps(), t.batch(),
                    t.batchIndex(), t.length(), t.loss(), unprobed.directions())));
            assertTrue(vm.boundTextProperty().get().startsWith("σ_max of W_hh is not known for this pass yet"),
                    "another run: " + vm.boundTextProperty().get());
        }
    }

    private static ServiceSnapshot withTrace(ServiceSnapshot s, RunSpec spec, TraceSnapshot trace) {
        return new ServiceSnapshot(s.version() + 1, s.state(), s.message(), spec, s.iteration(), s.model(),
                s.modelVersion(), trace, s.cursor(), TrainingHistory.EMPTY, s.nonFinite(), 0, s.backendName(),
                s.predictions());
    }

    @Test
    void clippingAtMostUpdatesMarksAtMostSixtyOfThem() throws Exception {
        // The clipping preset fires at about 1,700 of 2,000 updates: a dot at each drew one orange band over both lines
        // of the pane's per-iteration chart, where the Training pane marks at most 60.
        RnnParameters weights = Initializers.create(TANH, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        try (EngineService service = new EngineService()) {
            LiveRuns.explore(service, TANH, weights, 8, 2, 1,
                    spec -> LiveRuns.withSgd(spec).withClipping(org.rnnexplorer.train.GradientClipping.norm(1e-4, 2)));
            GradientFlowViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            ServiceSnapshot trained = LiveRuns.await(service.runIterations(150));
            vm.show(trained);
            ClipHistory clip = vm.clippingProperty().get();
            assertEquals(150, clip.points());
            assertEquals(150, clip.fired(), "every update clipped");
            assertEquals("Clipping fired at 150 of 150 iterations.", clip.describe());
            assertEquals(org.rnnexplorer.ui.trainingcharts.TrainingSeries.MAX_CLIP_MARKERS, clip.events().size());
            assertEquals("clipping fired (60 of 150 marked)", clip.events().key(), "the legend says not every one is");
            double[] x = trained.history().gradNorm().x(), y = trained.history().gradNorm().yMax();
            assertEquals(x[0], clip.events().x()[0]);
            assertEquals(x[149], clip.events().x()[clip.events().size() - 1]);
            for (int k = 0; k < clip.events().size(); k++) {
                int i = (int) (clip.events().x()[k] - x[0]);
                assertEquals(x[i], clip.events().x()[k]);
                assertEquals(y[i], clip.events().y()[k], "a dot sits on the pre-clip norm of its iteration");
            }
        }
    }

    /** A decimated history's line says what a point is: "of 1197 points of 8 iterations" read as an 8-iteration run. */
    @Test
    void theClippingLineOfADecimatedRunSaysWhatAPointIs() {
        Curve none = new Curve("", new double[0], new double[0]);
        assertEquals("Clipping fired in 11 of 1197 points, each covering 8 iterations (a point counts when it fired in "
                + "any of them).", new ClipHistory(none, none, none, 1197, 8, 11, true).describe());
        assertEquals("Clipping never fired (1197 points, each covering 8 iterations).",
                new ClipHistory(none, none, none, 1197, 8, 0, true).describe());
        assertEquals("Clipping fired at 3 of 40 iterations.", new ClipHistory(none, none, none, 40, 1, 3, true).describe());
    }

    /**
     * A short sequence of a packed batch (lengths 5, 3, 2, followed at b = 2): its padding has no BPTT step, and the
     * step-through says so and where the sequence's BPTT starts; stepping back reaches it and walks from there (the
     * factors read "n/a" at t = 4, 3, 2 with no reason, and "3 steps back from t = 4" at t = 1).
     */
    @Test
    void aShortSequencesStepThroughStartsAtItsOwnLastStep() throws Exception {
        org.rnnexplorer.ui.state.ModelState state = PackedBatch.form(6);
        RnnParameters weights = Initializers.create(state.config(), Initializers.Scheme.PYTORCH_DEFAULT, 4);
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            GradientFlowViewModel vm = viewModel(cursor);
            ServiceSnapshot s = LiveRuns.await(service.configure(org.rnnexplorer.ui.rules.LiveRunRule.exploreSpec(state,
                    weights, null, "scalar", org.rnnexplorer.ui.state.ExploreLoss.LAST_STEP, 2)));
            cursor.follow(s);
            vm.show(s);
            assertEquals(4, cursor.tProperty().get());
            assertTrue(vm.stepTextProperty().get().endsWith("t = 4 is past sequence 2's length 2: padding, which the RNN "
                    + "never runs, so no BPTT step is taken there; sequence 2's BPTT starts at its last step t = 1."),
                    vm.stepTextProperty().get());
            for (int press = 0; press < 3; press++) {
                vm.stepBack();
                s = steps.result();
                cursor.follow(s);
                vm.show(s);
            }
            assertEquals(1, cursor.tProperty().get());
            assertTrue(vm.stepTextProperty().get().startsWith("BPTT at t = 1 (where sequence 2's BPTT starts)"),
                    vm.stepTextProperty().get());
            vm.stepBack();
            s = steps.result();
            cursor.follow(s);
            vm.show(s);
            DirectionTrace d = s.trace().direction(0, 0);
            assertTrue(vm.stepTextProperty().get().startsWith("BPTT at t = 0 (1 step back from t = 1)"),
                    vm.stepTextProperty().get());
            // One factor walked from sequence 2's last step: ‖∂h_1/∂h_0‖ is step 1's factor.
            assertEquals(d.jacobianNorm()[1], vm.runningProductProperty().get(), 1e-4);
        }
    }
}
