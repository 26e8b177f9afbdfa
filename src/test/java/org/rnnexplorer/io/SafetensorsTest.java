package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    // --- reading what an independent writer produced

    @Test
    void readsEveryDtypeAsFloat32AndRemembersTheStoredDtype() throws IOException {
        SafetensorsFile file = Safetensors.read(Fixtures.path("all_dtypes.safetensors"));
        for (String name : Fixtures.strings("st:order", "names")) {
            String key = "st:" + name;
            Tensor t = file.tensor(name);
            Fixtures.assertShape(key, t.shape());
            Fixtures.assertFloat32Bits(key, t.data());
            assertEquals(Fixtures.dtype(key), file.dtypes().get(name), name);
        }
    }

    @Test
    void tensorsComeInDataOrderNotHeaderOrder() throws IOException {
        SafetensorsFile file = Safetensors.read(Fixtures.path("all_dtypes.safetensors"));
        List<String> dataOrder = Fixtures.strings("st:order", "names");
        assertNotEquals(dataOrder.stream().sorted().toList(), dataOrder, "the fixture's header order must differ");
        assertEquals(dataOrder, List.copyOf(file.tensors().keySet()));
    }

    @Test
    void readsMetadata() throws IOException {
        SafetensorsFile file = Safetensors.read(Fixtures.path("all_dtypes.safetensors"));
        assertEquals(Map.of("format", "pt", "note", "written by make_io_fixtures.py"), file.metadata());
        assertEquals(Map.of(), Safetensors.read(Fixtures.path("golden_nometa.safetensors")).metadata());
    }

    @Test
    void missingTensorIsAnErrorListingWhatTheFileHolds() throws IOException {
        SafetensorsFile file = Safetensors.read(Fixtures.path("golden_f32.safetensors"));
        FormatException e = assertThrows(FormatException.class, () -> file.tensor("weight_ih_l0"));
        assertEquals(Fixtures.path("golden_f32.safetensors")
                + ": no tensor 'weight_ih_l0'; it holds weight_hh_l0, bias_hh_l0", e.getMessage());
    }

    /** A checkpoint of many tensors: the refusal names the first 20 and counts them all, and the map is read-only. */
    @Test
    void aMissingTensorInALargeFileListsTheFirstNamesAndCountsThem() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) tensors.put("t" + i, new Tensor(new int[] {1}, new float[] {i}));
        Path path = dir.resolve("many.safetensors");
        Safetensors.write(path, tensors, Map.of(), DType.F32);
        SafetensorsFile file = Safetensors.read(path);
        FormatException e = assertThrows(FormatException.class, () -> file.tensor("weight_ih_l0"));
        assertEquals(path + ": no tensor 'weight_ih_l0'; it holds "
                + String.join(", ", tensors.keySet().stream().limit(20).toList()) + ", ... (500 in all)", e.getMessage());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(file.tensors().keySet()), "file order");
        assertThrows(UnsupportedOperationException.class, () -> file.tensors().remove("t0"));
    }

    // --- writing: byte for byte what the spec-following writer in make_io_fixtures.py produces

    @Test
    void writeProducesTheReferenceLayoutForF32AndF64() throws IOException {
        SafetensorsFile reference = Safetensors.read(Fixtures.path("golden_f32.safetensors"));
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            String name = "golden_" + dtype.name().toLowerCase() + ".safetensors";
            Path out = dir.resolve(name);
            Safetensors.write(out, reference.tensors(), Map.of("rnnx", "golden"), dtype);
            assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(out), name);
        }
    }

    @Test
    void emptyMetadataWritesNoMetadataKey() throws IOException {
        Path out = dir.resolve("nometa.safetensors");
        Safetensors.write(out, Map.of("b", Tensor.of(new float[] {1, 2}, 2)), Map.of(), DType.F32);
        assertArrayEquals(Fixtures.bytes("golden_nometa.safetensors"), Files.readAllBytes(out));
    }

    @Test
    void roundTripsF32AndF64KeepingOrderValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        float[] special = {Float.NaN, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-3f, -7};
        tensors.put("z_first", Tensor.of(special, 3, 2));
        tensors.put("a_second", Tensor.of(new float[] {42}));
        tensors.put("empty", Tensor.zeros(2, 0));
        tensors.put("m_last", Tensor.of(new float[] {1, 2, 3}, 1, 1, 3));
        Map<String, String> metadata = Map.of("nonlinearity", "tanh", "unicode", "häh → ✓");
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            Path out = dir.resolve(dtype + ".safetensors");
            Safetensors.write(out, tensors, metadata, dtype);
            SafetensorsFile back = Safetensors.read(out);
            assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
            for (String name : tensors.keySet()) {
                assertEquals(tensors.get(name), back.tensor(name), name);
                assertEquals(dtype, back.dtypes().get(name));
            }
            assertEquals(metadata, back.metadata());
            long headerLength = ByteBuffer.wrap(Files.readAllBytes(out), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        }
    }

    @Test
    void writeRefusesDtypesItCannotWrite() {
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("x.safetensors"), Map.of(), Map.of(), DType.F16));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x.safetensors"),
                Map.of("__metadata__", Tensor.zeros(1)), Map.of(), DType.F32));
    }

    // --- malformed files: each message names the file and the problem

    private Path raw(byte[] bytes) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        Files.write(file, bytes);
        return file;
    }

    /** A file whose length prefix is {@code headerLength}, followed by {@code header} and {@code dataBytes} zeros. */
    private Path file(long headerLength, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(json);
        return raw(b.array());
    }

    private Path file(String header, int dataBytes) throws IOException {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private void assertRejected(Path file, String expectedProblem) {
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(file));
        assertEquals(file + ": " + expectedProblem, e.getMessage());
    }

    private void assertRejectedStartingWith(Path file, String expectedStart) {
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expectedStart), e.getMessage());
    }

    /**
     * A header can put any amount of text into a refusal (a dtype of 100,000 characters): the message keeps its start
     * and its end, on one line of at most about 2,000 characters, and counts what it left out.
     */
    @Test
    void aRefusalThatEchoesAHugeValueIsBounded() throws IOException {
        String dtype = "x".repeat(100_000);
        String header = "{\"a\":{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Path file = file(header.length(), header, 4);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": tensor 'a': unsupported dtype 'xxxx"), m.substring(0, 200));
        assertTrue(m.endsWith("' (readable: " + DType.allNames() + ")"), m.substring(m.length() - 200));
        assertTrue(m.length() <= FormatException.MAX_MESSAGE_CHARS + 60, "length " + m.length());
        int left = Integer.parseInt(m.replaceAll(".* \\.\\.\\. \\(([0-9,]+) characters left out\\) \\.\\.\\. .*", "$1").replace(",", ""));
        String whole = file + ": tensor 'a': unsupported dtype '" + dtype + "' (readable: " + DType.allNames() + ")";
        assertEquals(whole.length(), m.length() - m.replaceAll(".*( \\.\\.\\. \\([0-9,]+ characters left out\\) \\.\\.\\. ).*", "$1").length() + left,
                "what is kept and what is counted add up to the whole message");
    }

    @Test
    void refusesAFileShorterThanTheLengthPrefix() throws IOException {
        assertRejected(raw(new byte[5]),
                "file is 5 bytes, too short for a safetensors file (it starts with an 8-byte header length)");
    }

    @Test
    void refusesAnAbsurdHeaderLength() throws IOException {
        assertRejected(file(-1L, "{}", 0), "header length 18446744073709551615 is absurd (limit 100000000 bytes); "
                + "is this a safetensors file?");
        assertRejectedStartingWith(file(100_000_001L, "{}", 0), "header length 100000001 is absurd");
    }

    @Test
    void refusesAHeaderLongerThanTheFile() throws IOException {
        assertRejected(file(4096, "{}", 0),
                "truncated: header length says 4096 bytes of header, file has 2 after the length");
    }

    @Test
    void refusesHeadersThatAreNotAJsonObject() throws IOException {
        assertRejectedStartingWith(file("{\"a\": ", 0), "header is not valid JSON");
        assertRejectedStartingWith(file("{\"a\": 1} trailing", 0), "header is not valid JSON");
        assertRejectedStartingWith(file("{\"a\":{},\"a\":{}}", 0), "header is not valid JSON");
        assertRejected(file("[1, 2, 3]", 0), "header is not a JSON object");
        assertRejected(file("", 0), "header is not a JSON object");
        byte[] notUtf8 = {8, 0, 0, 0, 0, 0, 0, 0, '{', '"', (byte) 0xff, '"', ':', '1', '}', ' '};
        assertRejected(raw(notUtf8), "header is not valid UTF-8");
    }

    @Test
    void refusesEntriesMissingAField() throws IOException {
        assertRejected(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w': entry has no \"dtype\"");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': entry has no \"shape\"");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
                "tensor 'w': entry has no \"data_offsets\"");
        assertRejected(file("{\"w\":[1,2]}", 0), "tensor 'w': entry is not a JSON object");
    }

    @Test
    void refusesAFiniteFloat64BeyondFloat32sRangeNamingTheTensorAndElement() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).putDouble(1).putDouble(Double.POSITIVE_INFINITY).putDouble(-1e39).putDouble(2);
        assertRejected(raw(b.array()), "tensor 'w': element 2 is -1.0E39, beyond float32's range (±3.4028235e38)");
        // An infinity the file holds is read as one (PyTorch's float() of it is inf too).
        b.putDouble(8 + json.length + 16, -3e38);
        assertArrayEquals(new float[] {1, Float.POSITIVE_INFINITY, -3e38f, 2},
                Safetensors.read(raw(b.array())).tensor("w").data());
    }

    @Test
    void refusesUnknownDtypes() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "tensor 'w': unsupported dtype 'F8_E4M3' (readable: F16, BF16, F32, F64, I8, I16, I32, I64, U8, BOOL)");
        assertRejected(file("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': \"dtype\" is not a string");
    }

    @Test
    void refusesNegativeOrNonIntegerDimensions() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,-1],\"data_offsets\":[0,0]}}", 0),
                "tensor 'w': negative dimension in shape [3, -1]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': \"shape\" must be a list of integers, got [1.5]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"3\",\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': \"shape\" must be a list of integers, got \"3\"");
    }

    @Test
    void refusesOffsetsThatDoNotMatchTheShape() throws IOException {
        assertRejected(file("{\"weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[3,5],\"data_offsets\":[0,48]}}", 48),
                "tensor 'weight_ih_l0': data_offsets [0, 48] hold 48 bytes but F32 shape [3, 5] needs 60");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor 'w': data_offsets [8, 4] is not a pair [begin, end] with 0 <= begin <= end");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8),
                "tensor 'w': data_offsets [0, 4, 8] is not a pair [begin, end] with 0 <= begin <= end");
    }

    @Test
    void refusesOverlappingTensors() throws IOException {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[12],\"data_offsets\":[0,48]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[12],\"data_offsets\":[40,88]}}", 88),
                "tensors 'a' [0, 48] and 'b' [40, 88] overlap");
    }

    @Test
    void refusesGapsBetweenTensors() throws IOException {
        assertRejectedStartingWith(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[12],\"data_offsets\":[0,48]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[52,56]}}", 56),
                "data bytes [48, 52] belong to no tensor");
        assertRejectedStartingWith(file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "data bytes [0, 4] belong to no tensor");
    }

    @Test
    void refusesTruncatedData() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1024],\"data_offsets\":[0,4096]}}", 1000),
                "truncated: header says 4096 bytes of data, file has 1000");
        byte[] good = Fixtures.bytes("golden_f32.safetensors");
        assertRejectedStartingWith(raw(Arrays.copyOf(good, good.length - 1)), "truncated: header says 40 bytes");
    }

    @Test
    void refusesBytesNoTensorAccountsFor() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 6),
                "file has 6 bytes of data but the header accounts for only 4");
    }

    /**
     * What no real header needs is refused when it is seen, naming the tensor or field: a shape of 65 dimensions
     * (before: a shape of 40 million zeros, a valid empty tensor, was an 80 MB header parsed into a JSON tree that ran
     * a 1 GB heap out), a data_offsets of 65 values, metadata beyond 100,000 entries or 10,000,000 characters (before:
     * five million keys ran the heap out).
     */
    @Test
    void refusesWhatNoRealHeaderNeedsNamingIt() throws IOException {
        String zeros65 = String.join(",", java.util.Collections.nCopies(65, "0"));
        String zeros64 = String.join(",", java.util.Collections.nCopies(64, "0"));
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + zeros65 + "],\"data_offsets\":[0,0]}}", 0),
                "tensor 'w': \"shape\" has more than 64 values (a tensor has at most 64 dimensions)");
        assertEquals(64, Safetensors.readHeaders(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + zeros64
                + "],\"data_offsets\":[0,0]}}", 0)).shapes().get("w").length, "64 dimensions are read");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[" + zeros65 + "]}}", 0),
                "tensor 'w': \"data_offsets\" has more than 64 values; expected a pair [begin, end]");

        StringBuilder many = new StringBuilder("{\"__metadata__\":{");
        for (int i = 0; i <= 100_000; i++) many.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"\"");
        assertRejected(file(many.append("}}").toString(), 0), "__metadata__ holds more than 100,000 entries (limit:"
                + " 100,000 entries, 10,000,000 characters of keys and values); no weights file needs so much");
        String half = "x".repeat(5_000_000);
        assertRejected(file("{\"__metadata__\":{\"a\":\"" + half + "\",\"b\":\"" + half + "\"}}", 0),
                "__metadata__ holds more than 10,000,000 characters (limit: 100,000 entries, 10,000,000 characters of"
                        + " keys and values); no weights file needs so much");
        assertEquals(Map.of("a", half.substring(2), "b", half), Safetensors.readHeaders(file("{\"__metadata__\":{\"a\":\""
                + half.substring(2) + "\",\"b\":\"" + half + "\"}}", 0)).metadata(), "10,000,000 characters are read");
        assertRejectedStartingWith(file("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0), "header is not valid JSON");
        assertRejectedStartingWith(file("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4),
                "header is not valid JSON");
    }

    /** A value quoted in a refusal is cut to a few thousand characters, however long it is in the file. */
    @Test
    void aBadShapeIsQuotedInPart() throws IOException {
        String longList = String.join(",", java.util.Collections.nCopies(10, "1")) + ",0.5,"
                + String.join(",", java.util.Collections.nCopies(100_000, "1"));
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + longList + "],\"data_offsets\":[0,4]}}", 4)));
        assertTrue(e.getMessage().contains("tensor 'w': \"shape\" must be a list of integers, got [1,1,1,1,1,1,1,1,1,1,0.5,1,"),
                e.getMessage().substring(0, 300));
        assertTrue(e.getMessage().length() < 5_000, "length " + e.getMessage().length());
    }

    @Test
    void refusesMetadataThatIsNotStrings() throws IOException {
        assertRejected(file("{\"__metadata__\":{\"epochs\":3}}", 0),
                "__metadata__ must map strings to strings, but 'epochs' is number");
        assertRejected(file("{\"__metadata__\":[\"x\"]}", 0), "__metadata__ is not a JSON object");
    }

    @Test
    void readsAnEmptyFileWithOnlyAHeader() throws IOException {
        SafetensorsFile empty = Safetensors.read(file("{}      ", 0));
        assertEquals(Map.of(), empty.tensors());
        FormatException e = assertThrows(FormatException.class, () -> empty.tensor("w"));
        assertTrue(e.getMessage().endsWith("no tensor 'w'; it holds no tensors"), e.getMessage());
    }
}
