package org.rnnexplorer.ui.rules;

import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;
import org.rnnexplorer.ui.training.TrainingViewModel;

/**
 * What an edit of the model means to the panes computed from it: editing the form leaves training (the main run
 * explores the edited model again) and makes the next Run a fresh one; a user's weight edit leaves training too, and
 * makes the next Run fresh when training starts from the Weights pane; both recompute the pitfall studies and the
 * PyTorch comparison. Weights moved by training are not an edit ({@link ExplorerState#modelEditsProperty()}); another
 * backend makes the next Run fresh.
 */
public final class ModelEditRule {

    private ModelEditRule() {
    }

    public static void install(ExplorerState state, TrainingViewModel training, PitfallsViewModel pitfalls,
                               DataViewModel data) {
        state.formProperty().addListener((o, a, s) -> {
            training.leave();
            training.settingsChanged();
        });
        state.weightsProperty().addListener((o, a, p) -> {
            if (state.weightsChangeProperty().get() != WeightsChange.EDIT) return;
            // A user's edit of the weights a run trains leaves that run, as a form edit does: its next copy of its
            // weights (every 250 ms, or a step still in flight) came back over the edit, and the fresh run from "the
            // edited weights" started from trained ones. Weights re-drawn for a re-shaped form are not such an edit
            // (the form change already left; the first Run's own input_size re-shaping draws them after it starts).
            if (a != null && p != null && p.config().shape().sameParametersAs(a.config().shape())) training.leave();
            training.weightsChanged();
        });
        state.modelEditsProperty().addListener((o, a, n) -> {
            pitfalls.modelChanged();
            data.modelChanged();
        });
        state.backendProperty().addListener((o, a, b) -> training.settingsChanged());
    }
}
