package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesTheBodyAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old content that is longer");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void failingBodyLeavesNeitherTargetNorTemporaryFile() throws IOException {
        Path target = dir.resolve("out.bin");
        IOException boom = new IOException("disk on fire");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it has reached the temporary file
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals(List.of(), files());
    }

    @Test
    void failingBodyLeavesAnExistingTargetUntouched() throws IOException {
        Path target = dir.resolve("keep.txt");
        Files.writeString(target, "precious");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("bug in the writer");
        }));
        assertEquals("precious", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void bodyMayCloseItsStream() throws IOException {
        Path target = dir.resolve("closed.bin");
        AtomicFiles.write(target, out -> {
            out.write(7);
            out.close();
        });
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() {
        Path target = dir.resolve("no-such-dir").resolve("out.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        assertFalse(Files.exists(target.getParent()));
    }

    @Test
    void relativeTargetResolvesAgainstTheWorkingDirectory() throws IOException {
        // A bare file name has no parent: the temporary file must still go beside the target.
        Path target = Path.of("atomic-files-test-" + ProcessHandle.current().pid() + ".tmp-target");
        try {
            AtomicFiles.write(target, out -> out.write(42));
            assertArrayEquals(new byte[] {42}, Files.readAllBytes(target));
        } finally {
            Files.deleteIfExists(target);
        }
    }

    // ---- what a target may be (issue 14: the rename replaced FIFOs, devices and symbolic links) ----

    private static void mkfifo(Path fifo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), "mkfifo failed");
    }

    @Test
    void aFifoIsRefusedNamingItAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        mkfifo(fifo);
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(fifo, out -> out.write(1)));
        assertEquals(fifo + ": is a FIFO; refusing to replace it", e.getMessage());
        assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class).isOther(), "still the FIFO");
        assertEquals(List.of(fifo), files(), "no temporary file left");
    }

    /**
     * {@code --out /dev/stdout} on a pipe: /dev/stdout leads to /proc/self/fd/1, whose link text ("pipe:[…]") names
     * no directory; it was refused as "no such directory /proc/N/fd". Here a link to this process's own pipe.
     */
    @Test
    void aLinkToAPipeLikeDevStdoutIsRefusedAsAFifo() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start(); // its stdin/stdout/stderr are pipes in this JVM
        try {
            Path pipe = null;
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("pipe:")) pipe = fd;
                    } catch (IOException closedMeanwhile) {
                        // the listing's own descriptor, gone by now
                    }
                }
            }
            assertNotNull(pipe, "this JVM holds pipes to its child");
            Path stdoutLike = Files.createSymbolicLink(dir.resolve("stdout"), pipe);
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> AtomicFiles.write(stdoutLike, out -> out.write(1)));
            assertEquals(stdoutLike + ": is a FIFO; refusing to replace it", e.getMessage());
            assertEquals(List.of(stdoutLike), files(), "nothing written beside the link");
        } finally {
            child.destroyForcibly();
        }
    }

    /** A result its owner made read-only is kept, even for root, whom access() lets write anything. */
    @Test
    void aReadOnlyFileIsRefusedAndKept() throws IOException {
        Path kept = dir.resolve("final.safetensors");
        Files.writeString(kept, "the run worth keeping");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("r--r--r--"));
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(kept, out -> out.write(1)));
        assertEquals(kept + ": is read-only; refusing to replace it (make it writable, or choose another name)",
                e.getMessage());
        assertEquals("the run worth keeping", Files.readString(kept));
        assertEquals(List.of(kept), files(), "no temporary file left");
    }

    /** The rename used to give a private (600) file the default mode of a new one. */
    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path secret = dir.resolve("private.json");
        Files.writeString(secret, "old");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.write(secret, out -> out.write("new".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("new", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    }

    @Test
    void aDirectoryIsRefusedNamingIt() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("results"));
        Files.writeString(sub.resolve("inside.txt"), "kept");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(sub, out -> out.write(1)));
        assertEquals(sub + ": is a directory", e.getMessage());
        assertEquals("kept", Files.readString(sub.resolve("inside.txt")));
        assertEquals(List.of(sub), files());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughToItsTarget() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real.txt"));
        AtomicFiles.write(link, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(Path.of("real.txt"), Files.readSymbolicLink(link));
        assertEquals("new", Files.readString(real), "its target has the new content");
        assertEquals(2, files().size(), "no temporary file left");
    }

    @Test
    void aChainOfLinksIsFollowedToTheFileAtItsEnd() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("runs"));
        Path real = Files.writeString(sub.resolve("w.bin"), "old");
        Path inner = Files.createSymbolicLink(sub.resolve("latest.bin"), Path.of("w.bin"));
        Path outer = Files.createSymbolicLink(dir.resolve("current.bin"), dir.relativize(inner));
        AtomicFiles.write(outer, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isSymbolicLink(outer) && Files.isSymbolicLink(inner), "both links stay");
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aLinkLoopIsRefusedNamingTheLink() throws IOException {
        Path a = dir.resolve("a");
        Path b = Files.createSymbolicLink(dir.resolve("b"), a);
        Files.createSymbolicLink(a, b);
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(a, out -> out.write(1)));
        assertEquals(a + ": too many levels of symbolic links", e.getMessage());
    }

    @Test
    void aDanglingSymbolicLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), dir.resolve("made.bin"));
        AtomicFiles.write(link, out -> out.write(9));
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(dir.resolve("made.bin")));
    }

    @Test
    void aMissingDirectoryIsNamedInTheUsersWordsNotOurTemporaryFile() {
        Path target = dir.resolve("no-such-dir").resolve("out.bin");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(target, out -> out.write(1)));
        assertEquals(target.toString(), e.getFile());
        assertEquals(target + ": no such directory " + dir.resolve("no-such-dir"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    // ---- temporary files left by killed writers ----

    private Path temp(String name, Duration age) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "partial");
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    @Test
    void onlyStaleUnheldTemporaryFilesOfOurNamingAreRemoved() throws IOException {
        Duration old = AtomicFiles.STALE_AFTER.plusMinutes(5);
        Path stale = temp(".weights.safetensors.rnnx-3k9x0a1b2c.tmp", old);
        Path fresh = temp(".weights.safetensors.rnnx-7qz1.tmp", AtomicFiles.STALE_AFTER.minusMinutes(5));
        Path locked = temp(".log.json.rnnx-abc123.tmp", old);
        Path notOurs = temp(".notes.tmp", old);
        Path user = temp("data.TMP.tmp", old);
        // Hidden temporary files of other programs, or the user's own, that the unmarked pattern took for ours.
        List<Path> others = List.of(temp(".notes.abc.tmp", old), temp(".vimrc.swp.tmp", old), temp(".bashrc.1.tmp", old),
                temp(".my.secret.data.backup2.tmp", old), temp(".weights.safetensors.3k9x0a1b2c.tmp", old));
        try (FileChannel holder = FileChannel.open(locked, StandardOpenOption.WRITE); FileLock lock = holder.lock()) {
            AtomicFiles.write(dir.resolve("other.bin"), out -> out.write(1));
            assertFalse(Files.exists(stale), "stale and unlocked: removed");
            assertTrue(Files.exists(fresh), "younger than STALE_AFTER: kept");
            assertTrue(Files.exists(locked), "held by a writer: kept");
            assertTrue(Files.exists(notOurs) && Files.exists(user), "not our naming: kept");
            for (Path other : others) assertTrue(Files.exists(other), other.getFileName() + ": not ours, kept");
        }
    }

    @Test
    void aLiveWritersTemporaryFileIsKeptHoweverOld() throws IOException {
        Path target = dir.resolve("slow.log");
        try (PendingFile slow = AtomicFiles.begin(target)) {
            slow.stream().write(1);
            Path temp = files().getFirst();
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
            AtomicFiles.write(dir.resolve("other.bin"), out -> out.write(1));
            assertTrue(Files.exists(temp), "a live writer's file is not abandoned");
            slow.commit();
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
    }
    /** A writer stopped mid-write, in a JVM of its own: it holds a pending write, says "writing", and waits. */
    static final class StoppedWriter {
        public static void main(String[] args) throws Exception {
            PendingFile pending = AtomicFiles.begin(Path.of(args[0]));
            pending.stream().write(new byte[1 << 20]);
            pending.stream().flush();
            System.out.println("writing");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDirectoryThatTakesNoNewFilesIsNotCalledMissing() {
        // /proc exists, but answers "no such file" to any new name: the message said "no such directory /proc".
        Path target = Path.of("/proc/w.safetensors");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        // As root, "no such file" from procfs; otherwise the directory's permissions answer first.
        assertTrue(e.getMessage().startsWith(target + ": ") && e.getMessage().contains("cannot create a file in /proc")
                && !e.getMessage().contains("no such directory"), e.getMessage());
    }

    /**
     * SIGTERM (and Ctrl-C) during a write: the process deletes its hidden temporary file on the way out; the target is
     * untouched. (An audit found a 524 MB .tmp left by each stopped forward, until a write an hour later.)
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aStoppedWriterLeavesNoTemporaryFile() throws Exception {
        Path target = Files.writeString(dir.resolve("old.safetensors"), "old");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoppedWriter.class.getName(),
                target.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("writing")) {
                // JVM warnings before the writer's word
            }
            assertEquals("writing", line, "the child began its write");
            assertEquals(2, files().size(), "the target and its hidden temporary file: " + files());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the writer exits on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(target), files(), "no temporary file left");
        assertEquals("old", Files.readString(target));
    }
}
