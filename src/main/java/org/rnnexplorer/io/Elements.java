package org.rnnexplorer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts between Java arrays and little-endian element bytes: decodes every {@link DType}, encodes the types the
 * writers produce. Shared by the safetensors and npy code.
 */
final class Elements {

    private Elements() {
    }

    /**
     * {@code count} elements from the start of {@code bytes} as float32. F16 and BF16 widen exactly; F64 and the
     * integer types round to the nearest float (integers are exact up to 2^24); BOOL gives 0 or 1.
     */
    static float[] toFloat(ByteBuffer bytes, DType type, int count) {
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (type) {
            case F32 -> in.asFloatBuffer().get(out);
            case F64 -> { for (int i = 0; i < count; i++) out[i] = (float) in.getDouble(i * 8); }
            case F16 -> { for (int i = 0; i < count; i++) out[i] = Float.float16ToFloat(in.getShort(i * 2)); }
            case BF16 -> { for (int i = 0; i < count; i++) out[i] = bfloat16ToFloat(in.getShort(i * 2)); }
            case I64 -> { for (int i = 0; i < count; i++) out[i] = (float) in.getLong(i * 8); }
            case I32 -> { for (int i = 0; i < count; i++) out[i] = (float) in.getInt(i * 4); }
            case I16 -> { for (int i = 0; i < count; i++) out[i] = in.getShort(i * 2); }
            case I8 -> { for (int i = 0; i < count; i++) out[i] = in.get(i); }
            case U8 -> { for (int i = 0; i < count; i++) out[i] = in.get(i) & 0xff; }
            case BOOL -> { for (int i = 0; i < count; i++) out[i] = in.get(i) != 0 ? 1f : 0f; }
        }
        return out;
    }

    /**
     * The first element that was finite in {@code bytes} but became ±∞ in {@code converted} (a float64 beyond
     * float32's ±3.4028235e38), or −1. Only F64 can overflow float32; other types return −1 at once.
     */
    static int firstBeyondFloat32(ByteBuffer bytes, DType type, float[] converted) {
        if (type != DType.F64) return -1;
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < converted.length; i++) {
            if (Float.isInfinite(converted[i]) && !Double.isInfinite(in.getDouble(i * 8))) return i;
        }
        return -1;
    }

    /**
     * {@code element 4 is 1.0E300, beyond float32's range (±3.4028235e38)}: element {@code index} of F64
     * {@code bytes}, named {@code first + index} (bytes may be one chunk of a larger array).
     */
    static String beyondFloat32(ByteBuffer bytes, int index, long first) {
        double value = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getDouble(index * 8);
        return "element " + (first + index) + " is " + value + ", beyond float32's range (±3.4028235e38)";
    }

    /** {@code count} elements as float64: exact for every type except I64 beyond 2^53, which rounds. */
    static double[] toDouble(ByteBuffer bytes, DType type, int count) {
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[count];
        switch (type) {
            case F64 -> in.asDoubleBuffer().get(out);
            case I64 -> { for (int i = 0; i < count; i++) out[i] = (double) in.getLong(i * 8); }
            case I32 -> { for (int i = 0; i < count; i++) out[i] = in.getInt(i * 4); }
            default -> {
                // Every remaining type widens to float32 exactly, and float32 widens to double exactly.
                float[] narrow = toFloat(bytes, type, count);
                for (int i = 0; i < count; i++) out[i] = narrow[i];
            }
        }
        return out;
    }

    /** A bfloat16 is the top 16 bits of a float32. */
    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Writes {@code data} little-endian as F32, or as F64 widening each float exactly. */
    static void writeFloats(OutputStream out, float[] data, DType type) throws IOException {
        if (type != DType.F32 && type != DType.F64) throw new IllegalArgumentException("floats as " + type);
        ByteBuffer chunk = newChunk();
        for (float v : data) {
            if (chunk.remaining() < 8) drain(out, chunk);
            if (type == DType.F32) chunk.putFloat(v);
            else chunk.putDouble(v);
        }
        drain(out, chunk);
    }

    /** Writes {@code data} little-endian as F64. */
    static void writeDoubles(OutputStream out, double[] data) throws IOException {
        ByteBuffer chunk = newChunk();
        for (double v : data) {
            if (chunk.remaining() < 8) drain(out, chunk);
            chunk.putDouble(v);
        }
        drain(out, chunk);
    }

    /** Writes {@code data} little-endian as I64. */
    static void writeLongs(OutputStream out, long[] data) throws IOException {
        ByteBuffer chunk = newChunk();
        for (long v : data) {
            if (chunk.remaining() < 8) drain(out, chunk);
            chunk.putLong(v);
        }
        drain(out, chunk);
    }

    // Chunked so that writing a large array needs no second full-size copy of it.
    private static ByteBuffer newChunk() {
        return ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void drain(OutputStream out, ByteBuffer chunk) throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }
}
