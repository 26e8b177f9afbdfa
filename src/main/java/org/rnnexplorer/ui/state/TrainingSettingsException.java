package org.rnnexplorer.ui.state;

/** A Training pane control whose value cannot run; the message is one line that starts with the control's name. */
public final class TrainingSettingsException extends IllegalArgumentException {
    private final String field;

    public TrainingSettingsException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The control, by the PyTorch keyword it sets (lr, momentum, betas, max_norm, ...) or its label. */
    public String field() {
        return field;
    }
}
