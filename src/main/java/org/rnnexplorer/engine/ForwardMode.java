package org.rnnexplorer.engine;

/** How much of a forward pass a kernel keeps. */
public enum ForwardMode {
    /** Like {@code torch.no_grad()}: only output and h_n are readable afterwards. */
    INFERENCE,
    /** Keeps every layer's hidden states so that {@link RnnKernel#backward} can run and hidden states can be read. */
    TRAINING,
    /** TRAINING plus the pre-activations a_t of every layer and direction, for the explorer's traces. */
    TRACE;

    public boolean keepsHiddenStates() {
        return this != INFERENCE;
    }

    public boolean keepsPreactivations() {
        return this == TRACE;
    }
}
