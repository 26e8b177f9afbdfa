package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f4_3x4.npy", "f8_2x3.npy", "i8_6.npy", "i4_2x2.npy", "i2_3.npy", "i1_3.npy", "u1_4.npy",
            "b1_2x2.npy", "f2_7.npy", "f4_scalar.npy", "f4_0x3.npy", "f4_v2.npy", "f4_v3.npy", "golden_f8_4.npy"})
    void readsWhatNumpyWroteAsFloat32(String name) throws IOException {
        NpyArray array = Npy.read(Fixtures.path(name));
        Fixtures.assertShape(name, array.shape());
        assertEquals(Fixtures.dtype(name), array.dtype());
        Fixtures.assertFloat32Bits(name, array.toFloat());
        Tensor tensor = array.toTensor();
        assertArrayEquals(array.shape(), tensor.shape());
        assertArrayEquals(array.toFloat(), tensor.data());
    }

    @Test
    void scalarHasRankZeroAndOneElement() throws IOException {
        NpyArray scalar = Npy.read(Fixtures.path("f4_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        assertEquals(0, scalar.toTensor().rank());
    }

    @Test
    void float64KeepsAllItsBitsInToDouble() throws IOException {
        assertArrayEquals(Fixtures.doubles("f8_2x3.npy", "float64"), Npy.read(Fixtures.path("f8_2x3.npy")).toDouble());
    }

    @Test
    void int64ConvertsExactlyToLong() throws IOException {
        // 2^53 + 1 and 2^63 - 1 would not survive a trip through double.
        assertArrayEquals(Fixtures.longs("i8_6.npy", "int64"), Npy.read(Fixtures.path("i8_6.npy")).toLong());
    }

    @Test
    void int32ConvertsExactlyToLongAndDouble() throws IOException {
        NpyArray array = Npy.read(Fixtures.path("i4_2x2.npy"));
        assertArrayEquals(Fixtures.longs("i4_2x2.npy", "int64"), array.toLong());
        assertArrayEquals(Fixtures.doubles("i4_2x2.npy", "float64"), array.toDouble());
    }

    @Test
    void wholeFloatsConvertToLong() throws IOException {
        NpyArray labels = Npy.read(Fixtures.path("f4_3x4.npy"));
        assertThrows(FormatException.class, labels::toLong);
        Path whole = dir.resolve("whole.npy");
        Npy.write(whole, Tensor.of(new float[] {0, 3, -2, 1e9f}, 2, 2));
        assertArrayEquals(new long[] {0, 3, -2, 1_000_000_000}, Npy.read(whole).toLong());
    }

    @Test
    void fractionalFloatsAreNotLongsAndTheMessageSaysWhere() throws IOException {
        FormatException e = assertThrows(FormatException.class,
                () -> Npy.read(Fixtures.path("f4_labels_4.npy")).toLong());
        String expected = Fixtures.path("f4_labels_4.npy") + ": element (3,) is 1.5, not an integer";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    // --- writing: byte for byte what np.save writes for the same values

    @Test
    void writeProducesNumpysBytesForFloat32() throws IOException {
        for (String name : new String[] {"golden_f4_2x3x2.npy", "golden_f4_scalar.npy"}) {
            NpyArray reference = Npy.read(Fixtures.path(name));
            Path out = dir.resolve(name);
            Npy.write(out, reference.toTensor());
            assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(out), name);
        }
    }

    @Test
    void writeDoubleProducesNumpysBytes() throws IOException {
        NpyArray reference = Npy.read(Fixtures.path("golden_f8_4.npy"));
        Path out = dir.resolve("f8.npy");
        Npy.writeDouble(out, reference.shape(), reference.toDouble());
        assertArrayEquals(Fixtures.bytes("golden_f8_4.npy"), Files.readAllBytes(out));
    }

    @Test
    void writeLongProducesNumpysBytes() throws IOException {
        NpyArray reference = Npy.read(Fixtures.path("golden_i8_2x2.npy"));
        Path out = dir.resolve("i8.npy");
        Npy.writeLong(out, reference.shape(), reference.toLong());
        assertArrayEquals(Fixtures.bytes("golden_i8_2x2.npy"), Files.readAllBytes(out));
    }

    @Test
    void roundTripsEveryWriterIncludingEmptyAndSpecialValues() throws IOException {
        Path f4 = dir.resolve("f4.npy");
        Tensor t = Tensor.of(new float[] {Float.NaN, -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 1e-3f, 7}, 1, 2, 3);
        Npy.write(f4, t);
        NpyArray back = Npy.read(f4);
        assertEquals(DType.F32, back.dtype());
        assertEquals(t, back.toTensor());

        Npy.write(f4, Tensor.zeros(0, 5));
        assertArrayEquals(new int[] {0, 5}, Npy.read(f4).shape());

        Path f8 = dir.resolve("f8.npy");
        double[] doubles = {Math.PI, -Double.MAX_VALUE, Double.MIN_VALUE};
        Npy.writeDouble(f8, new int[] {3}, doubles);
        assertEquals(DType.F64, Npy.read(f8).dtype());
        assertArrayEquals(doubles, Npy.read(f8).toDouble());

        Path i8 = dir.resolve("i8.npy");
        long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, (1L << 53) + 1};
        Npy.writeLong(i8, new int[] {2, 2}, longs);
        assertEquals(DType.I64, Npy.read(i8).dtype());
        assertArrayEquals(longs, Npy.read(i8).toLong());
    }

    @Test
    void writeRejectsDataThatDoesNotFitTheShape() {
        Path file = dir.resolve("x.npy");
        assertThrows(IllegalArgumentException.class, () -> Npy.writeDouble(file, new int[] {2, 2}, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Npy.writeLong(file, new int[] {-1, -2}, new long[2]));
    }

    @Test
    void largeHeaderSwitchesToVersionTwo() throws IOException {
        // A header longer than 65535 bytes cannot be written as 1.0; numpy switches to 2.0, and so do we.
        int[] shape = new int[25_000];
        Arrays.fill(shape, 1);
        Path out = dir.resolve("many-axes.npy");
        Npy.write(out, Tensor.of(new float[] {5f}, shape));
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 1 * 4) % 64, "data starts 64-byte aligned");
        NpyArray back = Npy.read(out);
        assertEquals(25_000, back.rank());
        assertArrayEquals(new float[] {5f}, back.toFloat());
    }

    // --- files we refuse, each with a message naming the file and the problem

    private void assertRejected(Path file, String expectedProblem) {
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedProblem), "'" + e.getMessage() + "' should say " + expectedProblem);
    }

    /**
     * The size limit is a Java array's: float32 is read into a float[] (up to 2147483639 elements), any other dtype into
     * a byte[] first (that many bytes). A (10⁸, 2, 3) float32 file was refused as "too large" though a float[] holds it.
     */
    @Test
    void theSizeLimitIsOneJavaArraysAndTheMessageSaysSo() throws IOException {
        FormatException f4 = assertThrows(FormatException.class,
                () -> Npy.read(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 2, 3), }")));
        assertTrue(f4.getMessage().contains("truncated: header says shape (100000000, 2, 3) <f4 needs 2400000000 bytes"),
                f4.getMessage() + " (under the limit: the file's own size refuses it)");
        assertRejected(npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (300000000,), }"),
                "shape (300000000,) <f8 is too large to load: 2400000000 bytes, more than the 2147483639 one array "
                        + "holds; as float32 (<f4) it could hold up to 2147483639 elements");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 30000), }"),
                "is too large to load: more than 2147483639 elements");
    }

    @Test
    void theMagicAloneIsATruncatedFileNotAnotherFormat() throws IOException {
        assertRejected(write("magic.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}), "truncated: file ends in the header");
        assertRejected(write("other.npy", new byte[] {'P', 'K', 3, 4}), "not a .npy file (it does not start with \\x93NUMPY)");
    }

    @Test
    void refusesBigEndianAndSaysHowToConvert() {
        assertRejected(Fixtures.path("bad_big_endian.npy"),
                "big-endian data ('>f4') is not supported; save with arr.astype('<f4')");
    }

    /**
     * A Fortran-ordered file (np.save of a transposed array) reads as its C-order twin that numpy wrote, element for
     * element, for float32 (read as floats), float64 and int64 (read as bytes first). It was refused.
     */
    @Test
    void readsFortranOrderAsNumpyDoes() throws IOException {
        NpyArray small = Npy.read(Fixtures.path("fortran_2x3.npy"));
        assertArrayEquals(new int[] {2, 3}, small.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, small.toFloat(), "np.arange(6).reshape(2, 3)");
        for (String name : java.util.List.of("fortran_f4_2x3x4", "fortran_f8_3x5", "fortran_i8_4x2")) {
            NpyArray f = Npy.read(Fixtures.path(name + ".npy"));
            NpyArray c = Npy.read(Fixtures.path(name + "_c.npy"));
            assertArrayEquals(c.shape(), f.shape(), name);
            assertArrayEquals(c.toDouble(), f.toDouble(), name);
        }
        assertArrayEquals(Npy.read(Fixtures.path("fortran_i8_4x2_c.npy")).toLong(),
                Npy.read(Fixtures.path("fortran_i8_4x2.npy")).toLong());
    }

    @Test
    void refusesObjectArrays() {
        assertRejected(Fixtures.path("bad_object.npy"), "object arrays ('|O') are not supported");
    }

    @Test
    void refusesUnknownDtypes() {
        assertRejected(Fixtures.path("bad_complex.npy"), "unsupported dtype '<c8' (readable: <f2, <f4, <f8");
    }

    @Test
    void refusesStructuredArrays() {
        assertRejected(Fixtures.path("bad_structured.npy"), "structured dtypes");
    }

    @Test
    void refusesBadMagic() throws IOException {
        Path file = dir.resolve("text.npy");
        Files.writeString(file, "hello, this is not numpy");
        assertRejected(file, "not a .npy file");
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path file = dir.resolve("empty.npy");
        Files.write(file, new byte[0]);
        assertRejected(file, "not a .npy file");
    }

    @Test
    void refusesUnknownVersion() throws IOException {
        byte[] bytes = Fixtures.bytes("f4_3x4.npy");
        bytes[6] = 4;
        assertRejected(write("v4.npy", bytes), "unsupported .npy format version 4.0");
    }

    @Test
    void refusesTruncatedData() throws IOException {
        byte[] bytes = Fixtures.bytes("f4_3x4.npy");
        Path file = write("cut.npy", Arrays.copyOf(bytes, bytes.length - 7));
        assertRejected(file, "truncated: header says shape (3, 4) <f4 needs 48 bytes of data, file has 41");
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        assertRejected(write("cut-header.npy", Arrays.copyOf(Fixtures.bytes("f4_3x4.npy"), 40)),
                "truncated: file ends in the header");
    }

    @Test
    void refusesDataBeyondWhatTheHeaderDescribes() throws IOException {
        byte[] bytes = Fixtures.bytes("f4_3x4.npy");
        assertRejected(write("long.npy", Arrays.copyOf(bytes, bytes.length + 4)),
                "4 bytes follow the 48 bytes of data");
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4) "),
                "malformed header: header ends early");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False}"),
                "malformed header: header keys are [descr, fortran_order], expected descr, fortran_order, shape");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}"),
                "'fortran_order' is not True or False");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}"),
                "'shape' must hold non-negative integers");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) } junk"),
                "unexpected text after the dict");
        assertRejected(npyWithHeader("{'descr' '<f4', 'fortran_order': False, 'shape': (2,)}"),
                "expected ':' at character 10");
        assertRejected(npyWithHeader("{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}"),
                "expected ',' or '}' at character 17");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}"),
                "expected ',' or ')' at character 54");
        assertRejected(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}"),
                "key 'shape' appears twice");
        assertRejected(npyWithHeader("[1, 2]"), "header is not a dict");
    }

    @Test
    void readsHandWrittenHeadersInTheSubsetPythonAllows() throws IOException {
        // Double quotes, no trailing comma, another key order, Python 2 long suffixes: all valid literals.
        Path file = npyWithHeader("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<f4\"}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
        assertArrayEquals(new float[] {1.5f, -2f}, Npy.read(file).toFloat());
    }

    @Test
    void oneDimensionalFortranOrderIsTheSameLayoutAndIsRead() throws IOException {
        Path file = npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).array());
        assertArrayEquals(new float[] {3f}, Npy.read(file).toFloat());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path npyWithHeader(String header) throws IOException {
        return npyWithHeader(header, new byte[8]);
    }

    /** A version 1.0 file with {@code header} as its dict text, followed by {@code data}. */
    private Path npyWithHeader(String header, byte[] data) throws IOException {
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length).put(text).put(data);
        return write("handmade.npy", b.array());
    }

    @Test
    void anEmptyFileIsCalledEmpty(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertEquals(empty + ": the file is empty (0 bytes): not a .npy file",
                assertThrows(FormatException.class, () -> Npy.read(empty)).getMessage());
    }
}
