package org.rnnexplorer.train;

import java.util.ArrayList;
import java.util.List;

/** Per-parameter step counters, as PyTorch's {@code state['step']}: a parameter skipped (null grad) does not count. */
final class StepCounts {
    private final List<Long> counts = new ArrayList<>();

    /** Increments and returns parameter i's step (1 on its first step). */
    long increment(int i) {
        while (counts.size() <= i) counts.add(0L);
        long next = counts.get(i) + 1;
        counts.set(i, next);
        return next;
    }

    void clear() {
        counts.clear();
    }
}
