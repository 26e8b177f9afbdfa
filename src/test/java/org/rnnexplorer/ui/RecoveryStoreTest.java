package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.io.WorkspaceFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window's work file is offered to the next window only when the window that wrote it is gone without closing:
 * a live window's (in another process, or in this one) never, a closed one's never (it is deleted), a killed one's
 * (kill -9 of a child JVM holding its lock) yes.
 */
class RecoveryStoreTest {

    @TempDir
    Path dir;

    /** A window's session in a child JVM: takes its lock, writes its work file, says "ready", and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            RecoveryStore store = new RecoveryStore(Path.of(args[0]));
            store.start();
            Files.writeString(store.file(), "work of a child window");
            System.out.println("ready " + store.file().getFileName());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aKilledWindowsWorkIsOfferedAndALiveOnesIsNot() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("ready "), "child said: " + line);
            String childFile = line.substring("ready ".length());

            RecoveryStore mine = new RecoveryStore(dir);
            mine.start();
            assertEquals(List.of(), mine.orphans(), "the child window is alive: its work is its own");

            child.destroyForcibly(); // kill -9: no shutdown hook, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(dir.resolve(childFile)), mine.orphans(), "the killed window's work is offered");
            Path adopted = mine.adopt(dir.resolve(childFile));
            assertEquals("work of a child window", Files.readString(adopted));
            assertEquals(List.of(), mine.orphans(), "taken over: this window's own now");
            mine.close();
            assertEquals(List.of(), listed(), "a normal close leaves nothing");
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * A window killed with nothing unsaved leaves its lock file and no work file: the next window deletes that lock
     * (no one holds it), and leaves a lock beside an ended session's work, and a live window's lock.
     */
    @Test
    void aKilledWindowsLockWithoutWorkIsRemovedAtTheNextStart() throws Exception {
        Path stale = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "gone" + RecoveryStore.LOCK_EXTENSION), "");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path starting = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "new" + RecoveryStore.LOCK_EXTENSION), "");
        Path orphanWork = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "kept" + WorkspaceFile.EXTENSION), "w");
        Path orphanLock = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "kept" + RecoveryStore.LOCK_EXTENSION), "");
        RecoveryStore live = new RecoveryStore(dir);
        live.start();
        RecoveryStore next = new RecoveryStore(dir);
        next.start();
        assertFalse(Files.exists(stale), "the killed window's lock is gone");
        assertTrue(Files.exists(starting), "a lock made a moment ago may be a window starting: it stays");
        assertTrue(Files.exists(orphanLock) && Files.exists(orphanWork), "an ended session's work is still offered");
        assertEquals(List.of(orphanWork), next.orphans());
        Path liveLock = live.file().resolveSibling(live.file().getFileName().toString()
                .replace(WorkspaceFile.EXTENSION, RecoveryStore.LOCK_EXTENSION));
        assertTrue(Files.exists(liveLock), "a live window's lock stays");
        live.close();
        next.close();
    }

    @Test
    void anotherWindowOfThisProcessKeepsItsWorkAndItsLock() throws Exception {
        RecoveryStore first = new RecoveryStore(dir);
        first.start();
        Files.writeString(first.file(), "first");
        RecoveryStore second = new RecoveryStore(dir);
        second.start();
        assertEquals(List.of(), second.orphans());
        assertEquals(List.of(), second.orphans(), "looking twice did not drop the first window's lock");
        first.close();
        second.close();
        assertEquals(List.of(), listed());
    }

    @Test
    void aWorkFileWithoutItsLockIsOfferedNewestFirstAndDiscardRemovesIt() throws Exception {
        Path older = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "a" + WorkspaceFile.EXTENSION), "a");
        Path newer = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "b" + WorkspaceFile.EXTENSION), "b");
        Files.writeString(dir.resolve(RecoveryStore.PREFIX + "b" + RecoveryStore.LOCK_EXTENSION), "");
        Files.setLastModifiedTime(older, Files.getLastModifiedTime(newer).from(Files.getLastModifiedTime(newer)
                .toInstant().minusSeconds(600)));
        Files.writeString(dir.resolve("notes.rnnx"), "a workspace of the user's is not ours");
        Path elsewhere = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("thesis.rnnx"), "mine");
        Files.createSymbolicLink(dir.resolve(RecoveryStore.PREFIX + "link" + WorkspaceFile.EXTENSION), elsewhere);
        RecoveryStore store = new RecoveryStore(dir);
        store.start();
        assertEquals(List.of(newer, older), store.orphans());
        store.discard(newer);
        assertFalse(Files.exists(newer));
        assertFalse(Files.exists(dir.resolve(RecoveryStore.PREFIX + "b" + RecoveryStore.LOCK_EXTENSION)));
        assertEquals(List.of(older), store.orphans());
        store.close();
        assertTrue(Files.exists(dir.resolve("notes.rnnx")));
        assertEquals("mine", Files.readString(elsewhere), "a link is never offered, so never written through");
    }

    private List<String> listed() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
