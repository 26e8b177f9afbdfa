package org.rnnexplorer.ui.fx;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Latest-only background work: a burst costs one computation, results arrive in order, failures are reported. */
class LatestWorkTest {

    @Test
    void aBurstOfJobsComputesOnlyTheNewestWaitingOne() {
        Queue<Runnable> background = new ArrayDeque<>();
        List<String> computed = new ArrayList<>(), delivered = new ArrayList<>();
        LatestWork<String> work = new LatestWork<>(background::add, Runnable::run, delivered::add, e -> { });
        for (int i = 1; i <= 5; i++) {
            int n = i;
            work.submit(() -> {
                computed.add("pass " + n);
                return "frame " + n;
            });
        }
        assertEquals(1, background.size(), "one task queued for the whole burst");
        background.poll().run();
        assertEquals(List.of("pass 5"), computed);
        assertEquals(List.of("frame 5"), delivered);

        work.submit(() -> "frame 6");
        background.poll().run();
        assertEquals(List.of("frame 5", "frame 6"), delivered);
    }

    @Test
    void aFailingJobIsReportedAndTheNextOneStillRuns() {
        Queue<Runnable> background = new ArrayDeque<>();
        List<String> delivered = new ArrayList<>(), failures = new ArrayList<>();
        LatestWork<String> work = new LatestWork<>(background::add, Runnable::run, delivered::add,
                e -> failures.add(e.getMessage()));
        work.submit(() -> {
            throw new IllegalStateException("trace is (3, 4), expected (3, 5)");
        });
        background.poll().run();
        assertEquals(List.of("trace is (3, 4), expected (3, 5)"), failures);
        work.submit(() -> "frame");
        background.poll().run();
        assertEquals(List.of("frame"), delivered);
    }
}
