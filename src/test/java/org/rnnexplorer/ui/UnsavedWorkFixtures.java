package org.rnnexplorer.ui;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;

import java.util.ArrayList;
import java.util.List;

/** One window's view-models without JavaFX (direct executors), and work other windows left: for the unsaved-work tests. */
final class UnsavedWorkFixtures {

    private UnsavedWorkFixtures() {
    }

    /** The panes' view-models with the rules that carry requests, on the scalar backend. */
    static PaneViewModels panes() {
        return new PaneViewModels(Runnable::run, Runnable::run, new SafetensorsWeightsFiles(), "scalar").installRequestRules();
    }

    /** File ▸ Save/Open workspace over those panes' state. */
    static WorkspaceViewModel workspace(PaneViewModels panes) {
        return new WorkspaceViewModel(Runnable::run, Runnable::run,
                new MainWindowViewModel(List.of(new BackendOption("scalar", true, "")), "scalar"), panes.state,
                panes.training);
    }

    /** The workspace another window would keep: the form's model with hidden_size H and an orthogonal W_hh (seed). */
    static Workspace otherWindowsWork(int hiddenSize, long seed) {
        PaneViewModels other = panes();
        try {
            other.model.hiddenSizeProperty().set(Integer.toString(hiddenSize));
            other.weights.seedProperty().set(seed);
            other.weights.orthogonal();
            return workspace(other).gather();
        } finally {
            other.close();
        }
    }

    /**
     * Trains one step, then for each hidden_size re-shapes the form to it and trains again: the trained sets in order,
     * each but the last replaced by the next re-shaping and offered back.
     */
    static List<RnnParameters> trainAcrossReshapings(PaneViewModels panes, float by, String... hiddenSizes) {
        List<RnnParameters> trained = new ArrayList<>(List.of(trainOneStep(panes, by)));
        for (String h : hiddenSizes) {
            panes.model.hiddenSizeProperty().set(h);
            trained.add(trainOneStep(panes, by));
        }
        return trained;
    }

    /** A training step as the service publishes it: a copy of the weights shown with one number moved. */
    static RnnParameters trainOneStep(PaneViewModels panes, float by) {
        RnnParameters moved = panes.weights.parametersProperty().get().copy();
        moved.weightHh(0, 0)[1] += by;
        panes.state.trainingMovedWeights(moved);
        return moved;
    }
}
