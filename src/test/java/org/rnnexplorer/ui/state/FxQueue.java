package org.rnnexplorer.ui.state;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The FX thread's event queue for view-model tests without JavaFX: anything may hand work to it (the engine thread
 * too), and the test thread runs it, as the FX thread would, one event at a time.
 */
public final class FxQueue implements Executor {
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable event) {
        events.add(event);
    }

    /** Runs events until none is left (events that queue others included). */
    public void drain() {
        for (Runnable e; (e = events.poll()) != null; ) e.run();
    }

    /** Runs events as they arrive until the condition holds, failing after 60 s. */
    public void runUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        drain();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached in 60 s: " + what);
            Thread.sleep(2);
            drain();
        }
    }
}
