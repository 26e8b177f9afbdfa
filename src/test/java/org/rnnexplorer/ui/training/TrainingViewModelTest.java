package org.rnnexplorer.ui.training;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.FxQueue;
import org.rnnexplorer.ui.model.ModelViewModel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingViewModelTest {

    final ModelViewModel form = new ModelViewModel();
    final ServiceBridge bridge = new ServiceBridge(Runnable::run);
    final FormTrainingContext context = new FormTrainingContext(form);

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void everyControlLandsInTheRunSpecUnderPyTorchsKeyword() {
        form.hiddenSizeProperty().set("12");
        form.numLayersProperty().set("2");
        form.nonlinearityProperty().set(Nonlinearity.RELU);
        form.bidirectionalProperty().set(true);
        form.batchFirstProperty().set(false);
        form.biasProperty().set(false);
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.taskProperty().set("copy");
        vm.stepsProperty().set("30");
        vm.initProperty().set(TrainingViewModel.Init.ORTHOGONAL);
        vm.rhoProperty().set("1.25");
        vm.optimizerProperty().set("sgd");
        vm.lrProperty().set("0.05");
        vm.momentumProperty().set("0.9");
        vm.clippingProperty().set(TrainingViewModel.Clip.NORM);
        vm.maxNormProperty().set("2.5");
        vm.normTypeProperty().set("inf");
        vm.tbpttChunkProperty().set("10");
        vm.batchSizeProperty().set("7");
        vm.seedProperty().set("-42");
        assertEquals("", vm.problemProperty().get());

        RunSpec spec = vm.buildSpec();
        // The form gives everything but input_size, which the copy task (8 symbols + blank + delimiter) decides.
        assertEquals(new RnnConfig(10, 12, 2, Nonlinearity.RELU, false, false, 0.0, true), spec.config());
        assertEquals(Initializers.Scheme.ORTHOGONAL, spec.init());
        assertEquals(1.25, spec.spectralRadius().orElseThrow());
        assertTrue(spec.initialModel().isEmpty());
        assertEquals("copy", spec.task().name());
        assertEquals(30, spec.task().steps());
        assertEquals(7, spec.batchSize());
        assertEquals(OptimizerKind.SGD, spec.optimizer().orElseThrow().kind());
        assertEquals(Map.of("lr", 0.05, "momentum", 0.9), spec.optimizer().orElseThrow().args());
        assertEquals(GradientClipping.norm(2.5, Double.POSITIVE_INFINITY), spec.clipping());
        assertEquals(10, spec.tbpttChunk().orElseThrow());
        assertEquals(-42, spec.seed());
        assertEquals(BackendChoice.SCALAR, spec.backend());

        vm.optimizerProperty().set("adam");
        vm.beta1Property().set("0.8");
        vm.beta2Property().set("0.99");
        assertEquals(Map.of("lr", 0.05, "betas", List.of(0.8, 0.99)), vm.buildSpec().optimizer().orElseThrow().args());
        assertTrue(vm.betasApplyBinding().get() && !vm.momentumAppliesBinding().get());
        vm.optimizerProperty().set("rmsprop");
        assertEquals(Map.of("lr", 0.05, "momentum", 0.9), vm.buildSpec().optimizer().orElseThrow().args());
        vm.optimizerProperty().set("adagrad");
        assertEquals(Map.of("lr", 0.05), vm.buildSpec().optimizer().orElseThrow().args());
        vm.clippingProperty().set(TrainingViewModel.Clip.VALUE);
        vm.clipValueProperty().set("5");
        assertEquals(GradientClipping.value(5), vm.buildSpec().clipping());
        vm.clippingProperty().set(TrainingViewModel.Clip.NONE);
        assertEquals(GradientClipping.none(), vm.buildSpec().clipping());
        vm.rhoProperty().set(" ");
        assertTrue(vm.buildSpec().spectralRadius().isEmpty(), "blank ρ keeps the initialiser's");
    }

    @Test
    void aControlThatCannotRunIsNamedInOneLine() {
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.lrProperty().set("fast");
        assertEquals("lr: must be a number, got 'fast'", vm.problemProperty().get());
        vm.lrProperty().set("-0.5");
        assertEquals("lr: Invalid learning rate: -0.5", vm.problemProperty().get(), "PyTorch's own message");
        vm.lrProperty().set("0.1");
        vm.taskProperty().set("adding");
        vm.tbpttChunkProperty().set("5");
        assertTrue(vm.problemProperty().get().startsWith("TBPTT chunk: truncated BPTT needs a target at every step"));
        vm.tbpttChunkProperty().set("0");
        vm.taskProperty().set("adding-1997");
        vm.stepsProperty().set("5");
        assertTrue(vm.problemProperty().get().startsWith("T: "), vm.problemProperty().get());
        vm.taskProperty().set("text");
        vm.stepsProperty().set("20");
        assertTrue(vm.problemProperty().get().startsWith("task: the text task needs a corpus"));
        vm.setCorpus("to be or not to be, that is the question", "hamlet.txt");
        assertEquals("", vm.problemProperty().get());
        assertEquals("text", vm.buildSpec().task().name());
        vm.clippingProperty().set(TrainingViewModel.Clip.NORM);
        vm.maxNormProperty().set("0");
        assertEquals("max_norm: must be positive, got 0", vm.problemProperty().get());
        assertFalse(vm.problemProperty().get().contains("\n"));
    }

    @Test
    void theWeightsPaneInitStartsFromThoseWeightsWhenTheirInputFitsTheTask() {
        form.inputSizeProperty().set("2");
        form.hiddenSizeProperty().set("6");
        form.numLayersProperty().set("1");
        RnnConfig config = form.stateProperty().get().config();
        context.weights = Initializers.create(config, Initializers.Scheme.IDENTITY, 3);
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.initProperty().set(TrainingViewModel.Init.WEIGHTS_PANE);
        RunSpec spec = vm.buildSpec();
        assertArrayEquals(context.weights.get("weight_hh_l0"), spec.initialModel().orElseThrow().rnn().get("weight_hh_l0"));
        assertEquals(Readout.LAST, spec.initialModel().orElseThrow().readout());
        assertEquals(1, spec.initialModel().orElseThrow().outputSize(), "a head for the adding problem's one output");
        vm.taskProperty().set("sine");
        vm.rhoProperty().set("");
        form.inputSizeProperty().set("3");
        context.weights = Initializers.create(form.stateProperty().get().config(), Initializers.Scheme.IDENTITY, 3);
        vm.settingsChanged();
        assertTrue(vm.problemProperty().get().startsWith("init: the Weights pane's W_ih reads input_size 3 but task sine has 1"),
                vm.problemProperty().get());
    }

    private static ServiceSnapshot await(TrainingViewModel vm, Predicate<ServiceSnapshot> p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            ServiceSnapshot s = vm.trainingProperty().get();
            if (s != null && p.test(s)) return s;
            Thread.sleep(5);
        }
        throw new AssertionError("no such snapshot; last: " + vm.trainingProperty().get());
    }

    /** A pane over an 8-unit, 1-layer form, set for the adding task at T 12 with {@code batch} sequences. */
    private TrainingViewModel smallAddingRun(int batch) {
        form.hiddenSizeProperty().set("8");
        form.numLayersProperty().set("1");
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.stepsProperty().set("12");
        vm.batchSizeProperty().set(Integer.toString(batch));
        return vm;
    }

    /**
     * A setting no Java array can hold is refused as it is typed, at its own control, and Step then keeps the run on
     * the charts: batch 10⁸ passed until Step, and the engine's refusal cost the 1062 iterations shown.
     */
    @Test
    void aSizeNoArrayHoldsIsRefusedAsTypedAndTheRunOnTheChartsStays() throws Exception {
        TrainingViewModel vm = smallAddingRun(4);
        vm.step();
        await(vm, x -> x.iteration() == 1);
        ServiceSnapshot shown = vm.trainingProperty().get();
        vm.batchSizeProperty().set("100000000");
        assertEquals("batch_size", vm.problemFieldProperty().get());
        String refusal = vm.problemProperty().get();
        assertTrue(refusal.startsWith("batch size 100000000") && refusal.contains("a Java array holds at most"), refusal);
        assertFalse(refusal.contains("\n"));
        vm.step();
        vm.run();
        Thread.sleep(200);
        assertSame(shown, vm.trainingProperty().get(), "the run on the charts is kept");
        assertEquals(1, bridge.snapshot().iteration());
        assertTrue(vm.activeProperty().get());
        vm.batchSizeProperty().set("4");
        vm.stepsProperty().set("100000000");
        assertEquals("T", vm.problemFieldProperty().get());
        assertTrue(vm.problemProperty().get().startsWith("sequence length 100000000"), vm.problemProperty().get());
        vm.stepsProperty().set("abc");
        assertEquals("T: must be an integer, got 'abc'", vm.problemProperty().get(), "named as the pane labels it");
        // A T the engine can hold starts again.
        vm.stepsProperty().set("12");
        assertEquals("", vm.problemProperty().get());
        vm.step();
        await(vm, x -> x.iteration() == 1 && x != shown);
        assertTrue(vm.activeProperty().get());
    }

    @Test
    void aRunThatRunsOutOfMemoryMidwaySaysSoAndKeepsItsCurves() throws Exception {
        TrainingViewModel vm = smallAddingRun(4);
        vm.step();
        await(vm, x -> x.iteration() == 1);
        vm.step();
        await(vm, x -> x.iteration() == 2);
        // The engine thread runs out of heap in the next update (as a real allocation would): the service drops the
        // run's buffers. Its FAILED snapshot carried no spec, and the pane went on saying "running" for good.
        bridge.service().addStepListener(m -> {
            throw new OutOfMemoryError("Java heap space");
        });
        vm.run();
        ServiceSnapshot failed = await(vm, x -> x.state() == RunState.FAILED);
        assertTrue(vm.statusProperty().get().startsWith("failed: out of memory (Java heap space)"),
                vm.statusProperty().get());
        assertEquals(failed.iteration(), failed.history().loss().size(), "the curves up to the failure stay");
        assertTrue(failed.iteration() >= 3);
    }

    @Test
    void stepRunPauseAndLeaveDriveTheWindowsLiveRun() throws Exception {
        TrainingViewModel vm = smallAddingRun(4);
        vm.step();
        assertTrue(vm.activeProperty().get());
        ServiceSnapshot s = await(vm, x -> x.iteration() == 1);
        assertSame(vm.configuredSpec(), s.spec());
        assertEquals(1, s.history().loss().size(), "one update, one loss point");
        assertEquals(1.0 / 6.0, s.history().baseline(), 1e-12, "the adding problem's chance level");
        vm.step();
        await(vm, x -> x.iteration() == 2);
        vm.run();
        await(vm, x -> x.state() == RunState.RUNNING && x.iteration() > 4);
        vm.pause();
        ServiceSnapshot paused = await(vm, x -> x.state() == RunState.PAUSED);
        vm.step();
        await(vm, x -> x.iteration() == paused.iteration() + 1);
        vm.reset();
        await(vm, x -> x.iteration() == 0 && x.spec() == vm.configuredSpec());
        assertTrue(vm.statusProperty().get().startsWith("ready · iteration 0"), vm.statusProperty().get());
        assertEquals(0, context.explored);
        vm.leave();
        assertFalse(vm.activeProperty().get());
        assertEquals(1, context.explored, "leaving hands the live run back to exploring");
    }

    @Test
    void leavingSaysTheChartsKeepTheRunThatWasLeftNotTheFormsModel() throws Exception {
        TrainingViewModel vm = smallAddingRun(4);
        vm.step();
        await(vm, x -> x.iteration() == 1);
        vm.step();
        ServiceSnapshot s = await(vm, x -> x.iteration() == 2);
        String predictions = vm.predictionsProperty().get();
        assertFalse(predictions.isEmpty());
        // The form moves on (this is what calls leave() in the window): the charts still show the 8-unit run.
        form.hiddenSizeProperty().set("16");
        vm.leave();
        assertEquals("Not training: the live run explores the Model & shapes form. The charts keep the last run: "
                + "RNN(2, 8, batch_first=True), adding, left at iteration 2. Run or Step starts a fresh one.",
                vm.statusProperty().get());
        assertSame(s.spec(), vm.trainingProperty().get().spec(), "the charts' snapshot is the run that was left");
        assertEquals(2, vm.trainingProperty().get().iteration());
        assertEquals(predictions, vm.predictionsProperty().get());

        TrainingViewModel neverRan = new TrainingViewModel(bridge, context);
        neverRan.reset();
        await(neverRan, x -> x.iteration() == 0 && x.spec() == neverRan.configuredSpec());
        neverRan.leave();
        assertEquals("Not training: the live run explores the Model & shapes form.", neverRan.statusProperty().get(),
                "a run with no update has no chart to speak of");
    }

    /**
     * Leaving a running run: the copies it sent before it heard of it (and the one it sends when cancelled) still
     * reach the charts, so the line names the iteration the charts end at (it said "left at iteration 2751" beside
     * charts of iteration 2930). The predictions name their own iteration.
     */
    @Test
    void leavingARunningRunNamesTheIterationTheChartsEndAt() throws Exception {
        // One thread for the pane and its snapshots, as the FX thread is in the window (Leave raced the service's
        // own thread here, not there).
        FxQueue fx = new FxQueue();
        try (ServiceBridge own = new ServiceBridge(fx)) {
            form.hiddenSizeProperty().set("8");
            form.numLayersProperty().set("1");
            TrainingViewModel vm = new TrainingViewModel(own, context);
            vm.stepsProperty().set("12");
            vm.batchSizeProperty().set("4");
            vm.run();
            fx.runUntil(() -> vm.trainingProperty().get() != null && vm.trainingProperty().get().state() == RunState.RUNNING
                    && vm.trainingProperty().get().iteration() > 4, "a running run");
            vm.leave();
            fx.runUntil(() -> vm.trainingProperty().get().state() != RunState.RUNNING, "the run's last copy");
            ServiceSnapshot last = vm.trainingProperty().get();
            assertTrue(vm.statusProperty().get().contains("left at iteration " + last.iteration() + "."),
                    vm.statusProperty().get() + " / charts at " + last.iteration());
            assertEquals(last.iteration(), last.history().loss().size(), "the loss chart ends there too");
        }
    }

    @Test
    void afterAStepThePaneListsFourSequencesPredictionsBesideTheirTargetsAndNoneForClassTargets() throws Exception {
        TrainingViewModel vm = smallAddingRun(6);
        vm.step();
        ServiceSnapshot s = await(vm, x -> x.iteration() == 1);
        // The values are checked against a reference forward pass in PredictionsTest; here, that the text shows them.
        StringBuilder expected = new StringBuilder("Predictions against targets, iteration 1 (the first 4 sequences of "
                + "the batch this pass trained on, the adding task's one target per sequence, read at its last step):");
        for (org.rnnexplorer.service.Predictions.Row row : s.predictions().rows()) {
            expected.append(String.format(java.util.Locale.ROOT, "%nb = %d, t = 11: prediction %.4f   target %.4f",
                    row.sequence(), row.prediction()[0], row.target()[0]).replace('-', '−'));
        }
        assertEquals(expected.toString().replace("\r", ""), vm.predictionsProperty().get());
        assertEquals(4, s.predictions().rows().size());

        vm.taskProperty().set("copy");
        vm.step();
        await(vm, x -> x.iteration() == 1 && x.spec().task().name().equals("copy"));
        assertEquals("", vm.predictionsProperty().get(), "class targets have no value beside them");
    }

    @Test
    void aWorkspaceSectionRestoresEveryControl() {
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        Workspace.Training t = new Workspace.Training("series", 24, "identity", 0.75, "adam",
                Map.of("lr", 3e-4, "betas", List.of(0.85, 0.995)), new GradientClipping(GradientClipping.Kind.VALUE,
                0.5, Double.POSITIVE_INFINITY, 2.5, false), 6, 9, 77, null, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2);
        vm.apply(t);
        assertEquals("series", vm.taskProperty().get());
        assertEquals("24", vm.stepsProperty().get());
        assertEquals(TrainingViewModel.Init.IDENTITY, vm.initProperty().get());
        assertEquals("0.75", vm.rhoProperty().get());
        assertEquals("3.0E-4", vm.lrProperty().get());
        assertEquals("0.85", vm.beta1Property().get());
        assertEquals("0.995", vm.beta2Property().get());
        assertEquals(TrainingViewModel.Clip.VALUE, vm.clippingProperty().get());
        assertEquals("0.5", vm.maxNormProperty().get());
        assertEquals("inf", vm.normTypeProperty().get());
        assertEquals("2.5", vm.clipValueProperty().get());
        assertEquals(t, vm.toWorkspace());
    }

    @Test
    void aSettingEditedMidRunIsSaidToWaitForAFreshRun() throws Exception {
        // lr typed in while the run trained changed nothing, and the status went on saying "running" as before.
        TrainingViewModel vm = smallAddingRun(4);
        vm.step();
        await(vm, x -> x.iteration() == 1);
        vm.run();
        await(vm, x -> x.state() == RunState.RUNNING && x.iteration() > 2);
        assertFalse(vm.statusProperty().get().contains("settings edited"), vm.statusProperty().get());
        RunSpec running = vm.configuredSpec();
        vm.lrProperty().set("0.05");
        assertTrue(vm.statusProperty().get().endsWith(TrainingViewModel.EDITED), "at once: " + vm.statusProperty().get());
        vm.pause();
        ServiceSnapshot paused = await(vm, x -> x.state() == RunState.PAUSED);
        assertSame(running, paused.spec(), "the run trains on with its own settings");
        assertTrue(vm.statusProperty().get().startsWith("paused · iteration "), vm.statusProperty().get());
        assertTrue(vm.statusProperty().get().endsWith(TrainingViewModel.EDITED), vm.statusProperty().get());
        vm.run(); // a fresh run with lr 0.05
        ServiceSnapshot fresh = await(vm, x -> x.spec() != running && x.iteration() > 0);
        assertEquals(0.05, fresh.spec().optimizer().orElseThrow().args().get("lr"));
        await(vm, x -> x.spec() == fresh.spec());
        assertFalse(vm.statusProperty().get().contains("settings edited"), vm.statusProperty().get());
        vm.pause();
    }

    /**
     * The exploding preset's run (tanh, W_hh at ρ = 1.5, plain SGD at lr 0.1, no clipping) to the watchdog's stop:
     * the status line's loss is the last update's, at the iteration it names, not the overflowed loss of the step the
     * watchdog stopped (iteration + 1, whose update was not applied), which it names in the watchdog's words.
     */
    @Test
    void afterAWatchdogStopTheLossBesideTheIterationIsThatIterations() throws Exception {
        RnnConfig c = new RnnConfig(2, 64, 1, Nonlinearity.TANH, true, false, 0, false);
        RunSpec exploding = RunSpec.builder(c, org.rnnexplorer.service.TaskSpec.of("adding", 100)).batchSize(16)
                .init(Initializers.Scheme.PYTORCH_DEFAULT, 1.5).optimizer(OptimizerKind.SGD, Map.of("lr", 0.1))
                .clipping(GradientClipping.none()).seed(0).backend(BackendChoice.SCALAR)
                .probes(RunSpec.ProbeSettings.none()).build();
        List<org.rnnexplorer.train.StepMetrics> steps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (org.rnnexplorer.service.EngineService service = new org.rnnexplorer.service.EngineService()) {
            service.addStepListener(steps::add);
            service.configure(exploding).get(30, TimeUnit.SECONDS);
            ServiceSnapshot end = service.runIterations(100).get(60, TimeUnit.SECONDS);
            assertEquals(RunState.STOPPED, end.state(), end.message());
            org.rnnexplorer.train.StepMetrics stopped = steps.getLast();
            assertEquals(end.iteration() + 1, stopped.step());
            assertFalse(Double.isFinite(stopped.loss()), "the watchdog stopped at the loss: " + end.message());
            double lastApplied = steps.get(steps.size() - 2).loss();
            assertTrue(Double.isFinite(lastApplied));
            assertEquals(end.message() + " · iteration " + end.iteration() + " · loss "
                    + org.rnnexplorer.engine.Numbers.g(lastApplied, 4) + " (chance 0.1667)", TrainingViewModel.describe(end));
        }
    }

    /**
     * A run whose task has another input size than the form sets the form's input_size first: the weights trained are
     * then the form's, which the Weights pane shows and a workspace, the recovery file and the close guard keep. A run
     * of RNN(10, 20) on the adding task (2 features) trained weights no pane held, and Ctrl+Q lost them unasked.
     */
    @Test
    void aRunTakesTheTasksInputSizeIntoTheForm() throws Exception {
        form.inputSizeProperty().set("10");
        form.hiddenSizeProperty().set("8");
        form.numLayersProperty().set("1");
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.taskProperty().set("adding");
        vm.stepsProperty().set("12");
        assertEquals(10, form.stateProperty().get().config().inputSize());
        vm.step();
        assertEquals("2", form.inputSizeProperty().get());
        assertEquals(2, form.stateProperty().get().config().inputSize(), "the form's model is the one trained");
        String note = " · input_size 10 → 2 (the task's input features)";
        assertTrue(vm.statusProperty().get().endsWith(note), vm.statusProperty().get());
        await(vm, x -> x.iteration() == 1);
        assertTrue(vm.statusProperty().get().endsWith(note), "every line of the run keeps it: "
                + vm.statusProperty().get());
        assertEquals(2, vm.trainingProperty().get().model().rnn().config().inputSize());
        assertTrue(vm.activeProperty().get(), "the form change before the run did not leave it");
    }
}
