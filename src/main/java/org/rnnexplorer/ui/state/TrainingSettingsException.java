package org.rnnexplorer.ui.state;

/** A Training pane control whose value cannot run; the message is one line that starts with the control's name (or names it first). */
public final class TrainingSettingsException extends IllegalArgumentException {
    private final String field;

    public TrainingSettingsException(String field, String message) {
        this(field, field + ": " + message, true);
    }

    private TrainingSettingsException(String field, String line, boolean unused) {
        super(line);
        this.field = field;
    }

    /**
     * A refusal whose line already names the setting in its own words ("batch size 100000000: the input of shape …"
     * from the memory check): not prefixed again.
     */
    public static TrainingSettingsException namedIn(String field, String line) {
        return new TrainingSettingsException(field, line, true);
    }

    /** The control, by the PyTorch keyword it sets (lr, momentum, betas, max_norm, ...) or its label. */
    public String field() {
        return field;
    }
}
