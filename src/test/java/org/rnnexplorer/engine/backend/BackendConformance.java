package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.Backend;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * JUnit face of {@link Conformance}: runs one case on a candidate backend and on the scalar reference and fails
 * listing every tensor whose error max|Δ| / max(1, max|reference|) exceeds the bound.
 */
public final class BackendConformance {

    /** The bound for backends against the reference. */
    public static final double TOLERANCE = Conformance.TOLERANCE;

    private BackendConformance() {
    }

    /** Per tensor max|candidate - reference| / max(1, max|reference|). */
    public static double relativeError(float[] candidate, float[] reference) {
        return Conformance.relativeError(candidate, reference);
    }

    /** Compares a candidate backend with the scalar reference on one case; fails listing every tensor out of bounds. */
    public static void assertConforms(Backend candidate, ConformanceCases.Case c) {
        Conformance.Result r = Conformance.check(candidate, c);
        if (!r.passed()) {
            StringBuilder sb = new StringBuilder(candidate.name() + " vs scalar on " + c.name());
            if (!r.kernelDescription().isEmpty()) sb.append(" [").append(r.kernelDescription()).append(']');
            sb.append(':');
            for (Conformance.TensorError e : r.failures()) sb.append("\n  ").append(e);
            fail(sb.toString());
        }
    }
}
