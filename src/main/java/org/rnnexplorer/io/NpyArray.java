package org.rnnexplorer.io;

import org.rnnexplorer.engine.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An array read from a .npy file or an .npz entry: its shape, its stored dtype and its elements, row-major (C order),
 * kept as the little-endian bytes of the file and converted on request.
 */
public final class NpyArray {

    private final String source;
    private final int[] shape;
    private final DType dtype;
    /** The file's bytes, or null when the elements were read straight into {@link #floats}. */
    private final ByteBuffer data;
    /** float32 elements read without an intermediate byte copy (F32 files), else null. */
    private final float[] floats;
    private final int size;

    /** {@code data} holds exactly size × dtype.byteSize() little-endian bytes; {@code source} names it in messages. */
    NpyArray(String source, int[] shape, DType dtype, ByteBuffer data) {
        this.source = source;
        this.shape = shape.clone();
        this.dtype = dtype;
        this.data = data.asReadOnlyBuffer();
        this.floats = null;
        this.size = data.remaining() / dtype.byteSize();
    }

    /** A float32 array whose elements were converted as they were read: the only copy there is. */
    NpyArray(String source, int[] shape, float[] floats) {
        this.source = source;
        this.shape = shape.clone();
        this.dtype = DType.F32;
        this.data = null;
        this.floats = floats;
        this.size = floats.length;
    }

    /** The file (and for .npz the key, {@code file.npz:key}) it was read from. */
    public String source() {
        return source;
    }

    /** The shape; empty for a 0-d (scalar) array. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The element type stored in the file. */
    public DType dtype() {
        return dtype;
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public int size() {
        return size;
    }

    /** The elements as float32: F64 and integers round to the nearest float, BOOL gives 0 or 1. */
    public float[] toFloat() {
        return floats != null ? floats.clone() : Elements.toFloat(data, dtype, size);
    }

    /**
     * {@link #toTensor()} for data a model reads: NumPy's cast turns a finite float64 beyond float32's range into
     * ±inf (and every output into NaN), so such an element is refused here, naming the file and the element.
     *
     * @throws IllegalArgumentException e.g. {@code x.npy: element 4 is 1.0E300, beyond float32's range (±3.4028235e38)}
     */
    public Tensor toFiniteRangeTensor() {
        Tensor t = toTensor();
        int beyond = data == null ? -1 : Elements.firstBeyondFloat32(data, dtype, t.data());
        if (beyond >= 0) throw new IllegalArgumentException(source + ": " + Elements.beyondFloat32(data, beyond, 0));
        return t;
    }

    /** The elements as float64: exact except I64 values beyond 2^53, which round. */
    public double[] toDouble() {
        if (floats != null) {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) out[i] = floats[i];
            return out;
        }
        return Elements.toDouble(data, dtype, size);
    }

    /**
     * The elements as int64. Integer and BOOL data convert exactly; floating-point data must hold only whole numbers
     * within the int64 range (class labels saved as floats), else the first offending element is reported.
     */
    public long[] toLong() throws FormatException {
        long[] out = new long[size];
        if (dtype == DType.I64) {
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }
        double[] values = toDouble();
        for (int i = 0; i < size; i++) {
            double v = values[i];
            // 2^63 itself is out of range; every double below it converts exactly.
            if (v != Math.rint(v) || v < -0x1p63 || v >= 0x1p63) {
                throw new FormatException(source + ": element " + index(i) + " is " + v
                        + ", not an integer; integer data (e.g. class labels) must hold whole numbers");
            }
            out[i] = (long) v;
        }
        return out;
    }

    /** The elements as a float32 tensor of the same shape (see {@link #toFloat()} for the conversion). */
    public Tensor toTensor() {
        // A float32 file's elements are handed over, not copied: the tensor is the one copy of a large input.
        return new Tensor(shape, floats != null ? floats : toFloat());
    }

    /** The multi-dimensional index of flat element {@code flat}, as numpy would print it: {@code (1, 2)}. */
    private String index(int flat) {
        int[] idx = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            idx[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return Tensor.formatTuple(idx);
    }

    @Override
    public String toString() {
        return source + " " + dtype + Tensor.formatList(shape);
    }
}
