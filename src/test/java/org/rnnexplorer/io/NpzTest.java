package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stored.npz", "deflated.npz"})
    void readsArchivesNumpyWroteStoredOrDeflated(String name) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(Fixtures.path(name));
        assertEquals(List.of("x", "y"), List.copyOf(arrays.keySet()));
        Fixtures.assertShape("npz:x", arrays.get("x").shape());
        Fixtures.assertFloat32Bits("npz:x", arrays.get("x").toFloat());
        assertEquals(DType.I64, arrays.get("y").dtype());
        assertArrayEquals(Fixtures.longs("npz:y", "int64"), arrays.get("y").toLong());
        assertEquals(Fixtures.path(name) + ":x", arrays.get("x").source());
    }

    @Test
    void fixturesReallyUseBothCompressionMethods() throws IOException {
        // Guards the test above: it is only worth something if numpy stored one archive and deflated the other.
        try (ZipFile stored = new ZipFile(Fixtures.path("stored.npz").toFile());
             ZipFile deflated = new ZipFile(Fixtures.path("deflated.npz").toFile())) {
            assertEquals(ZipEntry.STORED, stored.getEntry("x.npy").getMethod());
            assertEquals(ZipEntry.DEFLATED, deflated.getEntry("x.npy").getMethod());
        }
    }

    @Test
    void roundTripsTensorsInOrder() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("weight_hh_l0", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("scalar", Tensor.of(new float[] {Float.NaN}));
        arrays.put("empty", Tensor.zeros(0, 2));
        Path file = dir.resolve("out.npz");
        Npz.write(file, arrays);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String key : arrays.keySet()) {
            assertEquals(DType.F32, back.get(key).dtype());
            assertEquals(arrays.get(key), back.get(key).toTensor(), key);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("weight_hh_l0.npy", "scalar.npy", "empty.npy"),
                    zip.stream().map(ZipEntry::getName).toList(), "entries named as np.savez names them");
        }
    }

    @Test
    void eachWrittenEntryIsTheNpyFileNpyWriteProduces() throws IOException {
        Tensor t = Tensor.of(new float[] {0.5f, -1f, 2f}, 3);
        Path npz = dir.resolve("one.npz");
        Path npy = dir.resolve("one.npy");
        Npz.write(npz, Map.of("t", t));
        Npy.write(npy, t);
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            assertArrayEquals(Files.readAllBytes(npy), zip.getInputStream(zip.getEntry("t.npy")).readAllBytes());
        }
    }

    @Test
    void readArrayAcceptsNpyNpzWithKeyAndSingleArrayNpz() throws IOException {
        NpyArray npy = Npz.readArray(Fixtures.path("f4_3x4.npy").toString());
        Fixtures.assertFloat32Bits("f4_3x4.npy", npy.toFloat());

        NpyArray keyed = Npz.readArray(Fixtures.path("deflated.npz") + ":y");
        assertArrayEquals(Fixtures.longs("npz:y", "int64"), keyed.toLong());

        NpyArray single = Npz.readArray(Fixtures.path("single.npz").toString());
        Fixtures.assertFloat32Bits("npz:x", single.toFloat());
        assertEquals(Fixtures.path("single.npz") + ":only", single.source());
    }

    @Test
    void readArrayWithoutKeyOnAMultiArrayArchiveListsTheKeys() {
        Path file = Fixtures.path("stored.npz");
        FormatException e = assertThrows(FormatException.class, () -> Npz.readArray(file.toString()));
        assertEquals(file + ": holds 2 arrays; name one as stored.npz:KEY, with KEY one of: x, y", e.getMessage());
    }

    /** An archive of many arrays: the refusal names the first 20 and counts them all, on one short line. */
    @Test
    void aRefusalListsTheFirstKeysOfALargeArchiveAndCountsThem() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) arrays.put("a" + i, new Tensor(new int[] {1}, new float[1]));
        Path file = dir.resolve("many.npz");
        Npz.write(file, arrays);
        String first20 = String.join(", ", arrays.keySet().stream().limit(20).toList());
        FormatException missing = assertThrows(FormatException.class, () -> Npz.readArray(file + ":z"));
        assertEquals(file + ": no array 'z'; it holds " + first20 + ", ... (1,000 in all)", missing.getMessage());
        FormatException unnamed = assertThrows(FormatException.class, () -> Npz.readArray(file.toString()));
        assertEquals(file + ": holds 1000 arrays; name one as many.npz:KEY, with KEY one of: " + first20
                + ", ... (1,000 in all)", unnamed.getMessage());
    }

    @Test
    void readArrayWithAMissingKeyListsTheKeys() {
        Path file = Fixtures.path("stored.npz");
        FormatException e = assertThrows(FormatException.class, () -> Npz.readArray(file + ":z"));
        assertEquals(file + ": no array 'z'; it holds x, y", e.getMessage());
        FormatException empty = assertThrows(FormatException.class, () -> Npz.readArray(file + ":"));
        assertTrue(empty.getMessage().startsWith(file + ": no array named after ':'"), empty.getMessage());
    }

    @Test
    void notAZipIsAFormatErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("fake.npz");
        Files.writeString(file, "this is plain text, not a zip archive");
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a valid .npz (zip) archive"), e.getMessage());
        assertThrows(FormatException.class, () -> Npz.readArray(file + ":x"));
    }

    @Test
    void truncatedArchiveIsAFormatError() throws IOException {
        byte[] bytes = Fixtures.bytes("deflated.npz");
        Path file = dir.resolve("cut.npz");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void badEntryIsReportedAsFileColonKey() throws IOException {
        Path file = dir.resolve("bad-entry.npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write(Fixtures.bytes("bad_big_endian.npy"));
            zip.closeEntry();
        }
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file + ":w: big-endian data"), e.getMessage());
    }

    /** A .npy image whose header claims {@code shape} of {@code <f4} and which holds {@code dataBytes} zero bytes. */
    private static byte[] npyClaiming(String shape, int dataBytes) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        byte[] text = header.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + text.length + dataBytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
        return b.array();
    }

    /**
     * A header claiming 1.6 GB in an entry of 4 KB, stored or deflated: refused from the entry's size in the central
     * directory, before the claim is priced, allocated or inflated. Before: the claim was priced against the heap
     * (refused as too large for it, or allocated and read to be found truncated after seconds).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {ZipEntry.STORED, ZipEntry.DEFLATED})
    void anEntryHoldingLessThanItsHeaderClaimsIsRefusedBeforeAllocating(int method) throws IOException {
        byte[] npy = npyClaiming("(100000, 1000, 4)", 4096);
        Path file = dir.resolve("bomb.npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("x.npy");
            entry.setMethod(method);
            if (method == ZipEntry.STORED) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(npy);
                entry.setSize(npy.length);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        }
        String expected = file + ":x: truncated: header says shape (100000, 1000, 4) <f4 needs 1600000000 bytes of"
                + " data, zip entry has 4096";
        assertEquals(expected, assertThrows(FormatException.class, () -> Npz.readArray(file + ":x")).getMessage());
        assertEquals(expected, assertThrows(FormatException.class, () -> Npz.read(file)).getMessage());
    }

    /**
     * Two entries named x.npy (np.savez never writes them; a hand-made archive can): named as such. Before: "Bad
     * CRC-32 for entry x.npy (the archive is damaged)", as ZipFile opens an entry by name and read the first's data.
     */
    @Test
    void anArchiveWithTwoEntriesOfOneNameSaysSo() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Tensor.of(new float[] {1, 2, 3}, 3));
        arrays.put("y", Tensor.of(new float[] {4, 5}, 2));
        Path written = dir.resolve("two.npz");
        Npz.write(written, arrays);
        String bytes = new String(Files.readAllBytes(written), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("y.npy"));
        Path file = dir.resolve("dup.npz");
        Files.write(file, bytes.replace("y.npy", "x.npy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String expected = file + ": the archive has two entries named 'x.npy'; np.load would read only the last;"
                + " save the arrays again with np.savez";
        assertEquals(expected, assertThrows(FormatException.class, () -> Npz.read(file)).getMessage());
        assertEquals(expected, assertThrows(FormatException.class, () -> Npz.readArray(file + ":x")).getMessage());
        assertEquals(expected, assertThrows(FormatException.class, () -> Npz.keys(file)).getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path file = dir.resolve("absent.npz");
        assertThrows(NoSuchFileException.class, () -> Npz.read(file));
        assertThrows(NoSuchFileException.class, () -> Npz.readArray(file + ":x"));
        assertThrows(NoSuchFileException.class, () -> Npz.readArray(dir.resolve("absent.npy").toString()));
    }
}
