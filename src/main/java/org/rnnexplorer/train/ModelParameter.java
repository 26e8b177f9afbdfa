package org.rnnexplorer.train;

import org.rnnexplorer.engine.Tensor;

/**
 * One trainable tensor of a {@link Model}.
 *
 * @param name  the model's name: the RNN's own ({@code weight_hh_l0}) or {@code head.weight} / {@code head.bias}
 * @param shape PyTorch's shape
 * @param data  the live row-major array
 */
public record ModelParameter(String name, int[] shape, float[] data) {

    public ModelParameter {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** A tensor view sharing the live array. */
    public Tensor asTensor() {
        return new Tensor(shape, data);
    }
}
