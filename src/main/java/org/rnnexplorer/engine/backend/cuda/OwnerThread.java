package org.rnnexplorer.engine.backend.cuda;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that makes every CUDA call, running submitted work in order. A hand-off costs microseconds rather
 * than the tens an executor's park and unpark can take, which matters when a whole forward pass of a small model
 * takes a few hundred: the owner spins briefly for the next task before parking, and a caller spins briefly for
 * its result (GPU work is usually that short) before parking.
 */
final class OwnerThread {
    /** How long the idle owner polls for the next task before parking. */
    private static final long OWNER_SPIN_NANOS = 200_000;
    /** How long a caller polls for its result before parking. */
    private static final long CALLER_SPIN_NANOS = 1_000_000;

    private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean parked;

    OwnerThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code work} on the owner thread and returns its result; what it throws is rethrown here. */
    <T> T call(Callable<T> work) throws Exception {
        Task<T> task = new Task<>(work);
        queue.add(task);
        if (parked) LockSupport.unpark(thread);
        long until = System.nanoTime() + CALLER_SPIN_NANOS;
        while (!task.done && System.nanoTime() < until) Thread.onSpinWait();
        if (!task.done) {
            task.waiter = Thread.currentThread();
            boolean interrupted = false;
            while (!task.done) {
                LockSupport.park(task);
                if (Thread.interrupted()) interrupted = true;  // the GPU work cannot be abandoned half-way
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (task.error != null) throw task.error;
        return task.result;
    }

    private void loop() {
        while (true) {
            Task<?> task = queue.poll();
            if (task == null) {
                long until = System.nanoTime() + OWNER_SPIN_NANOS;
                while (queue.isEmpty() && System.nanoTime() < until) Thread.onSpinWait();
                if (!queue.isEmpty()) continue;
                parked = true;
                if (queue.isEmpty()) LockSupport.park(this);  // a caller adds, then unparks if it sees parked
                parked = false;
                continue;
            }
            task.run();
        }
    }

    private static final class Task<T> {
        private final Callable<T> work;
        private T result;
        private Exception error;
        private volatile boolean done;
        private volatile Thread waiter;

        Task(Callable<T> work) {
            this.work = work;
        }

        void run() {
            try {
                result = work.call();
            } catch (Exception e) {
                error = e;
            } catch (Error e) {
                error = new ErrorCarrier(e);
            }
            done = true;
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    /** Carries an Error from the owner thread to the caller, who rethrows the Error itself. */
    static final class ErrorCarrier extends Exception {
        ErrorCarrier(Error e) {
            super(e);
        }
    }
}
