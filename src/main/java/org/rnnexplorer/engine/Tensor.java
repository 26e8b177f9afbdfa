package org.rnnexplorer.engine;

import java.util.Arrays;

/**
 * A dense row-major float32 array with a shape: the unit in which tensors enter and leave the engine.
 * The data array is shared, not copied: treat a tensor handed over as owned by the receiver.
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n = Math.min(n * d, 1L << 40); // saturates above any array's length (a later 0 still gives 0)
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + data.length);
        }
        shape = shape.clone();
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[MemoryBudget.elements("a tensor", java.util.Arrays.stream(shape).asLongStream().toArray())]);
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    /** Same data, another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        return new Tensor(newShape, data);
    }

    /** The largest |value|; 0 for an empty tensor. */
    public float maxAbs() {
        float m = 0;
        for (float v : data) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Shape in PyTorch's list style, e.g. {@code [2, 3, 4]}. */
    public String shapeString() {
        return formatList(shape);
    }

    /** Formats a shape as PyTorch prints {@code list(t.shape)}: {@code [1, 2, 6]}. */
    public static String formatList(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(']').toString();
    }

    /** Formats a shape as PyTorch prints a tuple: {@code (1, 3, 6)}. */
    public static String formatTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
