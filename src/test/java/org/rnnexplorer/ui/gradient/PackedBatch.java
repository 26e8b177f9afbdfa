package org.rnnexplorer.ui.gradient;

import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ModelState;

/** The form of a packed batch for the gradient tests: nn.RNN(3, H), seq_len 5, batch 3, lengths 5, 3, 2, no h_0. */
final class PackedBatch {

    private PackedBatch() {
    }

    static ModelState form(int hiddenSize) {
        ModelViewModel form = new ModelViewModel();
        form.inputSizeProperty().set("3");
        form.hiddenSizeProperty().set(Integer.toString(hiddenSize));
        form.numLayersProperty().set("1");
        form.seqLenProperty().set("5");
        form.batchProperty().set("3");
        form.lengthsProperty().set("5,3,2");
        form.h0Property().set(false);
        return form.stateProperty().get();
    }
}
