package org.rnnexplorer.ui.rules;

import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState.WeightsChange;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;

/**
 * The form and the Weights pane through the state: the form's valid settings become the state's model, which the
 * weights take the shapes of; a weights file's configuration goes into the form; the Weights pane's weights become
 * the state's (an edit), and weights moved by training are shown in the Weights pane without counting as one (the
 * state already holds that object, so the pane's change coming back is no change).
 */
public final class FormAndWeightsRule {

    private FormAndWeightsRule() {
    }

    public static void install(ExplorerState state, ModelViewModel model, WeightsViewModel weights) {
        model.stateProperty().addListener((o, a, s) -> state.editForm(s));
        state.formProperty().addListener((o, a, s) -> {
            if (s != null) weights.configure(s.config());
        });
        weights.loadedFromFileProperty().addListener((o, a, c) -> {
            if (c != null) model.applyConfig(c);
        });
        weights.versionProperty().addListener((o, a, v) -> state.editWeights(weights.parametersProperty().get()));
        state.weightsProperty().addListener((o, a, p) -> {
            if (state.weightsChangeProperty().get() != WeightsChange.TRAINING) return;
            try {
                RunSpec run = state.specProperty(RunSlot.MAIN).get();
                weights.showLive(p, run == null ? null : TrainingViewModel.freshInitOf(run));
            } catch (IllegalArgumentException otherShapes) {
                // The form was re-shaped meanwhile: the pane's re-shaped weights come next.
            }
        });
        state.editForm(model.stateProperty().get()); // the form's first setting: the weights take its shapes
    }
}
