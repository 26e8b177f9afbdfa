package org.rnnexplorer.ui.rules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.ui.BackendOption;
import org.rnnexplorer.ui.MainWindowViewModel;
import org.rnnexplorer.ui.WorkspaceViewModel;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.presets.PresetsViewModel;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.FxQueue;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.state.RunVariant;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer's cross-pane behaviour on its real view-models and engine services, without JavaFX. */
class ExplorerRulesTest {
    final FxQueue fx = new FxQueue();
    final PaneViewModels panes = new PaneViewModels(Runnable::run, fx, new SafetensorsWeightsFiles(), "scalar");
    final ExplorerState state = panes.state;
    final ModelViewModel model = panes.model;
    final WeightsViewModel weights = panes.weights;
    final ServiceBridge live = panes.live;
    final TrainingViewModel training = panes.training;
    final List<RunSpec> mainSpecs = new ArrayList<>();

    @BeforeEach
    void install() {
        panes.installAllRules(fx);
        state.specProperty(RunSlot.MAIN).addListener((o, a, s) -> mainSpecs.add(s));
        // A small model the adding task can train (input_size 2).
        model.applyConfig(new RnnConfig(2, 8, 1, Nonlinearity.TANH, true, false, 0, false));
        training.stepsProperty().set("6");
        training.batchSizeProperty().set("4");
        fx.drain();
    }

    @AfterEach
    void close() {
        panes.close();
    }

    private ServiceSnapshot trainingSnapshot() {
        return training.trainingProperty().get();
    }

    @Test
    void editingHiddenSizeWhileTrainingLeavesTrainingAndTheLiveSpecFollowsTheNewShape() throws Exception {
        training.step();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() == 1, "one training step");
        assertEquals(RunOwner.TRAINING, state.ownerProperty(RunSlot.MAIN).get());
        assertSame(training.configuredSpec(), state.specProperty(RunSlot.MAIN).get());

        model.hiddenSizeProperty().set("12");
        fx.runUntil(() -> state.specProperty(RunSlot.MAIN).get().config().hiddenSize() == 12, "an explore spec of H 12");
        assertFalse(training.activeProperty().get(), "editing the model left training");
        assertEquals(RunOwner.EXPLORING, state.ownerProperty(RunSlot.MAIN).get());
        RunSpec explore = state.specProperty(RunSlot.MAIN).get();
        assertNotNull(explore.task().fixed(), "the main run explores the form's model on its input");
        assertEquals(12, state.weightsProperty().get().config().hiddenSize());
        fx.runUntil(() -> live.snapshot().spec() == explore, "the service runs the new spec");
        assertEquals(12, live.snapshot().trace().config().hiddenSize());
    }

    /**
     * A form of input_size 10 and the adding task (2 features): Run takes input_size 2 into the form, training goes on
     * (the form change does not leave the run it precedes), and the weights trained become the Weights pane's,
     * counted as unsaved; before, no pane held them and closing lost them without asking.
     */
    @Test
    void aRunOnATaskOfAnotherInputSizeTrainsTheFormsWeightsAndTheyCountAsUnsaved() throws Exception {
        model.applyConfig(new RnnConfig(10, 8, 1, Nonlinearity.TANH, true, false, 0, false));
        fx.drain();
        training.step();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() == 1, "one training step");
        assertEquals(2, state.formProperty().get().config().inputSize());
        assertTrue(training.activeProperty().get(), "still training");
        assertEquals(RunOwner.TRAINING, state.ownerProperty(RunSlot.MAIN).get());
        training.step();
        fx.runUntil(() -> trainingSnapshot().iteration() == 2
                && state.weightsChangeProperty().get() == WeightsChange.TRAINING, "training's weights shown");
        assertEquals(2, weights.parametersProperty().get().config().inputSize());
        assertEquals(WeightsViewModel.Unsaved.TRAINED, weights.unsavedProperty().get());
    }

    /**
     * The readout head training moved goes with its weights: into a workspace, and back out of it into the next run
     * from the Weights pane, which says so; weights edited afterwards start a fresh head. Before, a workspace kept the
     * weights only, and Run after reopening trained them under a fresh head: the loss jumped back up.
     */
    @Test
    void aWorkspaceKeepsTheTrainedHeadAndRunFromTheWeightsPaneGoesOnWithIt(@TempDir Path dir) throws Exception {
        training.step();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() == 1, "one training step");
        training.step();
        fx.runUntil(() -> trainingSnapshot().iteration() == 2 && state.weightsChangeProperty().get() == WeightsChange.TRAINING
                && state.weightsProperty().get() == trainingSnapshot().model().rnn(), "the second step's weights shown");
        Linear trained = trainingSnapshot().model().head();
        assertSame(trained, state.headOf(state.weightsProperty().get()), "the head that moved with the weights shown");

        MainWindowViewModel window = new MainWindowViewModel(List.of(new BackendOption("scalar", true, "")), "scalar");
        Path file = dir.resolve("trained.rnnx");
        new WorkspaceViewModel(Runnable::run, Runnable::run, window, state, training).save(file);

        try (PaneViewModels other = new PaneViewModels(Runnable::run, fx, new SafetensorsWeightsFiles(), "scalar")) {
            other.installAllRules(fx);
            new WorkspaceViewModel(Runnable::run, Runnable::run, window, other.state, other.training).open(file);
            fx.drain();
            RnnParameters shown = other.state.weightsProperty().get();
            assertArrayEquals(state.weightsProperty().get().get("weight_hh_l0"), shown.get("weight_hh_l0"));
            other.training.initProperty().set(TrainingViewModel.Init.WEIGHTS_PANE);
            RunSpec goesOn = other.training.buildSpec();
            assertArrayEquals(trained.weight(), goesOn.initialModel().orElseThrow().head().weight());
            assertArrayEquals(trained.bias(), goesOn.initialModel().orElseThrow().head().bias());
            other.training.step();
            assertTrue(other.training.statusProperty().get().endsWith(TrainingViewModel.TRAINED_HEAD),
                    other.training.statusProperty().get());
            // The step lands before the edit: a step still in flight would put its weights back over the edit (a
            // race this test lost one run in three; the window's behaviour then is noted on the issue).
            fx.runUntil(() -> other.live.snapshotProperty().get() != null
                    && other.live.snapshotProperty().get().iteration() == 1, "the other window's step");
            fx.drain();

            other.weights.orthogonal();
            fx.drain();
            Linear fresh = other.training.buildSpec().initialModel().orElseThrow().head();
            assertFalse(Arrays.equals(trained.weight(), fresh.weight()), "edited weights start a fresh head");
        }
    }

    @Test
    void weightsMovedByTrainingDoNotCountAsAUserEdit() throws Exception {
        training.initProperty().set(TrainingViewModel.Init.WEIGHTS_PANE);
        training.step();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() == 1, "one training step");
        fx.runUntil(() -> state.weightsChangeProperty().get() == WeightsChange.TRAINING, "training's weights shown");
        long edits = state.modelEditsProperty().get(), settings = training.settingsVersionProperty().get();
        long version = state.weightsVersionProperty().get();

        training.step();
        fx.runUntil(() -> trainingSnapshot().iteration() == 2 && state.weightsVersionProperty().get() > version,
                "a second step's weights shown");
        RnnParameters shown = state.weightsProperty().get();
        assertSame(shown, weights.parametersProperty().get(), "the Weights pane shows the trained weights");
        assertSame(trainingSnapshot().model().rnn(), shown);
        assertEquals(edits, state.modelEditsProperty().get(), "no edit of the model");
        assertEquals(settings, training.settingsVersionProperty().get(), "the run goes on: no fresh run is due");
        assertTrue(training.activeProperty().get());

        weights.orthogonal();
        fx.drain();
        assertEquals(edits + 1, state.modelEditsProperty().get(), "the user's edit is one");
        assertEquals(WeightsChange.EDIT, state.weightsChangeProperty().get());
        assertEquals(settings + 1, training.settingsVersionProperty().get(), "training from the Weights pane starts afresh");
    }

    /**
     * A weights edit while a run trains them leaves training, as a form edit does: the edit stands (the run's next copy
     * of its weights put them back over it, so the "fresh run from the edited weights" started from trained ones),
     * every pane explores the edited weights, and the next Run starts from them. Also with a step still in flight
     * when the edit lands.
     */
    @Test
    void aWeightsEditWhileTrainingStandsAndTheNextRunStartsFromIt() throws Exception {
        training.initProperty().set(TrainingViewModel.Init.WEIGHTS_PANE);
        training.run();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() >= 3
                && state.weightsChangeProperty().get() == WeightsChange.TRAINING, "a running run's weights shown");
        weights.orthogonal();
        fx.runUntil(() -> state.weightsChangeProperty().get() == WeightsChange.EDIT, "the edit");
        RnnParameters edited = state.weightsProperty().get();
        assertFalse(training.activeProperty().get(), "the edit left training");
        assertEquals(RunOwner.EXPLORING, state.ownerProperty(RunSlot.MAIN).get());
        fx.runUntil(() -> live.snapshot().spec() == state.specProperty(RunSlot.MAIN).get()
                && live.snapshot().trace() != null, "the live run explores the edited weights");
        fx.drain();
        assertSame(edited, state.weightsProperty().get(), "no copy of the run came back over the edit");
        assertSame(edited, weights.parametersProperty().get());
        assertArrayEquals(edited.get("weight_hh_l0"),
                state.specProperty(RunSlot.MAIN).get().initialModel().orElseThrow().rnn().get("weight_hh_l0"));

        training.step();
        RnnParameters start = training.configuredSpec().initialModel().orElseThrow().rnn();
        assertArrayEquals(edited.get("weight_hh_l0"), start.get("weight_hh_l0"), "the fresh run starts from the edit");
        // An edit while that step is still in flight: its copy arrives after the edit and must not replace it.
        weights.orthogonal();
        fx.runUntil(() -> state.weightsProperty().get() != edited, "the second edit");
        RnnParameters second = state.weightsProperty().get();
        // The service answers in order: once the explore run of the edit is shown, the step's copy came and went.
        fx.runUntil(() -> live.snapshot().spec() == state.specProperty(RunSlot.MAIN).get()
                && live.snapshot().trace() != null && state.ownerProperty(RunSlot.MAIN).get() == RunOwner.EXPLORING,
                "the live run explores the second edit");
        fx.drain();
        assertSame(second, state.weightsProperty().get(), "the step in flight did not replace the edit");
        assertFalse(training.activeProperty().get());
    }

    /** The Weights pane names where a run from its own initialisation started, not the weights it named before. */
    @Test
    void weightsTrainedFromTheRunsOwnInitSayWhereTheyStarted() throws Exception {
        training.initProperty().set(TrainingViewModel.Init.ORTHOGONAL);
        training.seedProperty().set("3");
        training.step();
        fx.runUntil(() -> trainingSnapshot() != null && trainingSnapshot().iteration() == 1
                && state.weightsChangeProperty().get() == WeightsChange.TRAINING, "training's weights shown");
        RunSpec run = training.configuredSpec();
        assertTrue(run.initialModel().isEmpty());
        assertEquals(Initializers.Scheme.ORTHOGONAL, run.init());
        assertEquals("trained, from orthogonal W_hh, seed 3 (the run's own init)", weights.originProperty().get());
    }

    @Test
    void openingASampleUpdatesTheFormTheWeightsAndTheLiveSpecOnce() throws Exception {
        fx.runUntil(() -> live.snapshot().spec() != null, "the first explore run");
        mainSpecs.clear();
        long edits = state.modelEditsProperty().get();

        weights.open(Path.of("sample-data", "irnn-adding-t50.safetensors"));
        fx.drain();
        RnnConfig file = weights.parametersProperty().get().config();
        assertEquals(32, file.hiddenSize());
        assertEquals(file, state.formProperty().get().config(), "the form takes the file's model");
        assertEquals(Nonlinearity.RELU, state.formProperty().get().config().nonlinearity());
        assertSame(weights.parametersProperty().get(), state.weightsProperty().get());
        assertEquals(1, mainSpecs.size(), "one live spec: " + mainSpecs.size());
        RunSpec spec = mainSpecs.getFirst();
        assertEquals(file, spec.config());
        assertTrue(state.modelEditsProperty().get() > edits);
        fx.runUntil(() -> live.snapshot().spec() == spec, "the service runs the sample");
        assertEquals(32, live.snapshot().trace().config().hiddenSize());
    }

    @Test
    void reopeningAFileOfTheSameModelAfterAnEditPutsItsModelBackInTheForm() throws Exception {
        Path sample = Path.of("sample-data", "irnn-adding-t50.safetensors");
        weights.open(sample);
        fx.drain();
        RnnConfig file = weights.parametersProperty().get().config();
        model.hiddenSizeProperty().set("9");
        fx.runUntil(() -> state.formProperty().get().config().hiddenSize() == 9, "the edited form");
        // The file's configuration equals the last one opened: it fired no change, and the form kept H = 9 while the
        // Weights pane showed the file's 32-unit weights (and saving a workspace was refused for good).
        weights.open(sample);
        fx.drain();
        fx.runUntil(() -> state.formProperty().get().config().equals(file), "the form takes the file's model again");
        assertSame(weights.parametersProperty().get(), state.weightsProperty().get());
        assertEquals(32, state.weightsProperty().get().config().hiddenSize());
    }

    @Test
    void aPitfallPresetConfiguresTheFormTheWeightsAndThePitfallsPaneThroughTheState() throws Exception {
        PresetsViewModel presets = new PresetsViewModel(state);
        presets.apply(Preset.PITFALL_DETACH);
        fx.runUntil(() -> panes.pitfalls.detachProperty().get() != null, "the detach study computed");

        RnnConfig preset = new RnnConfig(3, 32, 1, Nonlinearity.TANH, true, false, 0, false);
        assertEquals(preset, state.formProperty().get().config(), "the form has the preset's model");
        assertEquals(new InputSpec(20, 4, false, null, false), state.formProperty().get().input());
        RnnParameters expected = Initializers.create(preset, Initializers.Scheme.PYTORCH_DEFAULT, 0);
        RnnParameters shown = weights.parametersProperty().get();
        assertSame(shown, state.weightsProperty().get(), "the Weights pane's weights are the state's");
        for (var name : expected.names()) assertArrayEquals(expected.get(name), shown.get(name), name.toString());
        assertEquals("preset, PyTorch default, seed 0", weights.sourceProperty().get());
        assertEquals(3, panes.pitfalls.sectionProperty().get());
        assertEquals(4, panes.pitfalls.detachProperty().get().result().chunks());
        assertEquals(PaneId.PITFALLS, state.selectedPaneProperty().get());
        fx.runUntil(() -> live.snapshot() != null && live.snapshot().spec() == state.specProperty(RunSlot.MAIN).get()
                && live.snapshot().trace().config().hiddenSize() == 32, "the live run explores the preset's model");
        assertEquals(RunOwner.EXPLORING, state.ownerProperty(RunSlot.MAIN).get());
    }

    @Test
    void anAbPresetSetsTheTrainingPanesSettingsAndTheVariantsAndTheMainRunKeepsExploring() throws Exception {
        PresetsViewModel presets = new PresetsViewModel(state);
        presets.apply(Preset.TANH_VS_RELU);
        CompareViewModel compare = panes.compare;
        assertEquals(RunVariant.TANH, compare.variantAProperty().get());
        assertEquals(RunVariant.RELU, compare.variantBProperty().get());
        assertFalse(compare.third().onProperty().get());
        assertEquals("20", training.stepsProperty().get(), "the Training pane holds the preset's settings");
        assertEquals("adam", training.optimizerProperty().get());
        for (RunSpec ab : List.of(compare.specA(), compare.specB())) {
            assertEquals(20, ab.task().steps(), "the A/B runs take the Training pane's settings");
            assertEquals(32, ab.batchSize());
            assertEquals(32, ab.config().hiddenSize());
        }
        fx.runUntil(() -> state.trainingNowProperty().get().containsAll(List.of(RunSlot.A, RunSlot.B)), "A and B train");
        assertEquals("● Training now: A, B", presets.liveRunsProperty().get());
        assertEquals(RunOwner.EXPLORING, state.ownerProperty(RunSlot.MAIN).get(), "the main run keeps exploring");
        assertEquals(PaneId.AB_RUNS, state.selectedPaneProperty().get());

        presets.pauseAll();
        fx.runUntil(() -> state.trainingNowProperty().get().isEmpty(), "Pause all pauses A and B");
        assertEquals("", presets.liveRunsProperty().get());
    }

    @Test
    void aPresetsExplanationIsMarkedStaleOnceItsSettingsChange() throws Exception {
        PresetsViewModel presets = new PresetsViewModel(state);
        presets.watchSettings(() -> Arrays.asList(state.formProperty().get(), training.settingsValue()),
                state.formProperty(), training.settingsVersionProperty());
        presets.apply(Preset.TANH_VS_RELU);
        fx.drain();
        assertFalse(presets.lessonStaleProperty().get(), "the preset's own settings");
        // The claims are about T = 20: at T = 100 the strip must not go on as if they held.
        training.stepsProperty().set("100");
        assertTrue(presets.lessonStaleProperty().get());
        training.stepsProperty().set("20");
        assertFalse(presets.lessonStaleProperty().get(), "back to the preset's settings");
        model.hiddenSizeProperty().set("16");
        fx.drain();
        assertTrue(presets.lessonStaleProperty().get(), "the form's model changed");
        presets.apply(Preset.TANH_VS_RELU);
        fx.drain();
        assertFalse(presets.lessonStaleProperty().get(), "chosen again: its settings are back");
    }

    @Test
    void theWeightsPanesSeedAndSelectionAreTheStates() {
        model.numLayersProperty().set("2");
        fx.drain();
        state.weightsLayerProperty().set(1);
        assertEquals(1, weights.layerProperty().get(), "a workspace's layer reaches the pane");
        weights.seedProperty().set(42);
        assertEquals(42, state.weightsSeedProperty().get(), "the pane's seed is what a workspace saves");
    }
}
