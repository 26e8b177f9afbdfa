package org.rnnexplorer.engine.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The simd backend's own worker threads: one fewer than the cores, daemon, started once per backend.
 *
 * <p>Why not {@code ForkJoinPool.commonPool()}: a recurrent layer split across cores needs a barrier after every
 * time step (every 10 to 50 µs), and both parties must be running at once; common-pool workers park after a short
 * spin and may be busy with someone else's tasks, and waking a parked thread costs tens of µs. These workers spin
 * for a while after each job before they park, and a caller leases all of them at once, so the parts of one job
 * are guaranteed to run concurrently. A caller that finds the pool leased by another thread runs alone.
 */
final class WorkerPool {
    /** How long an idle worker spins before parking, and a waiting caller before it starts yielding. */
    private static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
    private final ReentrantLock lease = new ReentrantLock();

    WorkerPool(int threads) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread t = new Thread(workers[i], "rnnx-simd-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Threads a lease provides: the caller plus every worker. */
    int parallelism() {
        return workers.length + 1;
    }

    /** Takes every worker for the calling thread, or returns false at once when another thread holds them. */
    boolean tryLease() {
        return workers.length > 0 && lease.tryLock();
    }

    void release() {
        lease.unlock();
    }

    /**
     * Runs task(0) … task(parts-1) at once, part 0 on the calling thread, and returns when all are done; rethrows
     * the first failure. Needs a lease when parts &gt; 1.
     */
    void invoke(int parts, IntConsumer task) {
        if (parts <= 1) {
            task.accept(0);
            return;
        }
        if (!lease.isHeldByCurrentThread() || parts > parallelism()) {
            throw new IllegalStateException("invoke(" + parts + ") without a lease on enough workers");
        }
        for (int i = 1; i < parts; i++) workers[i - 1].post(task, i);
        Throwable failure = null;
        try {
            task.accept(0);
        } catch (Throwable t) {
            failure = t;
        }
        for (int i = 1; i < parts; i++) {
            Throwable t = workers[i - 1].awaitDone();
            if (failure == null) failure = t;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Waits with a short spin, then yields, then sleeps in small slices: waits are usually a few µs. */
    static void backOff(long startNanos) {
        long waited = System.nanoTime() - startNanos;
        if (waited < SPIN_NANOS) Thread.onSpinWait();
        else if (waited < 20 * SPIN_NANOS) Thread.yield();
        else LockSupport.parkNanos(50_000);
    }

    /**
     * A reusable barrier for the parts of one {@link #invoke}, spinning (the parts run on distinct cores). If a
     * part fails, {@link #abort} releases the others with an exception instead of leaving them waiting.
     */
    static final class Barrier {
        private final int parties;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile int generation;
        private volatile boolean aborted;

        Barrier(int parties) {
            this.parties = parties;
        }

        void await() {
            if (parties == 1) return;
            int g = generation;
            if (arrived.incrementAndGet() == parties) {
                arrived.set(0);
                generation = g + 1;
                return;
            }
            long start = System.nanoTime();
            while (generation == g) {
                if (aborted) throw new IllegalStateException("another part of this parallel job failed");
                backOff(start);
            }
        }

        void abort() {
            aborted = true;
        }
    }

    private static final class Worker implements Runnable {
        Thread thread;
        private volatile IntConsumer job;
        private volatile int part;
        private volatile long posted;
        private volatile long completed;
        private volatile boolean parked;
        private volatile Throwable failure;

        void post(IntConsumer task, int index) {
            job = task;
            part = index;
            failure = null;
            posted = posted + 1; // only the leasing thread writes posted
            if (parked) LockSupport.unpark(thread);
        }

        Throwable awaitDone() {
            long target = posted;
            long start = System.nanoTime();
            while (completed < target) backOff(start);
            return failure;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                while (posted == seen) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen) LockSupport.park(this);
                        parked = false;
                    }
                }
                seen = posted;
                try {
                    job.accept(part);
                } catch (Throwable t) {
                    failure = t;
                }
                job = null;
                completed = seen;
            }
        }
    }
}
