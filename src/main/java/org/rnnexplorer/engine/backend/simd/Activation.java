package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.rnnexplorer.engine.Nonlinearity;

/**
 * The two activations' derivatives on whole vectors, as the backward epilogue applies them (the forward one applies
 * relu inline and tanh with {@link VectorMath#tanh}).
 */
final class Activation {

    private Activation() {
    }

    /**
     * δa = g·f'(a) with f' written from the output h = f(a), as PyTorch's autograd does: 1 - h² for tanh, and
     * for relu 1 where h &gt; 0, else 0 (so relu'(0) = 0).
     */
    static FloatVector backward(Nonlinearity f, FloatVector g, FloatVector h) {
        if (f == Nonlinearity.TANH) return g.mul(h.mul(h).neg().add(1f));
        return g.blend(0f, h.compare(VectorOperators.LE, 0f));
    }
}
