package org.rnnexplorer.ui.presets;

import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.state.RunVariant;

import java.util.List;
import java.util.Map;

/**
 * "The article's remedy" ({@link Preset#REMEDY}): the A/B view's three runs — A a tanh RNN, B an LSTM, C a GRU —
 * on the adding problem with the settings the issue measured in PyTorch (T = 100, H = 32, batch 32, Adam lr 10⁻²,
 * no clipping), one seed, for the preset's budget. The live run keeps exploring the form's model.
 */
final class RemedyRuns {

    static final int HIDDEN = 32;
    static final int STEPS = 100;
    static final int BATCH = 32;
    static final double LR = 1e-2;

    private RemedyRuns() {
    }

    /** Sets the Training pane and the three variants, and starts A, B and C (the form is set by the caller). */
    static void apply(Preset p, TrainingViewModel training, CompareViewModel compare, long seed) {
        training.apply(new Workspace.Training("adding", STEPS, "pytorch_default", Double.NaN, "adam",
                Map.of("lr", LR, "betas", List.of(0.9, 0.999)), GradientClipping.none(), 0, BATCH, seed, null, null, 0));
        compare.variantAProperty().set(RunVariant.TANH);
        compare.variantBProperty().set(RunVariant.LSTM);
        compare.third().variantProperty().set(RunVariant.GRU);
        compare.third().onProperty().set(true);
        compare.runFor(p.budget());
    }
}
