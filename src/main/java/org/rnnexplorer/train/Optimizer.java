package org.rnnexplorer.train;

import java.util.List;
import java.util.Map;

/**
 * A PyTorch optimiser with one parameter group, computing exactly what 1.13's per-tensor (non-foreach) CPU loop
 * computes: float32 elementwise math in PyTorch's order of operations, scalar coefficients in double.
 *
 * <p>State is kept per list position: call {@link #step} with the same parameters in the same order every time.
 */
public interface Optimizer {

    /**
     * One {@code optimizer.step()}: updates each {@code params.get(i)} in place from {@code grads.get(i)}.
     * A null gradient skips that parameter entirely (no decay, no state), as {@code p.grad is None} does.
     *
     * @param params parameter arrays, each flat row-major
     * @param grads  gradients aligned with {@code params}, same lengths, or null entries
     */
    void step(List<float[]> params, List<float[]> grads);

    /** PyTorch's class name, e.g. {@code Adam}. */
    String name();

    /** The hyper-parameters under PyTorch's keyword names, in constructor order (for logs and workspace files). */
    Map<String, Object> settings();

    /** The learning rate (the group's {@code lr}). */
    double learningRate();

    /** Forgets all state (moments, buffers, step counts), as a freshly built optimiser. */
    void reset();

    /** Checks that both lists line up; shared by the implementations. */
    static void checkAligned(List<float[]> params, List<float[]> grads) {
        if (params.size() != grads.size()) {
            throw new IllegalArgumentException(params.size() + " parameters but " + grads.size() + " gradients");
        }
        for (int i = 0; i < params.size(); i++) {
            if (grads.get(i) != null && grads.get(i).length != params.get(i).length) {
                throw new IllegalArgumentException("gradient " + i + " has " + grads.get(i).length
                        + " elements but its parameter has " + params.get(i).length);
            }
        }
    }
}
