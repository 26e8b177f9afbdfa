package org.rnnexplorer.ui.compare;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.RunVariant;
import org.rnnexplorer.ui.state.TrainingSettingsException;
import org.rnnexplorer.ui.training.FormTrainingContext;
import org.rnnexplorer.ui.training.TrainingContext;
import org.rnnexplorer.ui.training.TrainingViewModel;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareViewModelTest {

    final ModelViewModel form = new ModelViewModel();
    final ServiceBridge live = new ServiceBridge(Runnable::run);
    final ServiceBridge a = new ServiceBridge(Runnable::run);
    final ServiceBridge b = new ServiceBridge(Runnable::run);
    final ServiceBridge c = new ServiceBridge(Runnable::run);
    final TrainingViewModel training = new TrainingViewModel(live, new FormTrainingContext(form));

    @AfterEach
    void close() {
        live.close();
        a.close();
        b.close();
        c.close();
    }

    @Test
    void theTwoRunsDifferOnlyInNonlinearityAndInitialisation() {
        CompareViewModel vm = new CompareViewModel(a, b, c, training);
        training.optimizerProperty().set("rmsprop");
        training.seedProperty().set("5");
        vm.variantAProperty().set(RunVariant.IRNN);
        vm.variantBProperty().set(RunVariant.TANH);
        RunSpec sa = vm.specFor(vm.variantAProperty().get()), sb = vm.specFor(vm.variantBProperty().get());
        assertEquals(Nonlinearity.RELU, sa.config().nonlinearity());
        assertEquals(Initializers.Scheme.IDENTITY, sa.init());
        assertEquals(Nonlinearity.TANH, sb.config().nonlinearity());
        assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, sb.init());
        RunSpec base = training.buildSpec();
        for (RunSpec s : new RunSpec[] {sa, sb}) {
            assertEquals(base.config().withNonlinearity(s.config().nonlinearity()), s.config());
            assertEquals(base.task(), s.task());
            assertEquals(base.seed(), s.seed());
            assertEquals(base.batchSize(), s.batchSize());
            assertEquals(base.optimizer(), s.optimizer());
            assertEquals(base.clipping(), s.clipping());
            assertEquals(base.tbpttChunk(), s.tbpttChunk());
        }
    }

    private static ServiceSnapshot await(Supplier<ServiceSnapshot> s, long iteration) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            ServiceSnapshot x = s.get();
            if (x != null && x.iteration() == iteration) return x;
            Thread.sleep(5);
        }
        throw new AssertionError("iteration " + iteration + " not reached; last " + s.get());
    }

    @Test
    void oneStepCommandStepsBothRunsOnTheSameBatch() throws Exception {
        form.hiddenSizeProperty().set("6");
        form.numLayersProperty().set("1");
        training.stepsProperty().set("10");
        training.batchSizeProperty().set("4");
        CompareViewModel vm = new CompareViewModel(a, b, c, training);
        vm.variantAProperty().set(RunVariant.TANH);
        vm.variantBProperty().set(RunVariant.RELU);
        vm.step();
        ServiceSnapshot sa = await(vm.trainingAProperty()::get, 1), sb = await(vm.trainingBProperty()::get, 1);
        assertEquals(1, sa.history().loss().size());
        assertEquals(1, sb.history().loss().size());
        assertNotEquals(sa.history().loss().last(), sb.history().loss().last(), "tanh and ReLU see the batch differently");
        // Same seed: the ReLU run's W_hh is the tanh run's (PyTorch default from the same seed) before the update.
        assertEquals(sa.spec().seed(), sb.spec().seed());
        vm.step();
        await(vm.trainingAProperty()::get, 2);
        await(vm.trainingBProperty()::get, 2);
        assertTrue(vm.statusAProperty().get().contains("iteration 2"), vm.statusAProperty().get());
        vm.reset();
        await(vm.trainingAProperty()::get, 0);
    }
    @Test
    void aSideCanBeAnLstmOrAGruAndDiffersFromTheOthersOnlyInItsCell() {
        CompareViewModel vm = new CompareViewModel(a, b, c, training);
        training.optimizerProperty().set("adam");
        training.seedProperty().set("3");
        RunSpec base = training.buildSpec();
        for (RunVariant v : List.of(RunVariant.LSTM, RunVariant.GRU, RunVariant.RELU)) {
            RunSpec s = vm.specFor(v);
            assertEquals(v.mode(), s.config().mode());
            assertEquals(base.config().withMode(v.mode()), s.config(), "only the cell differs");
            assertEquals(base.task(), s.task());
            assertEquals(base.seed(), s.seed());
            assertEquals(base.batchSize(), s.batchSize());
            assertEquals(base.optimizer(), s.optimizer());
            assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, s.init());
        }
        assertTrue(RunVariant.VARIANTS.containsAll(List.of(RunVariant.TANH, RunVariant.LSTM,
                RunVariant.GRU)), "any two of RNN, LSTM and GRU can be chosen");
    }

    @Test
    void aGruOrRnnSideDropsTheFormsLstmProjectionAndAnLstmSideKeepsIt() {
        RnnConfig lstm = RnnConfig.of(CellMode.LSTM, 2, 6).withProjSize(3);
        ModelState gated = new ModelState(lstm, form.stateProperty().get().input(), form.stateProperty().get().layout());
        TrainingViewModel onLstm = new TrainingViewModel(live, context(gated));
        CompareViewModel vm = new CompareViewModel(a, b, c, onLstm);
        assertEquals(3, vm.specFor(RunVariant.LSTM).config().projSize());
        assertEquals(0, vm.specFor(RunVariant.GRU).config().projSize());
        assertEquals(CellMode.RNN_TANH, vm.specFor(RunVariant.TANH).config().mode());
        // The Training pane refuses what is an Elman RNN's only, naming the control.
        onLstm.initProperty().set(TrainingViewModel.Init.IDENTITY);
        TrainingSettingsException e = assertThrows(TrainingSettingsException.class, onLstm::buildSpec);
        assertEquals("init", e.field());
        assertTrue(onLstm.problemProperty().get().startsWith("init: the identity initialisation (IRNN) is nn.RNN's"),
                onLstm.problemProperty().get());
        onLstm.initProperty().set(TrainingViewModel.Init.ORTHOGONAL);
        onLstm.rhoProperty().set("1");
        assertEquals("ρ", assertThrows(TrainingSettingsException.class, onLstm::buildSpec).field());
        onLstm.rhoProperty().set("");
        assertEquals(CellMode.LSTM, onLstm.buildSpec().config().mode());
    }

    private static TrainingContext context(ModelState state) {
        return new TrainingContext() {
            @Override
            public ModelState form() {
                return state;
            }

            @Override
            public RnnParameters weights() {
                return null;
            }

            @Override
            public String backend() {
                return "scalar";
            }

            @Override
            public void exploreAgain() {
            }
        };
    }

    @Test
    void withRunCOnOneStepStepsAllThreeOnTheSameBatchAndTurningItOffForgetsIt() throws Exception {
        form.hiddenSizeProperty().set("6");
        form.numLayersProperty().set("1");
        training.stepsProperty().set("10");
        training.batchSizeProperty().set("4");
        CompareViewModel vm = new CompareViewModel(a, b, c, training);
        vm.variantAProperty().set(RunVariant.TANH);
        vm.variantBProperty().set(RunVariant.LSTM);
        vm.third().variantProperty().set(RunVariant.GRU);
        vm.third().onProperty().set(true);
        vm.step();
        ServiceSnapshot sa = await(vm.trainingAProperty()::get, 1), sb = await(vm.trainingBProperty()::get, 1),
                sc = await(vm.third().trainingProperty()::get, 1);
        assertEquals(CellMode.GRU, sc.spec().config().mode());
        assertEquals(CellMode.LSTM, sb.spec().config().mode());
        assertEquals(sa.spec().seed(), sc.spec().seed());
        // One chance level: the three were scored on the same task and batches.
        assertEquals(sa.history().baseline(), sc.history().baseline());
        assertNotEquals(sa.history().loss().last(), sc.history().loss().last(), "a GRU sees the batch differently");
        assertTrue(vm.third().statusProperty().get().contains("iteration 1"), vm.third().statusProperty().get());
        // ‖∂L/∂h_t‖ of the GRU's pass is there for the three-way chart: one value per step.
        ThreeWaySeries.Run curves = ThreeWaySeries.of(sc);
        assertEquals(10, curves.gradNorm().length);
        assertEquals(1, curves.loss().size());
        vm.pause();
        vm.third().onProperty().set(false);
        assertNull(vm.third().trainingProperty().get());
        assertEquals("", vm.third().statusProperty().get());
        vm.step(); // C off: A and B only
        await(vm.trainingAProperty()::get, 1);
        assertNull(vm.third().spec());
    }
}
