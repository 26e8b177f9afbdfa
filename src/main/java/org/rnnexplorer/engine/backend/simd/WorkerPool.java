package org.rnnexplorer.engine.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The simd backend's own worker threads (one fewer than the cores, daemon, started once per backend) and the one
 * way work is shared with them: a job is cut into chunks that every participant, the calling thread included,
 * claims from a shared counter until none is left.
 *
 * <p>Why claiming rather than assigning: on a machine shared with other processes a woken thread may wait
 * milliseconds for a core. With fixed shares the caller would wait for it; with claiming the caller simply does
 * the chunks nobody else has taken, so a late worker costs nothing and a prompt one halves the time. The caller
 * waits only for chunks already claimed by others. So correctness never depends on a worker running, any thread
 * may call {@link #run}, and concurrent callers need no lock.
 *
 * <p>Why not {@code ForkJoinPool.commonPool()}: its workers may be busy with other code's tasks, and our workers
 * spin briefly after each job before parking, so that the next job of the same pass (typically a few hundred µs
 * later) starts without a wake-up.
 */
final class WorkerPool {
    /** How long an idle worker spins before parking, and how long a waiting caller spins before yielding. */
    private static final long SPIN_NANOS = 200_000;

    /** The work of one chunk; {@code participant} is 0 for the caller and 1… for workers (to pick scratch space). */
    @FunctionalInterface
    interface ChunkTask {
        void run(int chunk, int participant);
    }

    private final Worker[] workers;
    private final AtomicReference<Job> current = new AtomicReference<>();
    private final AtomicLong jobIds = new AtomicLong();

    WorkerPool(int threads) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            Thread t = new Thread(workers[i], "rnnx-simd-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    /**
     * Multiply-adds per chunk below which a product is not cut up: about 50 µs on one core, well above the cost of
     * handing a chunk to a spinning worker.
     */
    static final long CHUNK_FMAS = 1L << 22;

    /** Chunks for a product over {@code rows} rows costing fmasPerRow each: whole MC row blocks of CHUNK_FMAS or more. */
    int rowChunks(int rows, long fmasPerRow) {
        if (parallelism() == 1) return 1;
        long blocks = (rows + Gemm.MC - 1) / Gemm.MC;
        long blocksPerChunk = Math.max(1, CHUNK_FMAS / Math.max(1, fmasPerRow * Gemm.MC));
        return (int) Math.max(1, Math.min(blocks, (blocks + blocksPerChunk - 1) / blocksPerChunk));
    }

    /** First row of chunk c of n over {@code rows} rows: chunks are whole MC blocks, the last one takes the remainder. */
    static int chunkStart(int c, int n, int rows) {
        long blocks = (rows + Gemm.MC - 1) / Gemm.MC;
        return (int) Math.min(rows, blocks * c / n * Gemm.MC);
    }

    /** Threads that may take part in a job: the caller plus every worker. */
    int parallelism() {
        return workers.length + 1;
    }

    /**
     * Runs task(c, participant) for every chunk c in [0, chunks), returning when all are done; rethrows the first
     * failure after every chunk has finished.
     */
    void run(int chunks, ChunkTask task) {
        if (chunks <= 1 || workers.length == 0) {
            for (int c = 0; c < chunks; c++) task.run(c, 0);
            return;
        }
        Job job = new Job(jobIds.incrementAndGet(), chunks, task);
        current.set(job);
        for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
        job.participate(0);
        long start = System.nanoTime();
        while (job.done.get() < chunks) {
            if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            else Thread.yield();
        }
        current.compareAndSet(job, null);
        Throwable failure = job.failure.get();
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private static final class Job {
        final long id;
        final int chunks;
        final ChunkTask task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(long id, int chunks, ChunkTask task) {
            this.id = id;
            this.chunks = chunks;
            this.task = task;
        }

        void participate(int participant) {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    task.run(c, participant);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final class Worker implements Runnable {
        final int participant;
        Thread thread;
        volatile boolean parked;

        Worker(int participant) {
            this.participant = participant;
        }

        @Override
        public void run() {
            long lastId = 0;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = current.get();
                if (job != null && job.id != lastId) {
                    lastId = job.id;
                    job.participate(participant);
                    job = null; // hold no finished job (it references its caller's buffers)
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    Job again = current.get();
                    if (again == null || again.id == lastId) LockSupport.park(this);
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
