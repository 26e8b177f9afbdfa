package org.rnnexplorer.ui.rules;

import javafx.beans.InvalidationListener;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.training.TrainingViewModel;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which runs train now ({@link ExplorerState#trainingNowProperty()}): the main run while the Training pane's run
 * runs, A, B and C while the A/B view's do. And one training at a time on the user's Run: Run in the Training pane
 * pauses the A/B view's runs.
 */
public final class TrainingRunsRule {

    private TrainingRunsRule() {
    }

    public static void install(ExplorerState state, TrainingViewModel training, CompareViewModel compare) {
        training.addRunListener(compare::pause);
        InvalidationListener update = o -> state.trainingNow(trainingNow(training, compare));
        training.trainingProperty().addListener(update);
        training.activeProperty().addListener(update);
        compare.trainingAProperty().addListener(update);
        compare.trainingBProperty().addListener(update);
        compare.third().trainingProperty().addListener(update);
    }

    private static Set<RunSlot> trainingNow(TrainingViewModel training, CompareViewModel compare) {
        Set<RunSlot> slots = EnumSet.noneOf(RunSlot.class);
        if (training.activeProperty().get() && running(training.trainingProperty().get())) slots.add(RunSlot.MAIN);
        if (running(compare.trainingAProperty().get())) slots.add(RunSlot.A);
        if (running(compare.trainingBProperty().get())) slots.add(RunSlot.B);
        if (running(compare.third().trainingProperty().get())) slots.add(RunSlot.C);
        return slots;
    }

    private static boolean running(ServiceSnapshot s) {
        return s != null && s.state() == RunState.RUNNING;
    }
}
