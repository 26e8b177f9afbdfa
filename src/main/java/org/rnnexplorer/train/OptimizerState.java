package org.rnnexplorer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Per-parameter state buffers created lazily on a parameter's first step, as PyTorch's {@code self.state[p]}. */
final class OptimizerState {
    private final List<float[]> buffers = new ArrayList<>();

    /** The buffer of parameter i, or null before its first step. */
    float[] get(int i) {
        return i < buffers.size() ? buffers.get(i) : null;
    }

    /** Creates (or returns) the buffer of parameter i, of n elements all equal to {@code initial}. */
    float[] getOrCreate(int i, int n, float initial) {
        while (buffers.size() <= i) buffers.add(null);
        float[] b = buffers.get(i);
        if (b == null) {
            b = new float[n];
            if (initial != 0) Arrays.fill(b, initial);
            buffers.set(i, b);
        } else if (b.length != n) {
            throw new IllegalStateException("parameter " + i + " changed size from " + b.length + " to " + n);
        }
        return b;
    }

    /** Stores a buffer for parameter i (SGD's momentum buffer starts as a copy of the gradient). */
    void set(int i, float[] b) {
        while (buffers.size() <= i) buffers.add(null);
        buffers.set(i, b);
    }

    void clear() {
        buffers.clear();
    }
}
