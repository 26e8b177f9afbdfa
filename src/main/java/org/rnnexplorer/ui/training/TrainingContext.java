package org.rnnexplorer.ui.training;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.ui.state.ModelState;

/** What the Training pane takes from the rest of the window. Called on the FX thread. */
public interface TrainingContext {

    /** The Model &amp; shapes form's last valid setting: hidden size, layers, nonlinearity, ... (input_size is the task's). */
    ModelState form();

    /** The Weights pane's current weights (for the "Weights pane" initialisation), or null. */
    RnnParameters weights();

    /**
     * The readout head training moved together with {@link #weights()} (kept by a workspace too), or null: a run from
     * the Weights pane goes on with it where its shapes fit, instead of a fresh head.
     */
    default Linear head() {
        return null;
    }

    /** The backend chosen in the status bar: scalar, simd, cuda or auto. */
    String backend();

    /** Hands the live run back to exploring the form's model (see {@link TrainingViewModel#leave()}). */
    void exploreAgain();

    /**
     * Sets the form's input_size to a task's number of input features, so that the model trained is the form's and
     * its weights are the Weights pane's (shown, saved, recovered, copied). Without it a run on RNN(10, 20) with the
     * adding task (2 features) trained weights no pane held, and closing lost them without asking.
     */
    default void adoptInputSize(int inputSize) {
    }
}
