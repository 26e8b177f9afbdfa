package org.rnnexplorer.ui.rules;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.FxQueue;
import org.rnnexplorer.ui.state.ModelState;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class LiveRunRuleTest {
    final ExplorerState state = new ExplorerState();
    final FxQueue fx = new FxQueue();
    final List<RunSpec> configured = new ArrayList<>();
    final ModelViewModel form = new ModelViewModel();

    LiveRunRuleTest() {
        new LiveRunRule(state, fx, configured::add);
    }

    private RnnParameters weightsFor(ModelViewModel f) {
        return Initializers.create(f.stateProperty().get().config(), Initializers.Scheme.PYTORCH_DEFAULT, 3);
    }

    @Test
    void changesMadeInOneEventGiveOneSpec() {
        state.editForm(form.stateProperty().get());
        state.editWeights(weightsFor(form));
        state.backendProperty().set("scalar");
        fx.drain();
        assertEquals(1, configured.size());
        RunSpec spec = configured.getFirst();
        assertSame(spec, state.specProperty(RunSlot.MAIN).get());
        assertEquals(form.stateProperty().get().config(), spec.config());
        assertEquals(BackendChoice.SCALAR, spec.backend());
        fx.drain();
        assertEquals(1, configured.size(), "nothing changed since");
    }

    @Test
    void weightsOfAnotherShapeWaitForTheirReShape() {
        state.editForm(form.stateProperty().get());
        state.editWeights(weightsFor(form));
        fx.drain();
        form.hiddenSizeProperty().set("7");
        state.editForm(form.stateProperty().get());
        fx.drain();
        assertEquals(1, configured.size(), "the old weights do not fit hidden_size 7");
        state.editWeights(weightsFor(form));
        fx.drain();
        assertEquals(2, configured.size());
        assertEquals(7, configured.getLast().config().hiddenSize());
    }

    @Test
    void whileTrainingOwnsTheRunNothingMovesItAndHandingBackExploresAgain() {
        state.editForm(form.stateProperty().get());
        state.editWeights(weightsFor(form));
        fx.drain();
        state.own(RunSlot.MAIN, RunOwner.TRAINING);
        state.trainingMovedWeights(state.weightsProperty().get().copy());
        state.backendProperty().set("simd");
        fx.drain();
        assertEquals(1, configured.size());
        state.own(RunSlot.MAIN, RunOwner.EXPLORING);
        fx.drain();
        assertEquals(2, configured.size(), "handing back explores the form's model with the trained weights");
        assertEquals(BackendChoice.SIMD, configured.getLast().backend());
    }

    @Test
    void anImportedInputIsRunOnlyWhileItHasTheFormsInputShape() {
        state.editForm(form.stateProperty().get());
        state.editWeights(weightsFor(form));
        ModelState s = form.stateProperty().get();
        Tensor x = Tensor.zeros(s.layout().inputShape(s.config()));
        state.inputProperty().set(x);
        fx.drain();
        assertSame(x, configured.getLast().task().fixed().input());
        form.seqLenProperty().set("9");
        state.editForm(form.stateProperty().get());
        fx.drain();
        Tensor ran = configured.getLast().task().fixed().input();
        assertNotSame(x, ran);
        assertArrayEquals(form.stateProperty().get().layout().inputShape(s.config()), ran.shape(),
                "seeded random input of the new length");
    }

    /**
     * The sequence chosen in Hidden states or Gradient flow is the one the explore run traces; a form whose batch
     * shrinks below it follows its last sequence, and the choice says so.
     */
    @Test
    void theFollowedSequenceIsTheOneTheExploreRunTracesWithinTheFormsBatch() {
        form.batchProperty().set("3");
        form.lengthsProperty().set("5,3,2");
        state.editForm(form.stateProperty().get());
        state.editWeights(weightsFor(form));
        fx.drain();
        assertEquals(0, configured.getLast().probes().batchIndex());
        state.followedSequenceProperty().set(2);
        fx.drain();
        assertEquals(2, configured.size());
        assertEquals(2, configured.getLast().probes().batchIndex());
        form.lengthsProperty().set("");
        form.batchProperty().set("2");
        state.editForm(form.stateProperty().get());
        fx.drain();
        assertEquals(1, state.followedSequenceProperty().get(), "a batch of two has sequences 0 and 1");
        assertEquals(1, configured.getLast().probes().batchIndex());
        int specs = configured.size();
        fx.drain();
        assertEquals(specs, configured.size(), "clamping the choice runs nothing more");
    }
}
