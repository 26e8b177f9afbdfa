package org.rnnexplorer.ui.rules;

import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The explorer's pane view-models over one {@link ExplorerState}, built as the window builds them, with real engine
 * services, for tests without JavaFX. Which rules connect them is the test's choice.
 */
public final class PaneViewModels implements AutoCloseable {
    public final ExplorerState state = new ExplorerState();
    public final ModelViewModel model = new ModelViewModel();
    public final WeightsViewModel weights;
    public final ServiceBridge live, runA, runB, runC;
    public final TrainingViewModel training;
    public final CompareViewModel compare;
    public final PitfallsViewModel pitfalls;
    public final DataViewModel data;

    /**
     * @param background the panes' background executor (files, studies, weight initialisations)
     * @param fx         the FX thread's executor (services hand their snapshots to it)
     * @param files      reads and writes weights files, or null
     * @param backend    the backend the runs use, e.g. "scalar"
     */
    public PaneViewModels(Executor background, Executor fx, WeightsFileHandler files, String backend) {
        state.backendProperty().set(backend);
        weights = new WeightsViewModel(background, fx, files);
        live = new ServiceBridge(fx);
        runA = new ServiceBridge(fx);
        runB = new ServiceBridge(fx);
        runC = new ServiceBridge(fx);
        training = new TrainingViewModel(live, TrainingRule.context(state));
        compare = new CompareViewModel(runA, runB, runC, training);
        pitfalls = new PitfallsViewModel(background, fx, state.formProperty()::get, state.weightsProperty()::get,
                state.backendProperty()::get);
        data = new DataViewModel(background, fx, state.formProperty()::get, state.weightsProperty()::get,
                state.backendProperty()::get, model::applyForm);
    }

    /**
     * The rules that carry the form and the requests of presets, workspaces and files to the panes, and say which
     * runs train: everything but the main run following the state (which needs the FX queue).
     */
    public PaneViewModels installRequestRules() {
        FormAndWeightsRule.install(state, model, weights);
        PaneRequestsRule.install(state, model, weights, training, compare, pitfalls, data);
        TrainingRunsRule.install(state, training, compare);
        return this;
    }

    /** Every rule, as the window installs them. */
    public PaneViewModels installAllRules(Executor fx) {
        ExplorerRules.install(state, model, weights, training, compare, pitfalls, data, runA, runB, runC, live, fx);
        return this;
    }

    @Override
    public void close() {
        compare.cancel();
        List.of(live, runA, runB, runC).forEach(ServiceBridge::close);
    }
}
