package org.rnnexplorer.io;

import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.engine.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NumPy's .npy format: the magic {@code \x93NUMPY}, a version byte pair (1.0, 2.0 or 3.0), the header length
 * (little-endian u16 for 1.0, u32 for 2.0 and 3.0), a header that is a Python dict literal
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, Latin-1, UTF-8 from 3.0), then the elements.
 *
 * <p>Reads little-endian {@code <f2 <f4 <f8 |i1 <i2 <i4 <i8 |u1 |b1} in C order, or in Fortran order (what
 * {@code np.save} writes for a transposed array), reordered to C order as it is read. Writes {@code <f4}, {@code <f8} and {@code <i8} with headers laid
 * out exactly as {@code np.save} lays them out.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Far above any header numpy writes for a plain array; a bigger length means a damaged file. */
    private static final long MAX_HEADER_BYTES = 1 << 20;
    private static final Map<String, DType> DESCRS = new LinkedHashMap<>();

    static {
        DESCRS.put("<f2", DType.F16);
        DESCRS.put("<f4", DType.F32);
        DESCRS.put("<f8", DType.F64);
        DESCRS.put("|i1", DType.I8);
        DESCRS.put("<i2", DType.I16);
        DESCRS.put("<i4", DType.I32);
        DESCRS.put("<i8", DType.I64);
        DESCRS.put("|u1", DType.U8);
        DESCRS.put("|b1", DType.BOOL);
    }

    private Npy() {
    }

    /** Reads the array in {@code file}; anything outside the supported subset is a {@link FormatException}. */
    public static NpyArray read(Path file) throws IOException {
        return read(file, ShapeCheck.ANY);
    }

    /**
     * What a caller requires of an array's shape, checked from the header before any data is read or allocated: a
     * 1.5 GB input with the wrong feature count is refused for its shape, not priced against the heap and read first.
     */
    @FunctionalInterface
    public interface ShapeCheck {
        ShapeCheck ANY = shape -> { };

        /** @throws FormatException (or another exception) with a one-line message when the shape will not do */
        void check(int[] shape) throws IOException;
    }

    /** {@link #read(Path)}, with {@code check} applied to the header's shape first. */
    public static NpyArray read(Path file, ShapeCheck check) throws IOException {
        TextFiles.requireRegularFile(file);
        long size = Files.size(file);
        if (size == 0) throw new FormatException(file + ": the file is empty (0 bytes): not a .npy file");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString(), size, check);
        }
    }

    /** Reads one array that fills the rest of {@code in}; {@code source} names it in messages. */
    static NpyArray read(InputStream in, String source) throws IOException {
        return read(in, source, -1, ShapeCheck.ANY);
    }

    /** {@link #read(InputStream, String, long, ShapeCheck)} with no check. */
    static NpyArray read(InputStream in, String source, long size) throws IOException {
        return read(in, source, size, ShapeCheck.ANY);
    }

    /** {@link #read(InputStream, String)}, with {@code check} applied to the header's shape first. */
    static NpyArray read(InputStream in, String source, ShapeCheck check) throws IOException {
        return read(in, source, -1, check);
    }

    /**
     * As {@link #read(InputStream, String)} for a stream of {@code size} bytes (-1: unknown): data the stream cannot
     * hold is refused before the claimed array is allocated (a 137-byte file claiming 493 MB found by fuzzing).
     */
    static NpyArray read(InputStream in, String source, long size, ShapeCheck check) throws IOException {
        return read(in, source, size, "file", check);
    }

    /**
     * {@link #read(InputStream, String, long, ShapeCheck)}, {@code holder} naming what holds the {@code size} bytes
     * in the message that refuses a claim larger than they are ("file", "zip entry").
     */
    static NpyArray read(InputStream in, String source, long size, String holder, ShapeCheck check)
            throws IOException {
        byte[] prefix = in.readNBytes(8);
        int magicSeen = Math.min(prefix.length, MAGIC.length);
        if (prefix.length < 8 && magicSeen > 0 && Arrays.equals(prefix, 0, magicSeen, MAGIC, 0, magicSeen)) {
            throw new FormatException(source + ": truncated: file ends in the header"); // "\x93NUMPY" and nothing after
        }
        if (prefix.length < 8 || !Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
            throw new FormatException(source + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (major < 1 || major > 3) {
            throw new FormatException(source + ": unsupported .npy format version " + major + "." + minor
                    + " (readable: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new FormatException(source + ": truncated: file ends in the header");
        }
        ByteBuffer length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedInt(length.getShort())
                : Integer.toUnsignedLong(length.getInt());
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(source + ": header length " + headerLength + " is absurd (limit "
                    + MAX_HEADER_BYTES + " bytes)");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new FormatException(source + ": truncated: file ends in the header");
        }
        NpyHeader header = NpyHeader.parse(headerText(headerBytes, major, source), source);
        DType dtype = dtype(header.descr(), source);
        int[] shape = header.shape();
        // Column-major (numpy writes it for a transposed array, np.save(a.T)): read as stored, then reordered.
        boolean fortran = header.fortranOrder() && shape.length > 1;
        check.check(shape.clone());
        long count = 1;
        for (int d : shape) count = Math.min(count * d, 1L << 31); // saturates above any loadable size
        long dataBytes = count * dtype.byteSize();
        String described = "shape " + Tensor.formatTuple(shape) + " " + header.descr();
        // float32 is read into a float[] (count elements), other dtypes into a byte[] first (dataBytes elements).
        long arrayElements = dtype == DType.F32 ? count : dataBytes;
        if (arrayElements > MemoryBudget.MAX_ARRAY_ELEMENTS) {
            throw new FormatException(source + ": " + described + " is too large to load: "
                    + (dtype == DType.F32 ? "more than " + MemoryBudget.MAX_ARRAY_ELEMENTS + " elements"
                    : dataBytes + " bytes, more than the " + MemoryBudget.MAX_ARRAY_ELEMENTS + " one array holds; as "
                    + "float32 (<f4) it could hold up to " + MemoryBudget.MAX_ARRAY_ELEMENTS + " elements"));
        }
        long headerEnd = 8 + (major == 1 ? 2 : 4) + headerLength;
        if (size >= 0 && dataBytes > size - headerEnd) {
            throw new FormatException(source + ": truncated: header says " + described + " needs " + dataBytes
                    + " bytes of data, " + holder + " has " + Math.max(0, size - headerEnd));
        }
        // float32 is converted as it is read (one copy); other dtypes keep their bytes until converted (two).
        long heapBytes = (dtype == DType.F32 ? dataBytes : dataBytes + 4 * count) + (fortran ? dataBytes : 0);
        try {
            MemoryBudget.require(heapBytes, source + ": " + described, "");
        } catch (MemoryBudget.MemoryLimitException e) {
            throw new FormatException(e.getMessage());
        }
        float[] floats = null;
        byte[] data = null;
        long got;
        if (dtype == DType.F32) {
            floats = new float[(int) count];
            got = readFloats(in, floats);
        } else {
            data = new byte[(int) dataBytes]; // read in place: no growing buffers
            got = in.readNBytes(data, 0, data.length);
        }
        if (got < dataBytes) {
            throw new FormatException(source + ": truncated: header says " + described + " needs " + dataBytes
                    + " bytes of data, file has " + got);
        }
        // Count what follows only up to a bound: a stream that goes on (a zip bomb) is not read to its end.
        long extra = boundedCount(in, MAX_TRAILING_COUNTED);
        if (extra > 0) {
            throw new FormatException(source + ": " + (extra > MAX_TRAILING_COUNTED ? "more than " + MAX_TRAILING_COUNTED
                    : extra) + " bytes follow the " + dataBytes + " bytes of data for " + described
                    + "; the header does not describe the file");
        }
        if (fortran) {
            if (floats != null) floats = toRowMajor(floats, shape);
            else data = toRowMajor(data, shape, dtype.byteSize());
        }
        return floats != null ? new NpyArray(source, shape, floats) : new NpyArray(source, shape, dtype, ByteBuffer.wrap(data));
    }

    /** Column-major elements of {@code shape} in row-major order (numpy's C order). */
    static float[] toRowMajor(float[] columnMajor, int[] shape) {
        float[] out = new float[columnMajor.length];
        int[] from = columnMajorIndices(shape, out.length);
        for (int i = 0; i < out.length; i++) out[i] = columnMajor[from[i]];
        return out;
    }

    private static byte[] toRowMajor(byte[] columnMajor, int[] shape, int elementBytes) {
        int n = columnMajor.length / elementBytes;
        byte[] out = new byte[columnMajor.length];
        int[] from = columnMajorIndices(shape, n);
        for (int i = 0; i < n; i++) System.arraycopy(columnMajor, from[i] * elementBytes, out, i * elementBytes, elementBytes);
        return out;
    }

    /** For each row-major position, the column-major index of the same element (an odometer over the shape). */
    private static int[] columnMajorIndices(int[] shape, int n) {
        int rank = shape.length;
        int[] stride = new int[rank]; // column-major strides: the first axis varies fastest
        for (int d = 0, s = 1; d < rank; d++) {
            stride[d] = s;
            s *= shape[d];
        }
        int[] from = new int[n];
        int[] index = new int[rank];
        int f = 0;
        for (int i = 0; i < n; i++) {
            from[i] = f;
            for (int d = rank - 1; d >= 0; d--) { // the last axis varies fastest in row-major order
                if (++index[d] < shape[d]) {
                    f += stride[d];
                    break;
                }
                f -= (index[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
        return from;
    }

    /** Bytes past the data counted exactly; beyond this, "more than" (a decompressing stream may be endless). */
    static final long MAX_TRAILING_COUNTED = 1 << 20;

    /** Fills {@code dst} with little-endian float32 read in 64 KB pieces; returns the bytes read. */
    private static long readFloats(InputStream in, float[] dst) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int filled = 0;
        long total = 0;
        while (filled < dst.length) {
            int want = Math.min(chunk.length, (dst.length - filled) * 4);
            int got = in.readNBytes(chunk, 0, want);
            total += got;
            view.clear();
            view.asFloatBuffer().get(dst, filled, got / 4);
            filled += got / 4;
            if (got < want) break;
        }
        return total;
    }

    /** Bytes left in {@code in}, counting at most limit + 1. */
    private static long boundedCount(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long n = 0;
        int r;
        while (n <= limit && (r = in.read(buffer)) > 0) n += r;
        return n;
    }

    /** Writes {@code tensor} as {@code <f4}, C order. Atomic: see {@link AtomicFiles}. */
    public static void write(Path file, Tensor tensor) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, "<f4", tensor.shape(),
                body -> Elements.writeFloats(body, tensor.data(), DType.F32)));
    }

    /** Writes {@code data}, row-major with {@code shape}, as {@code <f8}. Atomic. */
    public static void writeDouble(Path file, int[] shape, double[] data) throws IOException {
        checkCount(shape, data.length);
        AtomicFiles.write(file, out -> writeTo(out, "<f8", shape, body -> Elements.writeDoubles(body, data)));
    }

    /** Writes {@code data}, row-major with {@code shape}, as {@code <i8}. Atomic. */
    public static void writeLong(Path file, int[] shape, long[] data) throws IOException {
        checkCount(shape, data.length);
        AtomicFiles.write(file, out -> writeTo(out, "<i8", shape, body -> Elements.writeLongs(body, data)));
    }

    /** Writes a whole .npy image to {@code out}: version 1.0 unless the header needs 2.0's longer length field. */
    static void writeTo(OutputStream out, String descr, int[] shape, IoWriter data) throws IOException {
        NpyHeader header = new NpyHeader(descr, false, shape);
        int major = 1;
        String text = header.format(MAGIC.length + 2 + 2);
        if (text.length() > 0xffff) {
            major = 2;
            text = header.format(MAGIC.length + 2 + 4);
        }
        ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 2 + (major == 1 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) prefix.putShort((short) text.length());
        else prefix.putInt(text.length());
        out.write(prefix.array());
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        data.write(out);
    }

    private static String headerText(byte[] bytes, int major, String source) throws FormatException {
        if (major < 3) return new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(source + ": header is not valid UTF-8");
        }
    }

    private static DType dtype(String descr, String source) throws FormatException {
        DType known = DESCRS.get(descr);
        if (known != null) return known;
        if (descr.startsWith(">") && DESCRS.containsKey("<" + descr.substring(1))) {
            String little = "<" + descr.substring(1);
            throw new FormatException(source + ": big-endian data ('" + descr + "') is not supported; save with "
                    + "arr.astype('" + little + "')");
        }
        if (descr.contains("O")) {
            throw new FormatException(source + ": object arrays ('" + descr + "') are not supported; save a numeric "
                    + "array, e.g. np.asarray(x, dtype=np.float32)");
        }
        throw new FormatException(source + ": unsupported dtype '" + descr + "' (readable: "
                + String.join(", ", DESCRS.keySet()) + ")");
    }

    private static void checkCount(int[] shape, int length) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Tensor.formatList(shape));
            count *= d;
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Tensor.formatList(shape) + " holds " + count
                    + " elements but the data has " + length);
        }
    }
}
