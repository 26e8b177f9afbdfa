package org.rnnexplorer.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file being written atomically (see {@link AtomicFiles#begin}): content goes to a locked hidden temporary file
 * beside the destination; {@link #commit()} moves it over the destination, {@link #close()} without a commit deletes
 * it. Errors while writing name the user's path ("out.safetensors: No space left on device"), never the temporary
 * file. Not thread-safe: one writer thread, or hand-overs with a happens-before edge.
 */
public final class PendingFile implements AutoCloseable {
    private final Path target;
    private final Path destination;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private final BufferedOutputStream buffered;
    private final OutputStream stream;
    private boolean finished;

    PendingFile(Path target, Path destination, Path temp, FileChannel channel, FileLock lock) {
        this.target = target;
        this.destination = destination;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
        this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        this.stream = new UserPathStream(buffered);
    }

    /** The path as the user gave it. */
    public Path target() {
        return target;
    }

    /**
     * Where the content goes: a stream that the writer may close (a ZipOutputStream does) without closing the file
     * before it is forced, and whose failures name {@link #target()}.
     */
    public OutputStream stream() {
        return stream;
    }

    /** Bytes written so far (flushes the buffer first). */
    public long size() throws IOException {
        stream.flush();
        return channel.size();
    }

    /** Reads {@code dst.remaining()} bytes at {@code position} of what was written (for assembling from a spill). */
    public void readFully(ByteBuffer dst, long position) throws IOException {
        stream.flush();
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) throw new IOException(target + ": spill file ended early");
            position += n;
        }
    }

    /** Forces the content to disk and moves it over the destination. */
    public void commit() throws IOException {
        if (finished) throw new IllegalStateException(target + " was already committed or abandoned");
        try {
            stream.flush();
            channel.force(true);
        } catch (IOException e) {
            throw AtomicFiles.refusal(target, reasonOf(e));
        }
        finished = true;
        lock.release();
        channel.close();
        try {
            AtomicFiles.move(temp, destination);
        } catch (IOException e) {
            deleteTemp(e);
            throw e instanceof FileSystemException f && f.getReason() != null
                    ? AtomicFiles.refusal(target, f.getReason()) : e;
        }
        AtomicFiles.forget(temp);
        AtomicFiles.syncDirectory(destination.getParent());
    }

    /** Deletes the temporary file unless it was committed; the destination is left as it was. */
    @Override
    public void close() throws IOException {
        if (finished) return;
        finished = true;
        try {
            channel.close(); // releases the lock
        } finally {
            deleteTemp(null);
        }
    }

    private void deleteTemp(Throwable failure) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            if (failure == null) throw cleanup;
            failure.addSuppressed(cleanup);
        } finally {
            AtomicFiles.forget(temp);
        }
    }

    private static String reasonOf(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Wraps the write site's IOExceptions with the user's path; close only flushes. */
    private final class UserPathStream extends FilterOutputStream {
        UserPathStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private IOException named(IOException e) {
            FileSystemException named = AtomicFiles.refusal(target, reasonOf(e));
            named.initCause(e);
            return named;
        }
    }
}
