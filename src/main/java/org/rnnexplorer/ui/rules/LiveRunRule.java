package org.rnnexplorer.ui.rules;

import javafx.beans.Observable;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.run.ExploreSpecs;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ModelState;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * While the main run explores, it follows the form, the weights, the imported input and the backend: a change sets
 * the main slot's spec to the form's model on that input with those weights, and hands it to the service. Changes
 * made together (a workspace or a preset sets a dozen fields in one event) give one spec: the rule follows once, on
 * the next turn of the FX thread, and only when what it runs differs from the last spec's. While the Training pane
 * owns the main run nothing here moves it; handing it back to exploring explores again.
 */
public final class LiveRunRule {
    /** Seed of the explore run's random input and h_0. */
    static final long EXPLORE_SEED = 0;

    private final ExplorerState state;
    private final Executor later;
    private final Consumer<RunSpec> configure;
    private boolean due;
    /** What the last spec was built from; null after training, so that handing back explores again. */
    private Explored last;

    /** The values one explore spec is built from, compared by identity (they are never modified). */
    private record Explored(ModelState form, RnnParameters weights, Tensor input, String backend,
                            ExploreLoss loss, int sequence) {
    }

    /**
     * @param later     runs the rule after the current event ({@code Platform::runLater}; in tests, a queue)
     * @param configure builds the spec on the main service, newest of a burst only ({@code configureLatest})
     */
    public LiveRunRule(ExplorerState state, Executor later, Consumer<RunSpec> configure) {
        this.state = state;
        this.later = later;
        this.configure = configure;
        Observable[] inputs = {state.formProperty(), state.weightsProperty(), state.inputProperty(),
            state.backendProperty(), state.ownerProperty(RunSlot.MAIN), state.exploreLossProperty(),
            state.followedSequenceProperty()};
        for (Observable o : inputs) o.addListener(x -> changed());
        changed();
    }

    private void changed() {
        if (state.ownerProperty(RunSlot.MAIN).get() != RunOwner.EXPLORING) last = null;
        if (due) return;
        due = true;
        later.execute(this::follow);
    }

    private void follow() {
        due = false;
        if (state.ownerProperty(RunSlot.MAIN).get() != RunOwner.EXPLORING) return;
        ModelState form = state.formProperty().get();
        // A sequence past a batch the form has since shrunk is its last one, and the choice says so.
        int sequence = Math.max(0, state.followedSequenceProperty().get());
        if (form != null) sequence = Math.min(sequence, form.layout().batch() - 1);
        if (sequence != state.followedSequenceProperty().get()) state.followedSequenceProperty().set(sequence);
        Explored now = new Explored(form, state.weightsProperty().get(), state.inputProperty().get(),
                state.backendProperty().get(), state.exploreLossProperty().get(), sequence);
        if (last != null && now.form() == last.form() && now.weights() == last.weights()
                && now.input() == last.input() && Objects.equals(now.backend(), last.backend()) && now.loss() == last.loss()
                && now.sequence() == last.sequence()) {
            return;
        }
        RunSpec spec = exploreSpec(now.form(), now.weights(), now.input(), now.backend(), now.loss(), now.sequence());
        if (spec == null) return;
        last = now;
        state.run(RunSlot.MAIN, spec);
        configure.accept(spec);
    }

    /**
     * The explore run of a form with its weights, or null while the weights do not have the form's parameter shapes
     * (they are being re-shaped for it; their new version comes next).
     *
     * @param input the imported input, used when it has the form's input shape
     */
    public static RunSpec exploreSpec(ModelState form, RnnParameters weights, Tensor input, String backend) {
        return exploreSpec(form, weights, input, backend, ExploreLoss.LAST_STEP, 0);
    }

    /** The same with the chosen stand-in loss (null: the last step's). */
    public static RunSpec exploreSpec(ModelState form, RnnParameters weights, Tensor input, String backend,
                                      ExploreLoss loss) {
        return exploreSpec(form, weights, input, backend, loss, 0);
    }

    /** The same following sequence {@code sequence} of the batch. */
    public static RunSpec exploreSpec(ModelState form, RnnParameters weights, Tensor input, String backend,
                                      ExploreLoss loss, int sequence) {
        if (form == null || weights == null) return null;
        RnnConfig config = form.config();
        if (!weights.config().shape().sameParametersAs(config.shape())) return null;
        // Nonlinearity, batch_first and dropout are not in the weights: the form's config carries them.
        RnnParameters run = weights.withConfig(config);
        Tensor fitting = input != null && Arrays.equals(input.shape(), form.layout().inputShape(config)) ? input : null;
        return ExploreSpecs.explore(form, run, fitting, EXPLORE_SEED, backend == null ? "auto" : backend,
                loss == null ? ExploreLoss.LAST_STEP : loss, sequence);
    }
}
