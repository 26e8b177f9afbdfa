package org.rnnexplorer.engine;

/** An invalid {@code nn.RNN} constructor argument; the message is PyTorch's own, the field names the argument. */
public final class RnnConfigException extends IllegalArgumentException {
    private final String field;

    public RnnConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The constructor argument at fault, by PyTorch's keyword name (e.g. {@code hidden_size}). */
    public String field() {
        return field;
    }
}
