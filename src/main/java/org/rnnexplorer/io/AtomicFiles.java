package org.rnnexplorer.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Writes files so that readers see either the old content or the complete new content, never a partial file: the
 * body goes to a hidden temporary file {@code .NAME.rnnx-<random>.tmp} in the target's directory, which is forced to
 * disk and then moved over the target.
 *
 * <p>What a target may be: a regular file or nothing yet. A directory, FIFO, device or socket is refused (a rename
 * would replace the node itself, e.g. {@code /dev/null}); a symbolic link is written through, so the link stays and
 * the file it points to gets the new content.
 *
 * <p>Temporary files left by a killed writer are removed on the next write to the same directory once they are
 * {@link #STALE_AFTER} old and no live writer holds them: every writer holds a {@link FileLock} on its temporary file
 * until it is moved or deleted, and this process also remembers its own (POSIX drops a process's locks when any of
 * its descriptors of the file closes, so we never open our own writers' files to test them). Only names with our
 * {@code rnnx-} marker are ever candidates: an editor's or the user's own {@code .notes.abc.tmp} is not ours (an
 * audit found the unmarked pattern deleting such files). A process that is stopped (SIGTERM, Ctrl-C) deletes its
 * own temporary files on the way out; only kill -9 leaves them for the next write.
 */
public final class AtomicFiles {

    /** How old an unlocked temporary file of our naming must be before it is taken for abandoned. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    /** Marks our temporary files' names, so that only ours are ever taken for abandoned. */
    static final String TEMP_MARKER = "rnnx-";
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\." + TEMP_MARKER + "[0-9a-z]{1,13}\\.tmp");
    private static final Set<Path> LIVE_TEMPS = ConcurrentHashMap.newKeySet();

    /** Writes that a command still makes on the way out (train's interrupted weights and log), which the cleaner awaits. */
    private static final Map<CountDownLatch, Duration> WRITES_ON_EXIT = new ConcurrentHashMap<>();
    /** How far past the longest registered bound the cleaner waits: the writer's own hook returns first. */
    private static final Duration EXIT_WRITES_MARGIN = Duration.ofSeconds(5);

    static {
        // SIGTERM and Ctrl-C run shutdown hooks: a stopped write leaves no hidden file of hundreds of megabytes. Hooks
        // run in parallel, so the cleaner first lets the writes a command makes on the way out finish.
        Thread cleaner = new Thread(() -> {
            Duration longest = WRITES_ON_EXIT.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
            long deadline = System.nanoTime() + longest.plus(EXIT_WRITES_MARGIN).toNanos();
            for (CountDownLatch writes : WRITES_ON_EXIT.keySet()) {
                try {
                    writes.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Path temp : LIVE_TEMPS) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException | RuntimeException ignored) {
                    // Best effort on the way out; the next write's stale-file sweep takes what is left.
                }
            }
        }, "rnnx-temp-cleaner");
        Runtime.getRuntime().addShutdownHook(cleaner);
    }

    private AtomicFiles() {
    }

    /**
     * A command will still write when the process is stopped (it finishes its outputs from a shutdown hook, as
     * train does): the exit-time cleanup of temporary files waits until {@code done} opens, or a little past
     * {@code bound}, the longest the command's own hook waits for it.
     */
    public static void awaitOnExit(CountDownLatch done, Duration bound) {
        WRITES_ON_EXIT.put(done, bound);
    }

    /** The command is over; nothing to wait for. */
    public static void forgetOnExit(CountDownLatch done) {
        WRITES_ON_EXIT.remove(done);
    }

    /**
     * Replaces {@code target} with what {@code body} writes. If the body or any step fails, the temporary file is
     * deleted, the target is left as it was and the exception propagates.
     */
    public static void write(Path target, IoWriter body) throws IOException {
        try (PendingFile pending = begin(target)) {
            body.write(pending.stream());
            pending.commit();
        }
    }

    /**
     * Starts writing {@code target}: checks it ({@link #destination}), removes stale temporary files beside it and
     * opens a locked temporary file. Write to {@link PendingFile#stream()}, then {@link PendingFile#commit()}; closing
     * without committing deletes the temporary file.
     */
    public static PendingFile begin(Path target) throws IOException {
        Path destination = destination(target);
        Path dir = destination.getParent();
        removeStaleTemps(dir);
        Path temp = createTemp(target, dir, destination.getFileName().toString());
        LIVE_TEMPS.add(temp);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) copyPermissions(destination, temp);
            FileLock lock = channel.lock();
            return new PendingFile(target, destination, temp, channel, lock);
        } catch (IOException | RuntimeException | Error failure) {
            if (channel != null) channel.close();
            LIVE_TEMPS.remove(temp);
            Files.deleteIfExists(temp);
            throw failure;
        }
    }

    /**
     * The file a write to {@code target} replaces: the target itself, or the file its symbolic links lead to, with its
     * directory's real path. Refuses, naming {@code target} as the user gave it, a missing directory, a directory, a
     * FIFO, a device or a socket.
     */
    public static Path destination(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        // What the links finally lead to, asked of the kernel first: /dev/stdout is a link to /proc/self/fd/1, whose
        // own target ("pipe:[…]", "/dev/pts/0") names no directory a file could be written in.
        BasicFileAttributes followed = null;
        try {
            followed = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException absentOrLooping) {
            // Absent: the walk below finds the directory it will be created in. A loop: the walk names it.
        }
        if (followed != null && !followed.isRegularFile() && !followed.isDirectory()) {
            throw refusal(target, "is " + nodeKind(path, true) + "; refusing to replace it");
        }
        for (int hops = 0; Files.isSymbolicLink(path); hops++) {
            if (hops == 40) throw refusal(target, "too many levels of symbolic links");
            path = path.getParent().resolve(Files.readSymbolicLink(path));
        }
        Path parent = path.getParent();
        if (parent == null || path.getFileName() == null) throw refusal(target, "is a directory");
        if (!Files.isDirectory(parent)) {
            throw refusal(target, Files.exists(parent) ? parent + " is not a directory" : "no such directory " + parent);
        }
        Path resolved = parent.toRealPath().resolve(path.getFileName());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(resolved, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return resolved;
        }
        if (attributes.isDirectory()) throw refusal(target, "is a directory");
        if (!attributes.isRegularFile()) throw refusal(target, "is " + nodeKind(resolved, false) + "; refusing to replace it");
        // A rename replaces a file whatever its mode, and root may write anything: a file its owner made read-only
        // (chmod a-w on results worth keeping) is refused here, as cp and the shell's > refuse it.
        if (isReadOnly(resolved)) {
            throw refusal(target, "is read-only; refusing to replace it (make it writable, or choose another name)");
        }
        return resolved;
    }

    /** No write bit for anyone, or not writable by this process. */
    private static boolean isReadOnly(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            boolean anyWriteBit = permissions.contains(PosixFilePermission.OWNER_WRITE)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
            if (!anyWriteBit) return true;
        } catch (IOException | UnsupportedOperationException notPosix) {
            // Not a POSIX file system: access() below decides alone.
        }
        return !Files.isWritable(file);
    }

    /** The replaced file's permissions carried to its replacement: a file kept private (600) stays private. */
    private static void copyPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | SecurityException notCarried) {
            // Absent (a new file), or a file system without POSIX modes: the default permissions stand.
        }
    }

    /** One line naming the user's path: "out.safetensors: is a directory". */
    static FileSystemException refusal(Path target, String reason) {
        return new FileSystemException(target.toString(), null, reason);
    }

    /** What a non-regular, non-directory node is, in words. */
    private static String nodeKind(Path node, boolean followLinks) {
        try {
            LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            int mode = (Integer) Files.getAttribute(node, "unix:mode", options);
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "not a regular file";
        }
    }

    /**
     * An empty hidden file beside the destination, so the final move stays within one file system and can be atomic.
     * Created with the default permissions (Files.createTempFile would make the saved file owner-only). A failure
     * names the user's path, not the hidden file.
     */
    /**
     * Refuses, as {@link #begin} would at the end of a run, a target whose directory takes no new file (no write
     * permission, an immutable directory, a read-only file system): creates an empty temporary file of ours there
     * and deletes it. Checked before the work, so that an hour of training is not lost to a read-only --out.
     */
    public static void requireCreatable(Path target) throws IOException {
        Path destination = destination(target);
        Path temp = createTemp(target, destination.getParent(), destination.getFileName().toString());
        Files.deleteIfExists(temp);
    }

    private static Path createTemp(Path target, Path dir, String name) throws IOException {
        while (true) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path temp = dir.resolve("." + name + "." + TEMP_MARKER + suffix + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same name; draw again.
            } catch (AccessDeniedException denied) {
                throw refusal(target, "permission denied (cannot create a file in " + dir + ")");
            } catch (NoSuchFileException gone) {
                // /proc answers "no such file" for any new name though the directory is there.
                throw refusal(target, Files.isDirectory(dir)
                        ? "cannot create a file in " + dir + " (this file system takes no new files)"
                        : "no such directory " + dir);
            } catch (FileSystemException other) {
                throw refusal(target, other.getReason() != null ? other.getReason() : "cannot create a file in " + dir);
            }
        }
    }

    /**
     * Deletes temporary files of our naming in {@code dir} that are older than {@link #STALE_AFTER} and that no
     * writer holds. Best effort: anything it cannot inspect or lock is left alone.
     */
    static void removeStaleTemps(Path dir) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*." + TEMP_MARKER + "*.tmp")) {
            for (Path temp : entries) {
                if (!TEMP_NAME.matcher(temp.getFileName().toString()).matches() || LIVE_TEMPS.contains(temp)) continue;
                try {
                    BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(cutoff)) continue;
                    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                         FileLock lock = channel.tryLock()) {
                        if (lock != null) Files.delete(temp);
                    }
                } catch (IOException | OverlappingFileLockException | UnsupportedOperationException held) {
                    // Held by a live writer, gone already, or not ours to open: leave it.
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // A directory we cannot list still takes the write; cleaning up is a courtesy.
        }
    }

    static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory; elsewhere a no-op. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open directories; the file's own content was already forced before the move.
        }
    }

    static void forget(Path temp) {
        LIVE_TEMPS.remove(temp);
    }
}
