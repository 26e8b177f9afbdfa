package org.rnnexplorer.ui.rules;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.training.TrainingContext;
import org.rnnexplorer.ui.training.TrainingViewModel;

/**
 * The Training pane owns the main run from its first Run or Step until it leaves; meanwhile the main slot's spec is
 * the training run's, and the weights it moves (copies the service takes every 250 ms) become the state's weights as
 * training's, not as an edit. A run whose task has another input size than the form first sets the form's input_size
 * to it ({@link TrainingContext#adoptInputSize}); a copy whose shapes are still not the form's (weights re-shaped
 * meanwhile) stays out of the state.
 */
public final class TrainingRule {
    private final ExplorerState state;
    private final TrainingViewModel training;
    private long shownModelVersion = -1;

    private TrainingRule(ExplorerState state, TrainingViewModel training) {
        this.state = state;
        this.training = training;
    }

    /** What the Training pane takes from the state: the form, the weights, the backend; leaving hands back. */
    public static TrainingContext context(ExplorerState state) {
        return new TrainingContext() {
            @Override
            public ModelState form() {
                return state.formProperty().get();
            }

            @Override
            public RnnParameters weights() {
                return state.weightsProperty().get();
            }

            @Override
            public Linear head() {
                return state.headOf(state.weightsProperty().get());
            }

            @Override
            public String backend() {
                return state.backendProperty().get();
            }

            @Override
            public void exploreAgain() {
                state.own(RunSlot.MAIN, RunOwner.EXPLORING);
            }

            @Override
            public void adoptInputSize(int inputSize) {
                ModelState form = state.formProperty().get();
                if (form == null || form.config().inputSize() == inputSize) return;
                state.requests().form().post(new PaneRequests.Form(form.config().withInputSize(inputSize), form.input()));
            }
        };
    }

    public static void install(ExplorerState state, TrainingViewModel training, ServiceBridge live) {
        TrainingRule rule = new TrainingRule(state, training);
        training.activeProperty().addListener((o, a, active) -> {
            if (active) state.own(RunSlot.MAIN, RunOwner.TRAINING);
        });
        live.snapshotProperty().addListener((o, a, s) -> rule.arrived(s));
    }

    private void arrived(ServiceSnapshot s) {
        if (s == null || state.ownerProperty(RunSlot.MAIN).get() != RunOwner.TRAINING) return;
        // A pass of the explore run published before training took over is not training's.
        if (s.spec() == null || s.spec() != training.configuredSpec()) return;
        if (s.spec() != state.specProperty(RunSlot.MAIN).get()) state.run(RunSlot.MAIN, s.spec());
        if (s.model() == null || s.modelVersion() == shownModelVersion) return;
        shownModelVersion = s.modelVersion();
        RnnParameters moved = s.model().rnn();
        RnnParameters shown = state.weightsProperty().get();
        if (shown != null && moved.config().shape().sameParametersAs(shown.config().shape())) {
            state.trainingMovedWeights(moved, s.model().head());
        }
    }
}
