package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A workspace keeps the readout head training moved with its weights, as head.weight (O, D·H) and head.bias (O). */
class WorkspaceHeadTest {

    @TempDir
    Path dir;

    /** The sample workspace (bidirectional, H 5: D·H = 10 features) with a head of 2 outputs. */
    private static Workspace withHead() {
        Workspace w = WorkspaceFileTest.sample();
        Linear head = Linear.pytorchDefault(10, 2, 7);
        head.bias()[1] = -0.0f;
        return w.withHead(head);
    }

    @Test
    void theHeadReadsBackBitForBitAndAWorkspaceWithoutOneHasNone() throws IOException {
        Workspace w = withHead();
        Path file = dir.resolve("trained.rnnx");
        WorkspaceFile.write(file, w);
        Workspace back = WorkspaceFile.read(file);
        assertEquals(10, back.head().inFeatures());
        assertEquals(2, back.head().outFeatures());
        assertArrayEquals(w.head().weight(), back.head().weight());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.head().bias()[1]));
        assertTrue(entries(file).containsKey(WorkspaceFile.TENSOR_PREFIX + Model.HEAD_WEIGHT + ".npy"));

        Path plain = dir.resolve("plain.rnnx");
        WorkspaceFile.write(plain, WorkspaceFileTest.sample());
        assertNull(WorkspaceFile.read(plain).head());
        assertFalse(entries(plain).containsKey(WorkspaceFile.TENSOR_PREFIX + Model.HEAD_WEIGHT + ".npy"));
    }

    @Test
    void aHalfHeadOrOneThatDoesNotReadTheWeightsIsRefusedNamingTheTensor() throws IOException {
        Path file = dir.resolve("trained.rnnx");
        WorkspaceFile.write(file, withHead());
        Map<String, byte[]> e = entries(file);
        String weight = WorkspaceFile.TENSOR_PREFIX + Model.HEAD_WEIGHT + ".npy";
        String bias = WorkspaceFile.TENSOR_PREFIX + Model.HEAD_BIAS + ".npy";

        Map<String, byte[]> noWeight = new LinkedHashMap<>(e);
        noWeight.remove(weight);
        assertEquals("half.rnnx: tensors.head.weight is missing beside head.bias",
                problem(TorchSaveFiles.zip(dir.resolve("half.rnnx"), noWeight)));

        Map<String, byte[]> flat = new LinkedHashMap<>(e);
        flat.put(weight, e.get(bias)); // a (2,) tensor where (O, 10) belongs
        assertEquals("flat.rnnx: tensors.head.weight is [2], expected (O, 10)",
                problem(TorchSaveFiles.zip(dir.resolve("flat.rnnx"), flat)));
    }

    @Test
    void aHeadThatDoesNotReadTheWeightsCannotBeMadeIntoAWorkspace() {
        Workspace w = WorkspaceFileTest.sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.withHead(new Linear(5, 1)));
        assertEquals("head.weight reads 5 features but the weights give 10", e.getMessage());
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) out.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
        return out;
    }

    private static String problem(Path file) {
        FormatException e = assertThrows(FormatException.class, () -> WorkspaceFile.read(file));
        return e.getMessage();
    }
}
