package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.rnnexplorer.ui.compare.CompareView;
import org.rnnexplorer.ui.data.DataView;
import org.rnnexplorer.ui.gradient.GradientFlowView;
import org.rnnexplorer.ui.hidden.HiddenStatesView;
import org.rnnexplorer.ui.live.LiveShortcuts;
import org.rnnexplorer.ui.model.ModelView;
import org.rnnexplorer.ui.pitfalls.PitfallsView;
import org.rnnexplorer.ui.presets.PresetsView;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingView;
import org.rnnexplorer.ui.weights.WeightsView;

import java.util.List;
import java.util.function.Supplier;

/**
 * The window's tabs, in {@link PaneId}'s order: each an {@link ExplorerPane} with its id, its teaching sentence and its view,
 * built on first use (the Model &amp; shapes pane at once: it is the first one shown). Adding a pane means adding it
 * here.
 */
final class ExplorerPanes {
    final ModelView model;
    final LazyView<WeightsView> weights;
    final LazyView<HiddenStatesView> hidden;
    final LazyView<GradientFlowView> gradient;
    final LazyView<TrainingView> training;
    final LazyView<CompareView> compare;
    final LazyView<PitfallsView> pitfalls;
    final LazyView<DataView> data;
    final LazyView<PresetsView> presets;
    private final List<ExplorerPane> panes;

    /** @param stage the window's stage once shown (trace exports open their file chooser over it) */
    ExplorerPanes(ExplorerViewModels vm, Supplier<Stage> stage) {
        var appearance = vm.window.appearanceProperty();
        Runnable exportTrace = () -> vm.traceExport.chooseAndExport(stage.get());
        model = new ModelView(vm.model, appearance, vm.copyCode);
        weights = new LazyView<>(() -> new WeightsView(vm.weights, appearance));
        hidden = new LazyView<>(() -> new HiddenStatesView(vm.hidden, appearance, exportTrace));
        gradient = new LazyView<>(() -> new GradientFlowView(vm.gradient, appearance, exportTrace));
        training = new LazyView<>(() -> new TrainingView(vm.training, appearance));
        compare = new LazyView<>(() -> new CompareView(vm.compare, appearance));
        pitfalls = new LazyView<>(() -> new PitfallsView(vm.pitfalls, appearance));
        data = new LazyView<>(() -> new DataView(vm.data, appearance));
        presets = new LazyView<>(() -> new PresetsView(vm.presets));
        panes = List.of(
                new ExplorerPane(PaneId.MODEL, "Every nn.RNN argument and the forward call's input, with the shape of every "
                        + "tensor under its PyTorch name, the PyTorch code that builds the same thing, and the network "
                        + "unrolled in time.", model::root, model::charts),
                new ExplorerPane(PaneId.WEIGHTS, "The selected layer's W_ih, W_hh and biases as heatmaps, and W_hh's "
                        + "eigenvalues and singular values: what decides whether signals and gradients fade or grow "
                        + "over time steps.", () -> weights.get().root(), weights.charts(WeightsView::charts)),
                new ExplorerPane(PaneId.HIDDEN_STATES, "h_t of every unit at every timestep of the latest pass, as a units × "
                        + "time heatmap with saturated units hatched, chosen units as lines, and a time cursor to play or "
                        + "step through the sequence. " + LiveShortcuts.SUMMARY + ".",
                        () -> hidden.get().root(), hidden.charts(HiddenStatesView::charts)),
                new ExplorerPane(PaneId.GRADIENT_FLOW, "How far back the loss's gradient reaches: ‖∂L/∂h_t‖ against t on a log "
                        + "axis with Pascanu's bound (γσ_max)^k, ∂L/∂h_t as a heatmap, BPTT stepped one timestep back at "
                        + "a time with its Jacobian factor and running product, and clipping events per iteration.",
                        () -> gradient.get().root(), gradient.charts(GradientFlowView::charts)),
                new ExplorerPane(PaneId.TRAINING, "Train the form's RNN on a task: loss against the task's chance level, "
                        + "gradient norm before and after clipping, update ratios, and ρ and σ_max of W_hh as they "
                        + "change. While it trains, the other panes show the training run.",
                        () -> training.get().root(), training.charts(TrainingView::exportableCharts)),
                new ExplorerPane(PaneId.AB_RUNS, "Two runs side by side with the same seed, batches and optimiser, "
                        + "differing only in nonlinearity and initialisation.",
                        () -> compare.get().root(), compare.charts(CompareView::exportableCharts)),
                new ExplorerPane(PaneId.PITFALLS, "The three pitfalls of torch.nn.RNN's documentation-style article, "
                        + "computed: batch-first data in a time-first RNN, and carrying h_n with and without detach.",
                        () -> pitfalls.get().root(), pitfalls.charts(PitfallsView::charts)),
                new ExplorerPane(PaneId.DATA, "The explore run's own input (CSV or NPY) and PyTorch's output for it, "
                        + "compared with ours.", () -> data.get().root(), data.charts(DataView::charts)),
                new ExplorerPane(PaneId.EXPERIMENTS, "The classic vanishing and exploding gradient experiments and the "
                        + "article's pitfalls, one click each.", () -> presets.get().root(), List::of));
    }

    /** The tabs, in {@link PaneId}'s order. */
    List<ExplorerPane> all() {
        return panes;
    }
}
