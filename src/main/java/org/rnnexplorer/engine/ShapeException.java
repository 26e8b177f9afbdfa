package org.rnnexplorer.engine;

/**
 * A tensor whose shape does not fit the model; the message is PyTorch's wording where PyTorch has one, and
 * {@link #argument()} says which tensor it is about, so a caller can name its own source of that tensor (a file, a
 * flag, a form field) without reading the message.
 */
public final class ShapeException extends IllegalArgumentException {

    /** The argument of the forward or backward call whose shape is at fault. */
    public enum Argument {
        /** x: (L, N, H_in), (N, L, H_in) or (L, H_in). */
        INPUT,
        /** h_0: (D·num_layers, N, H_out) or (D·num_layers, H_out). */
        H0,
        /** An LSTM's c_0: (D·num_layers, N, H) or (D·num_layers, H). */
        C0,
        /** The valid steps of each sequence, (N). */
        LENGTHS,
        /** ∂L/∂output, in output's shape. */
        GRAD_OUTPUT,
        /** ∂L/∂h_n, in h_n's shape. */
        GRAD_H_N,
        /** ∂L/∂c_n, in c_n's shape (LSTM). */
        GRAD_C_N,
        /** Injected dropout masks, num_layers-1 of (L, N, D·H). */
        DROPOUT_MASKS
    }

    private final Argument argument;

    public ShapeException(Argument argument, String message) {
        super(message);
        this.argument = java.util.Objects.requireNonNull(argument, "argument");
    }

    /** The argument whose shape is at fault. */
    public Argument argument() {
        return argument;
    }
}
