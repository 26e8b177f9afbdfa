package org.rnnexplorer.ui;

import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a window keeps its unsaved work while it runs, so that a crash, a kill -9 or a power cut does not take an
 * hour of training with it. Each window session writes a workspace file of its own, {@code unsaved-ID.rnnx} (and one
 * more, {@code unsaved-ID+k.rnnx}, for each further set of unsaved weights it keeps), in the recovery directory,
 * beside a lock file {@code unsaved-ID.lock} that it holds (a {@link FileLock}) while it runs.
 * A work file whose lock no process holds belongs to a session that ended without closing: the next window offers
 * it. The id is a time and a random part, not a process id (a container starts its app under the same pid every
 * time). A session that closes normally deletes both of its files. No FX types; called from one thread at a time.
 */
final class RecoveryStore implements AutoCloseable {

    static final String PREFIX = "unsaved-";
    static final String LOCK_EXTENSION = ".lock";

    /**
     * Lock files this JVM holds. Closing any channel of a file drops every lock this process has on it (POSIX locks;
     * {@link FileLock}'s "strongly recommended" note), so a lock of this JVM is never probed by opening the file.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final String id;
    /** Holds this session's lock while open (closing it releases the lock). */
    private FileChannel lockChannel;

    RecoveryStore(Path directory) {
        this.directory = directory;
        this.id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** This session's work file (it need not exist). */
    Path file() {
        return file(0);
    }

    /**
     * This session's k-th work file: the first ({@code unsaved-ID.rnnx}) holds the weights shown, or the offered
     * set; the others ({@code unsaved-ID+k.rnnx}) the further sets the window kept. All share the session's lock.
     */
    Path file(int k) {
        return directory.resolve(PREFIX + id + (k == 0 ? "" : EXTRA + k) + WorkspaceFile.EXTENSION);
    }

    /** Between a session's id and the number of a further work file. */
    static final String EXTRA = "+";

    Path directory() {
        return directory;
    }

    /**
     * Creates the directory and takes this session's lock.
     *
     * @throws IOException when the directory cannot be written (the window then keeps no recovery file)
     */
    void start() throws IOException {
        Files.createDirectories(directory);
        lockChannel = FileChannel.open(lockOf(file()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lockChannel.tryLock() == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IOException(lockOf(file()) + " is locked by another process");
        }
        HELD_HERE.add(lockOf(file()).toAbsolutePath());
        removeStaleLocks();
    }

    /**
     * Deletes the lock files of sessions that ended without closing and kept no work (nothing was unsaved when they
     * were killed): no one holds them and no work file is beside them to offer, so they would stay for good.
     */
    private void removeStaleLocks() {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(directory, PREFIX + "*" + LOCK_EXTENSION)) {
            for (Path lock : locks) {
                String name = lock.getFileName().toString();
                Path work = lock.resolveSibling(name.substring(0, name.length() - LOCK_EXTENSION.length())
                        + WorkspaceFile.EXTENSION);
                // Older than a minute too: a window starting now creates its lock file a moment before it locks it.
                if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS) || Files.exists(work, LinkOption.NOFOLLOW_LINKS)
                        || modified(lock).toMillis() > System.currentTimeMillis() - 60_000 || heldByALiveSession(work)) {
                    continue;
                }
                Files.deleteIfExists(lock);
            }
        } catch (IOException | RuntimeException bestEffort) {
            // Left for a later start: a stale lock file costs nothing but its name.
        }
    }

    /** Work files of sessions that ended without closing, newest first; none when the directory cannot be read. */
    List<Path> orphans() {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) return found;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + WorkspaceFile.EXTENSION)) {
            for (Path f : files) {
                // A link is never ours (we write plain files): taken over, the next write would go through it.
                if (!f.equals(file()) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !heldByALiveSession(f)) {
                    found.add(f);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparing(RecoveryStore::modified).reversed());
        return found;
    }

    /** When a work file was last written. */
    static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Writes this session's work (atomically: a kill mid-write leaves the last complete file). */
    void write(Workspace w) throws IOException {
        write(0, w);
    }

    /** Writes this session's k-th work file (atomically). */
    void write(int k, Workspace w) throws IOException {
        WorkspaceFile.write(file(k), w);
    }

    /** Deletes this session's work files from the k-th on (the window keeps fewer sets now). */
    void clearFrom(int k) throws IOException {
        if (k == 0) Files.deleteIfExists(file());
        if (!Files.isDirectory(directory)) return;
        String extras = PREFIX + id + EXTRA;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, extras + "*" + WorkspaceFile.EXTENSION)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                String number = n.substring(extras.length(), n.length() - WorkspaceFile.EXTENSION.length());
                if (isExtraNumber(number) && Integer.parseInt(number) >= Math.max(k, 1)) Files.deleteIfExists(f);
            }
        }
    }

    /** Deletes this session's work files: what they held is in files of the user's now, or was discarded. */
    void clear() throws IOException {
        clearFrom(0);
    }

    /**
     * Takes over an ended session's work file as this session's own (a rename: if this window dies too, the work is
     * still offered), and deletes its lock file.
     *
     * @return this session's work file, now holding the orphan's content
     */
    Path adopt(Path orphan) throws IOException {
        Files.move(orphan, file(), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(lockOf(orphan));
        return file();
    }

    /** Deletes an ended session's work file and its lock file: the user chose to discard it. */
    void discard(Path orphan) throws IOException {
        Files.deleteIfExists(orphan);
        Files.deleteIfExists(lockOf(orphan));
    }

    /** A normal end: this session's files are deleted and its lock released. */
    @Override
    public void close() throws IOException {
        if (lockChannel == null) return;
        try {
            clear();
        } finally {
            lockChannel.close(); // releases the lock; then the lock file can go (Windows refuses to delete it open)
            lockChannel = null;
            HELD_HERE.remove(lockOf(file()).toAbsolutePath());
            Files.deleteIfExists(lockOf(file()));
        }
    }

    /** The session lock beside a work file: {@code unsaved-ID.lock} for {@code unsaved-ID.rnnx} and {@code unsaved-ID+k.rnnx}. */
    private static Path lockOf(Path workFile) {
        String name = workFile.getFileName().toString();
        String base = name.substring(0, name.length() - WorkspaceFile.EXTENSION.length());
        int extra = base.lastIndexOf(EXTRA);
        if (extra > 0 && isExtraNumber(base.substring(extra + 1))) base = base.substring(0, extra);
        return workFile.resolveSibling(base + LOCK_EXTENSION);
    }

    /** Whether {@code s} is the k of an extra work file {@code unsaved-ID+k.rnnx}: digits an int holds. */
    private static boolean isExtraNumber(String s) {
        return s.matches("[0-9]{1,9}");
    }

    /** Whether a process (this one included) still holds the session lock beside a work file. */
    private static boolean heldByALiveSession(Path workFile) {
        Path lockFile = lockOf(workFile);
        if (HELD_HERE.contains(lockFile.toAbsolutePath())) return true;
        if (!Files.exists(lockFile)) return false;
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = c.tryLock();
            if (probe == null) return true; // another process holds it
            probe.release();
            return false;
        } catch (OverlappingFileLockException sameJvm) {
            return true; // another window of this JVM holds it
        } catch (IOException unreadable) {
            return true; // cannot tell: leave it to its owner
        }
    }
}
