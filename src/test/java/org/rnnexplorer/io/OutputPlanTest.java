package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one rule for a command's files (issue 14): no output names an input or another output; all or nothing. */
class OutputPlanTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void anOutputNamingAnInputIsRefusedHoweverItIsSpelled() throws IOException {
        Path input = file("x.npy", "input");
        Path hardLink = Files.createLink(dir.resolve("hard.npy"), input);
        Path symLink = Files.createSymbolicLink(dir.resolve("sym.npy"), input);
        Path dotted = dir.resolve("sub").resolve("..").resolve("x.npy");
        Files.createDirectory(dir.resolve("sub"));
        for (Path out : List.of(input, hardLink, symLink, dotted)) {
            OutputPlan plan = new OutputPlan().input("--input", input).output("--out", out);
            FileSystemException e = assertThrows(FileSystemException.class, plan::check, out.toString());
            assertEquals(out + ": --out names the same file as --input (" + input
                    + "); refusing to overwrite an input", e.getMessage());
        }
        assertEquals("input", Files.readString(input));
    }

    @Test
    void twoOutputsNamingOneNewFileAreRefused() throws IOException {
        Path out = dir.resolve("out.safetensors");
        Path sameThroughLinkedDir = Files.createSymbolicLink(dir.resolve("alias"), dir).resolve("out.safetensors");
        OutputPlan plan = new OutputPlan().output("--trace", out).output("--out", sameThroughLinkedDir);
        FileSystemException e = assertThrows(FileSystemException.class, plan::check);
        assertTrue(e.getMessage().contains("--out names the same file as --trace"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void distinctFilesPass() throws IOException {
        Path input = file("x.npy", "input");
        new OutputPlan().input("--input", input).input("--h0", null).output("--trace", dir.resolve("t.safetensors"))
                .output("--out", dir.resolve("o.safetensors")).output("--log", null).check();
    }

    @Test
    void nothingIsWrittenUnlessEveryOutputIsStagedAndCommitted() throws IOException {
        Path trace = file("trace.safetensors", "old trace");
        Path out = dir.resolve("out.safetensors");
        try (OutputPlan plan = new OutputPlan().output("--trace", trace).output("--out", out)) {
            plan.check();
            plan.stage(trace, o -> o.write("new trace".getBytes(StandardCharsets.UTF_8)));
            assertThrows(IOException.class, () -> plan.stage(out, o -> {
                throw new IOException("the second output failed");
            }));
        }
        assertEquals("old trace", Files.readString(trace), "the first output was not written");
        assertEquals(List.of(trace), list(), "no temporary files left");
    }

    @Test
    void committedOutputsHaveTheirContent() throws IOException {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        try (OutputPlan plan = new OutputPlan().output("--a", a).output("--b", b)) {
            plan.check();
            plan.stage(a, o -> o.write('a'));
            plan.stage(b, o -> o.write('b'));
            plan.commit();
        }
        assertEquals("a", Files.readString(a));
        assertEquals("b", Files.readString(b));
        assertEquals(2, list().size());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
