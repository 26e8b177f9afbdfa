package org.rnnexplorer.engine.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.rnnexplorer.engine.Nonlinearity;

/** The two activations and their derivatives on whole vectors, as the recurrent epilogues apply them. */
final class Activation {

    private Activation() {
    }

    /** h = f(a). TANH uses the JDK's vector tanh (an intrinsic stub on x86), accurate to about 1 ulp. */
    static FloatVector apply(Nonlinearity f, FloatVector a) {
        return f == Nonlinearity.TANH ? a.lanewise(VectorOperators.TANH) : a.max(0f);
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
