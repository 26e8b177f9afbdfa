package org.rnnexplorer.ui.presets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Spectra;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each preset sets up what its explanation says, without JavaFX. */
class PresetsViewModelTest {

    final PaneViewModels panes = new PaneViewModels(Runnable::run, Runnable::run, null, "scalar").installRequestRules();
    final ModelViewModel model = panes.model;
    final WeightsViewModel weights = panes.weights;
    final TrainingViewModel training = panes.training;
    final CompareViewModel compare = panes.compare;
    final PitfallsViewModel pitfalls = panes.pitfalls;
    final PresetsViewModel presets = new PresetsViewModel(panes.state);

    private PaneId shown() {
        return panes.state.selectedPaneProperty().get();
    }

    @AfterEach
    void close() {
        panes.close();
    }

    private static ServiceSnapshot await(Supplier<ServiceSnapshot> s, Predicate<ServiceSnapshot> p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            ServiceSnapshot x = s.get();
            if (x != null && p.test(x)) return x;
            Thread.sleep(10);
        }
        throw new AssertionError("not reached; last " + s.get());
    }

    @Test
    void theArticlesExampleGivesItsShapesAndItsLastOutputEqualsTheTopLayersFinalState() throws Exception {
        panes.state.followedSequenceProperty().set(2); // a user followed another sequence before the preset
        presets.apply(Preset.ARTICLE_EXAMPLE);
        assertEquals(0, panes.state.followedSequenceProperty().get(), "presets' numbers are sequence 0's");
        ModelState s = model.stateProperty().get();
        assertEquals(new RnnConfig(10, 20, 2, Nonlinearity.TANH, true, true, 0, false), s.config());
        // The article's shapes: input (N, L, H_in) = (3, 5, 10), h0 and h_n (2, 3, 20), output (3, 5, 20).
        assertEquals("[3, 5, 10]", java.util.Arrays.toString(s.layout().inputShape(s.config())));
        assertEquals("[2, 3, 20]", java.util.Arrays.toString(s.layout().stateShape(s.config())));
        assertEquals("[3, 5, 20]", java.util.Arrays.toString(s.layout().outputShape(s.config())));
        // The article's h0 is zeros: the window passes none (PyTorch's zeros), never the form's random h_0.
        assertFalse(s.input().withH0(), "h_0 passed: the form's would be random, the article's is zeros");
        assertTrue(Preset.ARTICLE_EXAMPLE.summary().contains("h0 zeros"));
        assertEquals(PaneId.MODEL, shown());
        // The article's check, output[:, -1, :] == h_n[-1], on the engine with the preset's weights.
        RnnParameters p = weights.parametersProperty().get();
        try (org.rnnexplorer.engine.Rnn rnn = new org.rnnexplorer.engine.Rnn(p.copy(),
                org.rnnexplorer.engine.backend.Backends.select("scalar"))) {
            org.rnnexplorer.engine.Tensor x = org.rnnexplorer.engine.Tensor.zeros(3, 5, 10);
            for (int i = 0; i < x.size(); i++) x.data()[i] = (float) Math.sin(i);
            var out = rnn.forward(x, org.rnnexplorer.engine.Tensor.zeros(2, 3, 20), null,
                    org.rnnexplorer.engine.ForwardOptions.inference());
            for (int n = 0; n < 3; n++) {
                for (int j = 0; j < 20; j++) {
                    assertEquals(out.output().data()[(n * 5 + 4) * 20 + j], out.finalHidden().data()[(3 + n) * 20 + j]);
                }
            }
        }
    }

    @Test
    void vanishingIsTanhWithDefaultInitH64T100AndTheGradientFadesGoingBack() throws Exception {
        presets.apply(Preset.VANISHING);
        RunSpec spec = training.configuredSpec();
        assertEquals(new RnnConfig(2, 64, 1, Nonlinearity.TANH, true, false, 0, false), spec.config());
        assertEquals("adding", spec.task().name());
        assertEquals(100, spec.task().steps());
        assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, spec.init());
        assertTrue(spec.spectralRadius().isEmpty());
        assertEquals(GradientClipping.none(), spec.clipping());
        assertTrue(training.activeProperty().get(), "the preset starts training");
        assertEquals(PaneId.GRADIENT_FLOW, shown());
        assertSame(Preset.VANISHING, presets.lessonProperty().get());
        ServiceSnapshot s = await(training.trainingProperty()::get, x -> x.trace() != null);
        double[] g = s.trace().direction(0, 0).gradNorm();
        assertTrue(g[99] > 1e20 * g[0], "more than twenty orders of magnitude: " + g[99] + " vs " + g[0]);
        // The Weights pane shows the run's initial weights: PyTorch's default from the same seed.
        RnnParameters expected = Initializers.create(spec.config(), Initializers.Scheme.PYTORCH_DEFAULT, 0);
        assertEquals(java.util.Arrays.toString(expected.get("weight_hh_l0")),
                java.util.Arrays.toString(weights.parametersProperty().get().get("weight_hh_l0")));
        training.pause();
    }

    @Test
    void explodingStopsAtANonFiniteValueAndTheClippedRunDoesNot() throws Exception {
        presets.apply(Preset.EXPLODING);
        RunSpec spec = training.configuredSpec();
        assertEquals(1.5, spec.spectralRadius().orElseThrow());
        assertEquals(new RunSpec.Optimization(OptimizerKind.SGD, Map.of("lr", 0.1, "momentum", 0.0)),
                spec.optimizer().orElseThrow());
        assertEquals(GradientClipping.none(), spec.clipping());
        assertEquals(1.5, Spectra.spectralRadius(weights.parametersProperty().get().get("weight_hh_l0"), 64), 1e-4,
                "the Weights pane shows ρ = 1.5");
        ServiceSnapshot stopped = await(training.trainingProperty()::get, x -> x.state() == RunState.STOPPED);
        assertTrue(stopped.iteration() < 100, "the watchdog stopped it at iteration " + stopped.iteration());
        double[] norms = stopped.history().gradNorm().y();
        double largestFinite = java.util.Arrays.stream(norms).filter(Double::isFinite).max().orElseThrow();
        assertTrue(largestFinite > 1e3 * norms[0], "the gradient norm exploded first: " + java.util.Arrays.toString(norms));

        assertEquals(Preset.EXPLODING_CLIPPED, Preset.EXPLODING.next());
        presets.apply(Preset.EXPLODING_CLIPPED);
        assertEquals(GradientClipping.norm(1.0, 2.0), training.configuredSpec().clipping());
        ServiceSnapshot clipped = await(training.trainingProperty()::get, x -> x.iteration() >= stopped.iteration() + 10);
        assertTrue(clipped.state() == RunState.RUNNING || clipped.state() == RunState.IDLE, clipped.message());
        assertTrue(clipped.history().gradNormClipped().yMax()[0] <= 1.0 + 1e-5, "no update beyond max_norm");
        training.pause();
    }

    @Test
    void theAbPresetsDifferOnlyInWhatTheirTitlesSay() {
        presets.apply(Preset.IRNN_VS_TANH);
        assertEquals(Nonlinearity.RELU, compare.specA().config().nonlinearity());
        assertEquals(Initializers.Scheme.IDENTITY, compare.specA().init());
        assertEquals(Nonlinearity.TANH, compare.specB().config().nonlinearity());
        assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, compare.specB().init());
        assertEquals(50, compare.specA().task().steps());
        assertEquals(32, compare.specA().config().hiddenSize());
        assertEquals(Map.of("lr", 1e-3, "betas", List.of(0.9, 0.999)), compare.specA().optimizer().orElseThrow().args());
        assertEquals(GradientClipping.norm(1.0, 2.0), compare.specB().clipping());
        assertEquals(PaneId.AB_RUNS, shown());
        presets.apply(Preset.TANH_VS_RELU);
        assertEquals(compare.specA().config().withNonlinearity(Nonlinearity.RELU), compare.specB().config());
        assertEquals(compare.specA().init(), compare.specB().init());
        assertEquals(compare.specA().seed(), compare.specB().seed());
        assertEquals(20, compare.specB().task().steps());
        assertTrue(!training.activeProperty().get(), "the A/B runs leave the window's live run exploring");
    }

    @Test
    void thePitfallPresetsSetThePitfallsPane() {
        presets.apply(Preset.PITFALL_DETACH);
        assertEquals(3, pitfalls.sectionProperty().get(), "the pane scrolls to Pitfall 3");
        assertEquals(4, pitfalls.detachProperty().get().result().chunks());
        assertEquals(20, pitfalls.detachProperty().get().result().chunkLength());
        assertEquals(PaneId.PITFALLS, shown());
        presets.apply(Preset.PITFALL_BATCH_FIRST);
        assertEquals(1, pitfalls.sectionProperty().get());
        assertEquals(4, pitfalls.batchFirstProperty().get().batch());
        assertEquals(6, pitfalls.batchFirstProperty().get().steps());
        presets.dismissLesson();
        assertNull(presets.lessonProperty().get());
    }

    private void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(10);
        }
        throw new AssertionError(what + " not reached; indicator \"" + presets.liveRunsProperty().get() + "\"");
    }

    private static RunState state(ServiceSnapshot s) {
        return s == null ? null : s.state();
    }

    @Test
    void choosingAnotherPresetPausesTheAbRunsAndTheIndicatorSaysWhichRunsTrain() throws Exception {
        presets.apply(Preset.TANH_VS_RELU);
        awaitTrue("A and B training", () -> state(compare.trainingAProperty().get()) == RunState.RUNNING
                && state(compare.trainingBProperty().get()) == RunState.RUNNING);
        awaitTrue("the indicator naming A and B", () -> presets.liveRunsProperty().get().equals("● Training now: A, B"));
        presets.apply(Preset.VANISHING);
        awaitTrue("A and B paused", () -> state(compare.trainingAProperty().get()) == RunState.PAUSED
                && state(compare.trainingBProperty().get()) == RunState.PAUSED);
        awaitTrue("the indicator naming the main run only",
                () -> presets.liveRunsProperty().get().equals("● Training now: main run"));
        presets.pauseAll();
        awaitTrue("nothing training", () -> presets.liveRunsProperty().get().isEmpty());
    }

    @Test
    void runInTheTrainingPanePausesTheAbRuns() throws Exception {
        presets.apply(Preset.IRNN_VS_TANH);
        awaitTrue("A and B training", () -> state(compare.trainingAProperty().get()) == RunState.RUNNING
                && state(compare.trainingBProperty().get()) == RunState.RUNNING);
        training.run();
        awaitTrue("A and B paused", () -> state(compare.trainingAProperty().get()) == RunState.PAUSED
                && state(compare.trainingBProperty().get()) == RunState.PAUSED);
        awaitTrue("the main run training", () -> state(training.trainingProperty().get()) == RunState.RUNNING);
        training.pause();
    }
    @Test
    void theRemedyRunsATanhRnnAnLstmAndAGruFromTheSameSettingsSeedAndBatches() {
        presets.apply(Preset.REMEDY);
        assertTrue(compare.third().onProperty().get(), "the remedy turns run C on");
        List<RunSpec> specs = List.of(compare.specA(), compare.specB(), compare.third().spec());
        assertEquals(List.of(CellMode.RNN_TANH, CellMode.LSTM, CellMode.GRU),
                specs.stream().map(s -> s.config().mode()).toList());
        for (RunSpec s : specs) {
            assertEquals("adding", s.task().name());
            assertEquals(100, s.task().steps());
            assertEquals(32, s.config().hiddenSize());
            assertEquals(32, s.batchSize());
            assertEquals(new RunSpec.Optimization(OptimizerKind.ADAM, Map.of("lr", 1e-2, "betas", List.of(0.9, 0.999))),
                    s.optimizer().orElseThrow());
            assertEquals(GradientClipping.none(), s.clipping());
            assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, s.init());
            // The same seed: the same batches in the same order, and weights drawn from the same stream.
            assertEquals(compare.specA().seed(), s.seed());
            assertEquals(compare.specA().task(), s.task());
        }
        assertEquals(PaneId.AB_RUNS, shown());
        assertTrue(Preset.REMEDY.explanation().contains("\"If you are training on long sequences, use torch.nn.LSTM or "
                + "torch.nn.GRU instead of torch.nn.RNN.\""), "the seed article's sentence, quoted");
        presets.apply(Preset.TANH_VS_RELU);
        assertTrue(!compare.third().onProperty().get(), "a two-way preset turns C off");
        assertNull(compare.third().spec());
    }

    @Test
    void choosingAnotherPresetPausesRunCAndPauseAllCoversIt() throws Exception {
        presets.apply(Preset.REMEDY);
        awaitTrue("A, B and C training", () -> state(compare.third().trainingProperty().get()) == RunState.RUNNING
                && state(compare.trainingAProperty().get()) == RunState.RUNNING);
        awaitTrue("the indicator naming A, B and C",
                () -> presets.liveRunsProperty().get().equals("● Training now: A, B, C"));
        presets.apply(Preset.ARTICLE_EXAMPLE);
        awaitTrue("C paused", () -> state(compare.third().trainingProperty().get()) == RunState.PAUSED);
        awaitTrue("nothing training", () -> presets.liveRunsProperty().get().isEmpty());
        compare.run(); // Run all in the A/B view continues the three
        awaitTrue("C training again", () -> state(compare.third().trainingProperty().get()) == RunState.RUNNING);
        presets.pauseAll();
        awaitTrue("C paused by Pause all", () -> state(compare.third().trainingProperty().get()) == RunState.PAUSED);
        awaitTrue("nothing training after Pause all", () -> presets.liveRunsProperty().get().isEmpty());
    }
}
