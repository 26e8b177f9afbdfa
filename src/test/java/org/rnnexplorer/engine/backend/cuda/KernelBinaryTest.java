package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed kernel binary must be built from the committed CUDA sources: build.sh records the SHA-256 of every
 * file in src/main/cuda next to the fatbin, and this test recomputes them.
 */
class KernelBinaryTest {
    private static final Path SOURCES = Path.of("src/main/cuda");

    @Test
    void recordedSourceHashesMatchTheCudaSources() throws IOException {
        Map<String, String> recorded = recordedHashes();
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".cu") || name.endsWith(".cuh") || name.endsWith(".h") || name.endsWith(".c")
                        || name.equals("build.sh")) {
                    actual.put(name, sha256(Files.readAllBytes(f)));
                }
            }
        }
        List<String> differences = new ArrayList<>();
        for (var e : actual.entrySet()) {
            String r = recorded.get(e.getKey());
            if (r == null) differences.add(e.getKey() + " is new");
            else if (!r.equals(e.getValue())) differences.add(e.getKey() + " changed");
        }
        for (String name : recorded.keySet()) if (!actual.containsKey(name)) differences.add(name + " was removed");
        if (!differences.isEmpty()) {
            fail("src/main/cuda differs from the sources rnnx_kernels.fatbin was built from (" + String.join(", ", differences)
                    + "): regenerate it with 'bash src/main/cuda/build.sh' (or 'mvn -Pcuda generate-resources') and "
                    + "commit src/main/resources/org/rnnexplorer/engine/backend/cuda");
        }
        assertTrue(actual.containsKey("rnnx_kernels.cu"), "the kernel sources were not found under " + SOURCES.toAbsolutePath());
    }

    @Test
    void committedBinaryIsACompressedFatbinOfReasonableSize() throws IOException {
        try (InputStream in = CudaDevice.class.getResourceAsStream(CudaDevice.BINARY_RESOURCE)) {
            assertNotNull(in, "the kernel binary is missing from the class path");
            byte[] bytes = in.readAllBytes();
            // The fatbin header starts with the magic 0xBA55ED50, little-endian.
            assertArrayEquals(new byte[] {0x50, (byte) 0xED, 0x55, (byte) 0xBA}, java.util.Arrays.copyOf(bytes, 4));
            assertTrue(bytes.length < 4 << 20, "the fatbin has grown to " + bytes.length + " bytes");
        }
    }

    private static Map<String, String> recordedHashes() throws IOException {
        Map<String, String> recorded = new TreeMap<>();
        try (InputStream in = CudaDevice.class.getResourceAsStream("kernels.sha256")) {
            assertNotNull(in, "kernels.sha256 is missing next to the fatbin");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.trim().split("\\s+", 2);
                recorded.put(parts[1].trim(), parts[0]);
            }
        }
        return recorded;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
