package org.rnnexplorer.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets, one per parser (Jazzer's JUnit integration). The promise each checks: any bytes
 * either parse or end in a {@link FormatException}, a one-line message; never another exception, an Error
 * (StackOverflowError, OutOfMemoryError), or a hang. Under {@code mvn verify} each target runs its seeds
 * (src/test/resources/org/rnnexplorer/io/ParserFuzzTestInputs/TARGET/, which also hold every input a fuzzing run
 * found); {@code mvn -Pfuzz verify} fuzzes each target in turn (see the README's Reliability section).
 */
class ParserFuzzTest {

    private static final String MAX = "10m";
    private static Path dir;

    @BeforeAll
    static void scratch() throws IOException {
        dir = Files.createTempDirectory("rnnx-fuzz");
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    /** The parsers that read paths get the bytes as a file of a fixed name, rewritten for each input. */
    private static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Only a FormatException may escape; its message is one line. */
    private interface Parse {
        void run() throws IOException;
    }

    private static void expectParsedOrRefused(Parse parse) throws IOException {
        try {
            parse.run();
        } catch (FormatException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n") || e.getMessage().contains("\r")) {
                throw new AssertionError("a refusal must be one line, got: " + e.getMessage(), e);
            }
        }
    }

    @FuzzTest(maxDuration = MAX)
    void safetensors(byte[] bytes) throws IOException {
        expectParsedOrRefused(() -> Safetensors.read(bytes, Path.of("fuzz.safetensors")));
    }

    @FuzzTest(maxDuration = MAX)
    void npy(byte[] bytes) throws IOException {
        expectParsedOrRefused(() -> Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy", bytes.length));
    }

    @FuzzTest(maxDuration = MAX)
    void npz(byte[] bytes) throws IOException {
        Path f = file("fuzz.npz", bytes);
        expectParsedOrRefused(() -> Npz.read(f));
    }

    @FuzzTest(maxDuration = MAX)
    void csv(byte[] bytes) throws IOException {
        Path f = file("fuzz.csv", bytes);
        expectParsedOrRefused(() -> Csv.read(f));
    }

    @FuzzTest(maxDuration = MAX)
    void workspace(byte[] bytes) throws IOException {
        Path f = file("fuzz.rnnx", bytes);
        expectParsedOrRefused(() -> WorkspaceFile.read(f));
    }

    @FuzzTest(maxDuration = MAX)
    void torchSave(byte[] bytes) throws IOException {
        Path f = file("fuzz.pt", bytes);
        expectParsedOrRefused(() -> TorchSave.read(f));
    }

    /** The pickle interpreter alone: no zip around it, so the fuzzer reaches its opcodes directly. */
    @FuzzTest(maxDuration = MAX)
    void torchPickle(byte[] bytes) throws IOException {
        expectParsedOrRefused(() -> TorchPickle.load("fuzz: data.pkl", bytes));
    }
}
