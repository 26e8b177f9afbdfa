package org.rnnexplorer.ui.state;

import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;

/** The stand-in loss the explorer differentiates: where ∂L/∂h_t enters the network. */
public enum ExploreLoss {
    /** mean(h_last²) of the readout at each sequence's last step: the gradient enters there only. */
    LAST_STEP("loss = mean(h_last²) at each sequence's last step", Readout.LAST),
    /** mean(h_t²) over every step of the output: the gradient enters at every step, also the reverse direction's. */
    EVERY_STEP("loss = mean(h_t²) over every step of output", Readout.ALL);

    private final String description;
    private final Readout readout;

    ExploreLoss(String description, Readout readout) {
        this.description = description;
        this.readout = readout;
    }

    /** e.g. "loss = mean(h_last²) at each sequence's last step": shown where ∂L/∂h_t is. */
    public String description() {
        return description;
    }

    /** Where the readout reads the output: the last step, or every step. */
    public Readout readout() {
        return readout;
    }

    /** The loss a spec's fixed batch describes, or null for a training task. */
    public static ExploreLoss of(RunSpec spec) {
        if (spec == null || spec.task().fixed() == null || spec.task().fixed().loss() != LossKind.MSE) return null;
        return spec.task().fixed().readout() == Readout.ALL ? EVERY_STEP : LAST_STEP;
    }
}
