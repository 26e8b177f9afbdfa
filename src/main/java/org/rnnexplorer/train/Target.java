package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

import java.util.Arrays;

/** What a prediction is compared with: real values for MSE, class indices for cross-entropy. */
public sealed interface Target permits Target.Values, Target.Classes {

    /** The target's shape. */
    int[] shape();

    /** A regression target, of exactly the prediction's shape and layout. */
    record Values(Tensor values) implements Target {
        @Override
        public int[] shape() {
            return values.shape();
        }
    }

    /**
     * Class indices shaped like the prediction without its last (class) axis, row-major. The value
     * {@link Losses#IGNORE_INDEX} (-100, PyTorch's default ignore_index) marks a position left out of the loss.
     *
     * @param shape   e.g. (L, N) for a (L, N, C) prediction
     * @param indices one class per position
     */
    record Classes(int[] shape, int[] indices) implements Target {
        public Classes {
            long n = 1;
            for (int d : shape) n *= d;
            if (n != indices.length) {
                throw new IllegalArgumentException("class target shape " + Arrays.toString(shape) + " holds " + n
                        + " elements but " + indices.length + " indices were given");
            }
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** A regression target. */
    public static Values values(Tensor t) {
        return new Values(t);
    }

    /**
     * Class indices from floats that hold integers (how .npy float targets arrive).
     *
     * @throws TrainingConfigException naming the first element that is not an integer
     */
    public static Classes classes(Tensor floats) {
        float[] d = floats.data();
        int[] idx = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (!(v == Math.rint(v)) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new TrainingConfigException("target", "cross-entropy target holds class indices, but element "
                        + i + " is " + v + ", not an integer");
            }
            idx[i] = (int) v;
        }
        return new Classes(floats.shape(), idx);
    }

    /** Class indices from int64 values (how .npy/.safetensors int64 targets arrive). */
    public static Classes classes(long[] values, int... shape) {
        int[] idx = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                throw new TrainingConfigException("target", "Target " + values[i] + " is out of bounds.");
            }
            idx[i] = (int) values[i];
        }
        return new Classes(shape, idx);
    }
}
