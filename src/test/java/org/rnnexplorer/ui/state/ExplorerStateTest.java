package org.rnnexplorer.ui.state;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
