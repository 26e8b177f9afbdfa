package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
