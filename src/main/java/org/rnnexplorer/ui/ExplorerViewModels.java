package org.rnnexplorer.ui;

import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.fx.FxTimings;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.gradient.GradientFlowViewModel;
import org.rnnexplorer.ui.hidden.HiddenStatesViewModel;
import org.rnnexplorer.ui.live.CursorPlayer;
import org.rnnexplorer.ui.live.Throughput;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.live.TimeZoom;
import org.rnnexplorer.ui.live.TraceExportAction;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.presets.PresetsViewModel;
import org.rnnexplorer.ui.rules.ExplorerRules;
import org.rnnexplorer.ui.rules.TrainingRule;
import org.rnnexplorer.ui.run.CopiedRun;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.util.Arrays;

/**
 * The explorer's view-models over one {@link ExplorerState}, and the rules that connect them through it (package
 * {@link ExplorerRules}). Construction only: what follows what is decided by the rules.
 */
final class ExplorerViewModels {
    final ExplorerState state = new ExplorerState();
    final MainWindowViewModel window;
    final ModelViewModel model = new ModelViewModel();
    final WeightsViewModel weights;
    final TimeCursorViewModel cursor;
    final HiddenStatesViewModel hidden;
    final GradientFlowViewModel gradient;
    final TraceExportAction traceExport;
    final TrainingViewModel training;
    final CompareViewModel compare;
    final PitfallsViewModel pitfalls;
    final DataViewModel data;
    final WorkspaceViewModel workspace;
    final FileOpener opener;
    final PresetsViewModel presets;
    final CopyCodeAction copyCode;

    /** @param files reads and writes .safetensors weights, or null when this build has none */
    ExplorerViewModels(ExplorerServices services, MainWindowViewModel window, WeightsFileHandler files) {
        this.window = window;
        ServiceBridge live = services.run(RunSlot.MAIN);
        weights = new WeightsViewModel(services.weights, services.fx, files);
        cursor = new TimeCursorViewModel(new TimeCursorViewModel.ServiceSteps() {
            @Override
            public void stepTimestepForward() {
                live.stepTimestepForward();
            }

            @Override
            public void stepTimestepBackward() {
                live.stepTimestepBackward();
            }
        });
        hidden = new HiddenStatesViewModel(cursor, services.tracePrep, services.fx);
        gradient = new GradientFlowViewModel(cursor, services.tracePrep, services.fx);
        gradient.exploreLossProperty().bindBidirectional(state.exploreLossProperty());
        cursor.sequence().chosenProperty().bindBidirectional(state.followedSequenceProperty());
        cursor.sequence().exploringProperty().bind(state.ownerProperty(RunSlot.MAIN).isEqualTo(RunOwner.EXPLORING));
        traceExport = new TraceExportAction(() -> live.snapshot().trace(), services.exports, services.fx,
                text -> window.statusProperty().set(text), window::showProblem);
        new CursorPlayer(cursor);
        training = new TrainingViewModel(live, TrainingRule.context(state));
        training.setDefaultCorpus(SampleData::bundledCorpus);
        compare = new CompareViewModel(services.run(RunSlot.A), services.run(RunSlot.B), services.run(RunSlot.C),
                training);
        pitfalls = new PitfallsViewModel(services.lab, services.fx, state.formProperty()::get,
                state.weightsProperty()::get, state.backendProperty()::get);
        data = new DataViewModel(services.lab, services.fx, state.formProperty()::get, state.weightsProperty()::get,
                state.backendProperty()::get, model::applyForm);
        workspace = new WorkspaceViewModel(services.lab, services.fx, window, state, training);
        opener = new FileOpener(services.lab, services.fx, window, state, workspace);
        presets = new PresetsViewModel(state);
        presets.watchSettings(() -> Arrays.asList(state.formProperty().get(), training.settingsValue()),
                state.formProperty(), training.settingsVersionProperty());

        copyCode = new CopyCodeAction(state, CopiedRun.defaultDirectory(), window.statusProperty(),
                window::showProblem, window::withdrawProblem);
        shareWindowSettings();
        ExplorerRules.install(state, model, weights, training, compare, pitfalls, data, services.run(RunSlot.A),
                services.run(RunSlot.B), services.run(RunSlot.C), live, services.fx);
        feedLivePanes(live);
        workspace.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) window.showProblem(m);
        });
        opener.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) window.showProblem(m);
        });
        workspace.statusProperty().addListener((o, a, m) -> window.statusProperty().set(m));
        workspace.savedWeightsProperty().addListener((o, a, p) -> {
            if (p != null) weights.markSaved(p);
        });
    }

    /** The window's backend and selected pane are the state's. */
    private void shareWindowSettings() {
        state.selectedPaneProperty().bindBidirectional(window.selectedPaneProperty());
        state.backendProperty().set(backendName(window.backendProperty().get()));
        window.backendProperty().addListener((o, a, b) -> state.backendProperty().set(backendName(b)));
        state.formProperty().addListener((o, a, f) -> window.cellModeChanged(f == null ? null : f.config().mode()));
        if (state.formProperty().get() != null) window.cellModeChanged(state.formProperty().get().config().mode());
        hidden.activeProperty().bind(state.selectedPaneProperty().isEqualTo(PaneId.HIDDEN_STATES));
        gradient.activeProperty().bind(state.selectedPaneProperty().isEqualTo(PaneId.GRADIENT_FLOW));
    }

    private static String backendName(BackendOption b) {
        return b == null ? "auto" : b.name();
    }

    /** Whether a pane with a time cursor (Hidden states, Gradient flow) is shown: the live keys act then. */
    boolean livePaneShown() {
        return hidden.activeProperty().get() || gradient.activeProperty().get();
    }

    /** The time axis the zoom keys act on: the shown live pane's, or null. */
    TimeZoom shownTimeZoom() {
        return hidden.activeProperty().get() ? hidden.timeZoom() : gradient.activeProperty().get() ? gradient.timeZoom() : null;
    }

    /** Every pass of the main run goes to the time cursor, the live panes and the status bar's throughput. */
    private void feedLivePanes(ServiceBridge live) {
        live.snapshotProperty().addListener((o, a, s) -> FxTimings.time("snapshot handlers", () -> {
            cursor.follow(s);
            hidden.show(s);
            gradient.show(s);
            window.throughputProperty().set(Throughput.describe(s));
        }));
    }

}
