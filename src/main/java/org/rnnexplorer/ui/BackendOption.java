package org.rnnexplorer.ui;

/**
 * One entry of the backend chooser.
 *
 * @param name        scalar, simd or cuda
 * @param available   whether it can run here
 * @param reason      why not, when unavailable ("" otherwise)
 * @param gatedReason why it is not offered for LSTM and GRU although available (a backend with RNN kernels only:
 *                    "RNN only; REASON"; cuda: why auto passes it over for them), or "" when it is offered for every cell
 */
public record BackendOption(String name, boolean available, String reason, String gatedReason) {

    public BackendOption(String name, boolean available, String reason) {
        this(name, available, reason, "");
    }

    /** This entry as the chooser offers it for a gated model: greyed with {@link #gatedReason()} when it has one. */
    public BackendOption forGatedCell() {
        return available && !gatedReason.isEmpty() ? new BackendOption(name, false, gatedReason, gatedReason) : this;
    }

    @Override
    public String toString() {
        return name;
    }
}
