package org.rnnexplorer.ui.rules;

import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;
import org.rnnexplorer.ui.training.TrainingViewModel;

/**
 * What an edit of the model means to the panes computed from it: editing the form leaves training (the main run
 * explores the edited model again) and makes the next Run a fresh one; a user's weight edit makes the next Run fresh
 * when training starts from the Weights pane; both recompute the pitfall studies and the PyTorch comparison. Weights
 * moved by training are not an edit ({@link ExplorerState#modelEditsProperty()}); another backend makes the next
 * Run fresh.
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
            if (state.weightsChangeProperty().get() == WeightsChange.EDIT) training.weightsChanged();
        });
        state.modelEditsProperty().addListener((o, a, n) -> {
            pitfalls.modelChanged();
            data.modelChanged();
        });
        state.backendProperty().addListener((o, a, b) -> training.settingsChanged());
    }
}
