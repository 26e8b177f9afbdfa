package org.rnnexplorer.train;

/**
 * An invalid training setting (optimiser, clipping, loss, readout, state_dict). The message is PyTorch's own where
 * PyTorch has one; the field names the setting by PyTorch's keyword (e.g. {@code lr}, {@code betas}).
 */
public final class TrainingConfigException extends IllegalArgumentException {
    private final String field;

    public TrainingConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The setting at fault, by PyTorch's keyword name. */
    public String field() {
        return field;
    }
}
