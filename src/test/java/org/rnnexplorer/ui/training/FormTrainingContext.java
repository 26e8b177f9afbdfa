package org.rnnexplorer.ui.training;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ModelState;

/**
 * The Training pane's context in view-model tests: the model of a Model &amp; shapes form, weights a test may set,
 * the scalar backend, and a count of the hand-backs to exploring.
 */
public final class FormTrainingContext implements TrainingContext {
    private final ModelViewModel form;
    /** The Weights pane's weights, or null for none. */
    public RnnParameters weights;
    /** How often the live run was handed back to exploring. */
    public int explored;

    public FormTrainingContext(ModelViewModel form) {
        this.form = form;
    }

    @Override
    public ModelState form() {
        return form.stateProperty().get();
    }

    @Override
    public RnnParameters weights() {
        return weights;
    }

    @Override
    public String backend() {
        return "scalar";
    }

    @Override
    public void exploreAgain() {
        explored++;
    }

    @Override
    public void adoptInputSize(int inputSize) {
        form.inputSizeProperty().set(Integer.toString(inputSize));
    }
}
