package org.rnnexplorer.ui.fx;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PulseCoalescerTest {

    @Test
    void aBurstBetweenTwoHandOffsDeliversOnlyTheNewestValueOnce() {
        Queue<Runnable> fxQueue = new ArrayDeque<>();
        List<Integer> delivered = new ArrayList<>();
        PulseCoalescer<Integer> c = new PulseCoalescer<>(fxQueue::add, delivered::add);
        for (int i = 0; i < 1000; i++) c.offer(i);
        assertEquals(1, fxQueue.size(), "one hand-off queued for a thousand offers");
        fxQueue.poll().run();
        assertEquals(List.of(999), delivered);
        c.offer(1000);
        c.offer(1001);
        fxQueue.poll().run();
        assertEquals(List.of(999, 1001), delivered);
    }

    @Test
    void producersOnManyThreadsNeverLoseTheLastValue() throws Exception {
        Queue<Runnable> fxQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Integer> delivered = new ArrayList<>();
        PulseCoalescer<Integer> c = new PulseCoalescer<>(fxQueue::add, delivered::add);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int base = t * 100_000;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) c.offer(base + i);
                done.countDown();
            });
        }
        // The "FX thread": drain hand-offs while the producers run.
        while (done.getCount() > 0) {
            Runnable r = fxQueue.poll();
            if (r != null) r.run();
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        c.offer(-1); // a final value after every producer finished must arrive
        for (Runnable r; (r = fxQueue.poll()) != null; ) r.run();
        assertEquals(-1, delivered.getLast());
        assertTrue(delivered.size() < 40_000, "values were coalesced");
    }
}
