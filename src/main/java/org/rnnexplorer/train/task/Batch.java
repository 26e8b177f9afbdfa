package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Target;

/**
 * Examples for one training step.
 *
 * @param input   (L, N, I) time-major
 * @param target  per step: (L, N, O) values or (L, N) classes; per sequence: (N, O) values or (N) classes
 * @param lengths valid steps per sequence, or null when all are L
 */
public record Batch(Tensor input, Target target, int[] lengths) {

    /** This batch as a batch-first RNN takes it: (N, L, I), and per-step targets (N, L, …); else itself. */
    public Batch inLayout(boolean batchFirst) {
        if (!batchFirst) return this;
        Target t = switch (target) {
            case Target.Values v -> v.values().rank() == 3 ? new Target.Values(swap(v.values())) : v;
            case Target.Classes c -> c.shape().length == 2 ? swap(c) : c;
        };
        return new Batch(swap(input), t, lengths);
    }

    /** (A, B, F) → (B, A, F). */
    static Tensor swap(Tensor t) {
        int a = t.dim(0), b = t.dim(1), f = t.dim(2);
        float[] src = t.data(), dst = new float[src.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) System.arraycopy(src, (i * b + j) * f, dst, (j * a + i) * f, f);
        }
        return new Tensor(new int[] {b, a, f}, dst);
    }

    static Target.Classes swap(Target.Classes c) {
        int a = c.shape()[0], b = c.shape()[1];
        int[] dst = new int[c.indices().length];
        for (int i = 0; i < a; i++) for (int j = 0; j < b; j++) dst[j * a + i] = c.indices()[i * b + j];
        return new Target.Classes(new int[] {b, a}, dst);
    }
}
