package org.rnnexplorer.ui.state;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ExplorerStateTest {
    final ExplorerState state = new ExplorerState();
    final RnnParameters drawn = Initializers.create(RnnConfig.of(3, 4), Initializers.Scheme.PYTORCH_DEFAULT, 1);

    @Test
    void weightsMovedByTrainingAreShownButAreNoEditOfTheModel() {
        state.editWeights(drawn);
        assertEquals(1, state.modelEditsProperty().get());
        RnnParameters trained = drawn.copy();
        state.trainingMovedWeights(trained);
        assertSame(trained, state.weightsProperty().get());
        assertEquals(WeightsChange.TRAINING, state.weightsChangeProperty().get());
        assertEquals(2, state.weightsVersionProperty().get());
        assertEquals(1, state.modelEditsProperty().get(), "training is not an edit");
    }

    @Test
    void theWeightsAlreadyShownComingBackAreNoChange() {
        state.trainingMovedWeights(drawn);
        state.editWeights(drawn); // the Weights pane showing training's weights reports them back
        assertEquals(1, state.weightsVersionProperty().get());
        assertEquals(WeightsChange.TRAINING, state.weightsChangeProperty().get());
        assertEquals(0, state.modelEditsProperty().get());
    }

    @Test
    void aRequestPostedTwiceIsAskedTwiceInTheOrderTheHandlersWereInstalled() {
        List<String> asked = new ArrayList<>();
        Request<Long> trainFor = state.requests().trainFor();
        trainFor.handle(n -> asked.add("first " + n));
        trainFor.handle(n -> asked.add("second " + n));
        trainFor.post(100L);
        trainFor.post(100L);
        assertEquals(List.of("first 100", "second 100", "first 100", "second 100"), asked,
                "applying the same preset twice resets its panes twice");
    }

    @Test
    void aPaneIsFoundByItsTabTitleAndAnUnknownTitleNamesNone() {
        for (PaneId p : PaneId.values()) assertSame(p, PaneId.byTitle(p.title()));
        assertEquals("Model & shapes", PaneId.MODEL.title());
        assertNull(PaneId.byTitle("Weigths"));
        assertNull(PaneId.byTitle(""));
    }

    @Test
    void trainingNowHoldsTheSlotsGivenAndIsNotChangedByTheCallersSet() {
        Set<RunSlot> slots = EnumSet.of(RunSlot.A, RunSlot.B);
        state.trainingNow(slots);
        slots.add(RunSlot.MAIN);
        assertEquals(Set.of(RunSlot.A, RunSlot.B), state.trainingNowProperty().get());
    }
}
