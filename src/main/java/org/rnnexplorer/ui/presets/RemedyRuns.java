package org.rnnexplorer.ui.presets;

import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.state.PaneRequests;
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

    /** Asks for the Training pane's settings and the three variants, and starts A, B and C (the form is set by the caller). */
    static void apply(Preset p, PaneRequests asked, long seed) {
        asked.trainingSettings().post(new Workspace.Training("adding", STEPS, "pytorch_default", Double.NaN, "adam",
                Map.of("lr", LR, "betas", List.of(0.9, 0.999)), GradientClipping.none(), 0, BATCH, seed, null, null, 0));
        asked.abRuns().post(new PaneRequests.AbRuns(RunVariant.TANH, RunVariant.LSTM, RunVariant.GRU, p.budget()));
    }
}
