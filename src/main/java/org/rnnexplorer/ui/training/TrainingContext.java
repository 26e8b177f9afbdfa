package org.rnnexplorer.ui.training;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.state.ModelState;

/** What the Training pane takes from the rest of the window. Called on the FX thread. */
public interface TrainingContext {

    /** The Model &amp; shapes form's last valid setting: hidden size, layers, nonlinearity, ... (input_size is the task's). */
    ModelState form();

    /** The Weights pane's current weights (for the "Weights pane" initialisation), or null. */
    RnnParameters weights();

    /** The backend chosen in the status bar: scalar, simd, cuda or auto. */
    String backend();

    /** Hands the live run back to exploring the form's model (see {@link TrainingViewModel#leave()}). */
    void exploreAgain();
}
