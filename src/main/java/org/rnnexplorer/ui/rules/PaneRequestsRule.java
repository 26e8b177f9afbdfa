package org.rnnexplorer.ui.rules;

import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;

/**
 * Carries each of {@link PaneRequests} to the pane that does it, and keeps in the state the panes' values that a
 * workspace saves (the Weights pane's seed and selection, the Data pane's input and reference): presets, workspaces
 * and opened files change the state only.
 */
public final class PaneRequestsRule {

    private PaneRequestsRule() {
    }

    public static void install(ExplorerState state, ModelViewModel model, WeightsViewModel weights,
                               TrainingViewModel training, CompareViewModel compare, PitfallsViewModel pitfalls,
                               DataViewModel data) {
        PaneRequests asked = state.requests();
        asked.form().handle(f -> model.applyForm(f.config(), f.input()));
        asked.weights().handle(w -> weights.adopt(w.parameters(), w.source()));
        // The Weights pane, where the file's weights or its problem appear, once the unsaved-work question lets it.
        asked.openWeights().handle(file -> state.replaceWeights("opening " + file.getFileName(), () -> {
            state.selectedPaneProperty().set(PaneId.WEIGHTS);
            weights.open(file);
        }));
        asked.trainingSettings().handle(training::apply);
        asked.trainFor().handle(training::runFor);
        // What a preset's run (trainFor) trained is not unsaved work while nothing went on from it: the preset
        // reproduces it.
        weights.setTrainingReproducible(training::movedOnlyByAPresetRun);
        asked.leaveTraining().handle(none -> training.leave());
        asked.pauseTraining().handle(none -> training.pause());
        asked.corpus().handle(c -> training.setCorpus(c.text(), c.name()));
        asked.series().handle(s -> training.setSeries(s.values(), s.features(), s.name()));
        asked.abRuns().handle(runs -> {
            compare.variantAProperty().set(runs.a());
            compare.variantBProperty().set(runs.b());
            if (runs.c() != null) compare.third().variantProperty().set(runs.c());
            compare.third().onProperty().set(runs.c() != null);
            compare.runFor(runs.iterations());
        });
        asked.pauseAbRuns().handle(none -> compare.pause());
        asked.pitfallStudy().handle(study -> {
            pitfalls.chunksProperty().set(study.chunks());
            pitfalls.showSection(study.section());
            pitfalls.compute();
        });
        asked.importInput().handle(data::importInput);
        asked.importedData().handle(d -> data.restore(d.input(), d.reference(), d.source()));

        state.weightsSeedProperty().bindBidirectional(weights.seedProperty());
        state.weightsLayerProperty().bindBidirectional(weights.layerProperty());
        state.weightsDirectionProperty().bindBidirectional(weights.directionProperty());
        state.inputProperty().bind(data.inputProperty());
        state.referenceProperty().bind(data.referenceProperty());
    }
}
