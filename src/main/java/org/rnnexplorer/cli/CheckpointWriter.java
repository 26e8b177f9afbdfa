package org.rnnexplorer.cli;

import org.rnnexplorer.io.AtomicFiles;
import org.rnnexplorer.io.IoWriter;
import org.rnnexplorer.service.EngineService.Checkpoint;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code rnnx train --checkpoint-every K}: writes the weights after every K-th step to {@code --out} while the run
 * goes on, so that a process killed with -9, by the OOM killer or by a reboot leaves the last checkpoint instead of
 * nothing. Each write is atomic (a temporary file renamed over the target: a kill mid-write leaves the previous
 * checkpoint whole). Writes happen on a thread of their own; when the disk is slower than the steps, only the newest
 * checkpoint waiting is written (the older one would be replaced a moment later anyway). The first failed write is
 * kept for {@link #failure()}: the command then stops the run and says why.
 */
final class CheckpointWriter implements AutoCloseable {

    private final Path out;
    private final Function<Checkpoint, IoWriter> format;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rnnx-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Checkpoint> waiting = new AtomicReference<>();
    private final AtomicReference<FileSystemException> failure = new AtomicReference<>();
    private volatile long lastWrittenStep = -1;

    /** @param format the weights file's bytes for a checkpoint (its metadata marks the step) */
    CheckpointWriter(Path out, Function<Checkpoint, IoWriter> format) {
        this.out = out;
        this.format = format;
    }

    /** Takes a checkpoint from the engine thread and returns at once; the newest waiting one is written next. */
    void offer(Checkpoint c) {
        if (failure.get() != null) return;
        if (waiting.getAndSet(c) == null) thread.execute(this::writeWaiting);
    }

    private void writeWaiting() {
        Checkpoint c = waiting.getAndSet(null);
        if (c == null || failure.get() != null) return;
        try {
            AtomicFiles.write(out, format.apply(c));
            lastWrittenStep = c.step();
        } catch (IOException e) {
            // "PATH: reason (checkpoint at step N)", the path as the user gave it, as every write error reads.
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            FileSystemException named = new FileSystemException(out.toString(), null,
                    reason + " (checkpoint at step " + c.step() + ")");
            named.initCause(e);
            failure.compareAndSet(null, named);
        }
    }

    /** The first write that failed, or null. */
    FileSystemException failure() {
        return failure.get();
    }

    /** The step of the last checkpoint written, or -1. */
    long lastWrittenStep() {
        return lastWrittenStep;
    }

    /**
     * Stops taking checkpoints and waits for a write in progress: the final weights must not be overwritten by a
     * checkpoint renamed into place after them.
     */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(out + ": a checkpoint write did not finish in 10 minutes");
        }
    }
}
