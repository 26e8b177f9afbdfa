package org.rnnexplorer.cli;

import org.rnnexplorer.io.AtomicFiles;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM or Ctrl-C while a command has work worth keeping (minutes of training): a shutdown hook that asks the
 * command to stop and then waits, at most {@code bound}, until the command's main thread has written its outputs.
 * The main thread polls {@link #requested()}, stops its work at the next step boundary, writes, and calls
 * {@link #outputsWritten()}; the hook then returns and the JVM exits with the signal's status (130 for SIGINT, 143
 * for SIGTERM). A main thread stuck past the bound cannot hold the process hostage.
 *
 * <p>Without a signal, {@link #close()} removes the hook, so running commands in-process (tests) leaves nothing behind.
 */
final class ShutdownRequest implements AutoCloseable {
    /** How long the hook waits for the outputs before letting the JVM exit anyway. */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);

    private final CountDownLatch outputsWritten = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private ShutdownRequest(Duration bound) {
        hook = new Thread(() -> {
            requested = true;
            try {
                outputsWritten.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "rnnx-shutdown");
    }

    /** Registers the hook. */
    static ShutdownRequest install(Duration bound) {
        ShutdownRequest r = new ShutdownRequest(bound);
        AtomicFiles.awaitOnExit(r.outputsWritten, bound); // its temporary files are not abandoned while it writes them
        Runtime.getRuntime().addShutdownHook(r.hook);
        return r;
    }

    /** Whether the process was asked to stop (the JVM is shutting down). */
    boolean requested() {
        return requested;
    }

    /** Lets the hook return: the outputs are on disk (or there is nothing to write). */
    void outputsWritten() {
        outputsWritten.countDown();
    }

    @Override
    public void close() {
        outputsWritten.countDown();
        AtomicFiles.forgetOnExit(outputsWritten);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (or ran); it returns now that the latch is open.
        }
    }
}
