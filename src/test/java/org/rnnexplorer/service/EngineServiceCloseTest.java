package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Closing a service whose training loop is running (the window closing over two A/B runs). */
class EngineServiceCloseTest {

    @Test
    void closingWhileTheLoopRunsThrowsNothingOnTheEngineThread() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            // The loop re-queues itself behind queued commands; close() queues one and shuts the executor down,
            // so a loop that re-queued without care was rejected, on most of these tries, on the engine thread.
            for (int i = 0; i < 20; i++) {
                EngineService s = new EngineService();
                s.configure(EngineServiceTest.tinySpec()).get(30, TimeUnit.SECONDS);
                s.start();
                Thread.sleep(20);
                s.close();
                assertEquals(RunState.CLOSED, s.snapshot().state());
            }
            Thread.sleep(100);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertEquals(List.of(), uncaught);
    }
}
