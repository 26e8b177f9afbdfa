package org.rnnexplorer.ui.rules;

import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.util.concurrent.Executor;

/**
 * Every cross-pane rule of the explorer, installed on one {@link ExplorerState} in one place (the window and the
 * rules' tests install the same set): the form and the weights ({@link FormAndWeightsRule}), training's ownership
 * of the main run ({@link TrainingRule}), what an edit of the model means ({@link ModelEditRule}), the A/B slots
 * ({@link AbRunsRule}), which runs train now ({@link TrainingRunsRule}), the requests of presets, workspaces and
 * files ({@link PaneRequestsRule}) and the live run following the explorer ({@link LiveRunRule}).
 */
public final class ExplorerRules {

    private ExplorerRules() {
    }

    /**
     * @param training built with {@link TrainingRule#context(ExplorerState)}
     * @param fx       the FX thread's executor ({@code Platform::runLater}; in tests, a queue drained by the test)
     */
    public static void install(ExplorerState state, ModelViewModel model, WeightsViewModel weights,
                               TrainingViewModel training, CompareViewModel compare, PitfallsViewModel pitfalls,
                               DataViewModel data, ServiceBridge runA, ServiceBridge runB, ServiceBridge runC,
                               ServiceBridge live, Executor fx) {
        FormAndWeightsRule.install(state, model, weights);
        PaneRequestsRule.install(state, model, weights, training, compare, pitfalls, data);
        TrainingRule.install(state, training, live);
        ModelEditRule.install(state, training, pitfalls, data);
        AbRunsRule.install(state, runA, runB, runC);
        TrainingRunsRule.install(state, training, compare);
        new LiveRunRule(state, fx, live::configureLatest);
    }
}
