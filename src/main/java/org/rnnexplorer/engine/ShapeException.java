package org.rnnexplorer.engine;

/** A tensor whose shape does not fit the model; the message is PyTorch's wording where PyTorch has one. */
public final class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
