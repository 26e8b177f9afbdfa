package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUDA owner thread: every task on that one thread, in order, results and failures back to the caller. */
class OwnerThreadTest {

    @Test
    void runsEveryTaskOnItsThreadAndReturnsResults() throws Exception {
        OwnerThread owner = new OwnerThread("test-owner");
        for (int i = 0; i < 1000; i++) {
            int n = i;
            assertEquals(n * 2, owner.call(() -> {
                assertSame(owner.thread(), Thread.currentThread());
                return n * 2;
            }));
            if (i % 100 == 0) Thread.sleep(2);  // let the owner park between some calls
        }
    }

    @Test
    void tasksFromManyCallersRunOneAtATime() throws Exception {
        OwnerThread owner = new OwnerThread("test-owner");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        int[] inside = {0};
        List<Thread> callers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < 4; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        int v = caller * 1000 + i;
                        owner.call(() -> {
                            if (++inside[0] != 1) throw new IllegalStateException("two tasks at once");
                            seen.add(v);
                            inside[0]--;
                            return null;
                        });
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            callers.add(t);
        }
        start.countDown();
        for (Thread t : callers) t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(800, seen.size());
    }

    @Test
    void exceptionsAndErrorsComeBackToTheCaller() throws Exception {
        OwnerThread owner = new OwnerThread("test-owner");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> owner.call(() -> {
                    throw new IllegalArgumentException("bad shape");
                }));
        assertEquals("bad shape", e.getMessage());
        OwnerThread.ErrorCarrier carrier = assertThrows(OwnerThread.ErrorCarrier.class,
                () -> owner.call(() -> {
                    throw new AssertionError("kernel bug");
                }));
        assertTrue(carrier.getCause() instanceof AssertionError);
        assertEquals(7, owner.call(() -> 7));  // the thread survives both
    }

    @Test
    void aSlowTaskParksTheCallerAndStillReturns() throws Exception {
        OwnerThread owner = new OwnerThread("test-owner");
        assertEquals("done", owner.call(() -> {
            Thread.sleep(30);  // longer than the caller's spin
            return "done";
        }));
    }
}
