package org.rnnexplorer.engine;

import java.util.Arrays;

/**
 * How a user's tensors map to the engine's time-major batched layout, found by checking them as
 * {@code nn.RNN.forward} does, in PyTorch's order and with its messages.
 *
 * @param steps      L
 * @param batch      N (1 for unbatched input)
 * @param unbatched  input was 2-D (L, H_in)
 * @param batchFirst input was (N, L, H_in)
 */
public record InputLayout(int steps, int batch, boolean unbatched, boolean batchFirst) {

    /**
     * Checks input, h0 and lengths against a configuration.
     *
     * @param input   (L, N, H_in), (N, L, H_in) with batch_first, or (L, H_in)
     * @param h0      (D·num_layers, N, H), or (D·num_layers, H) for unbatched input, or null
     * @param lengths one length per batch element, or null
     * @throws ShapeException with PyTorch's message
     */
    public static InputLayout check(RnnConfig config, Tensor input, Tensor h0, int[] lengths) {
        int rank = input.rank();
        if (h0 != null) {
            if (rank == 2 && h0.rank() != 2) {
                throw new ShapeException(ShapeException.Argument.H0, "For unbatched 2-D input, hx should also be 2-D but got " + h0.rank() + "-D tensor");
            }
            if (rank == 3 && h0.rank() != 3) {
                throw new ShapeException(ShapeException.Argument.H0, "For batched 3-D input, hx should also be 3-D but got " + h0.rank() + "-D tensor");
            }
        }
        if (rank != 2 && rank != 3) {
            throw new ShapeException(ShapeException.Argument.INPUT, "RNN: Expected input to be 2D or 3D, got " + rank + "D tensor instead");
        }
        if (input.dim(-1) != config.inputSize()) {
            throw new ShapeException(ShapeException.Argument.INPUT, "input.size(-1) must be equal to input_size. Expected " + config.inputSize()
                    + ", got " + input.dim(-1));
        }
        boolean unbatched = rank == 2;
        boolean batchFirst = !unbatched && config.batchFirst();
        int steps = unbatched ? input.dim(0) : batchFirst ? input.dim(1) : input.dim(0);
        int batch = unbatched ? 1 : batchFirst ? input.dim(0) : input.dim(1);
        if (h0 != null) {
            int[] expected = {config.stateCount(), batch, config.hiddenSize()};
            int[] got = unbatched ? new int[] {h0.dim(0), 1, h0.dim(1)} : h0.shape();
            if (!Arrays.equals(expected, got)) {
                throw new ShapeException(ShapeException.Argument.H0, "Expected hidden size " + Tensor.formatTuple(expected) + ", got "
                        + Tensor.formatList(got));
            }
        }
        if (steps == 0) {
            throw new ShapeException(ShapeException.Argument.INPUT, "Expected sequence length to be larger than 0 in RNN");
        }
        if (lengths != null) {
            if (unbatched) {
                throw new ShapeException(ShapeException.Argument.LENGTHS, "lengths apply to batched input only; unbatched 2-D input is one sequence");
            }
            if (lengths.length != batch) {
                throw new ShapeException(ShapeException.Argument.LENGTHS, "Expected `len(lengths)` to be equal to batch_size, but got " + lengths.length
                        + " (batch_size=" + batch + ")");
            }
            int longest = 0;
            for (int len : lengths) {
                if (len <= 0) {
                    throw new ShapeException(ShapeException.Argument.LENGTHS, "Length of all samples has to be greater than 0, but found an element in "
                            + "'lengths' that is <= 0");
                }
                longest = Math.max(longest, len);
            }
            if (longest > steps) {
                throw new ShapeException(ShapeException.Argument.LENGTHS, "Expected total_length to be at least the length of the longest sequence in "
                        + "input, but got total_length=" + steps + " and max sequence length being " + longest);
            }
        }
        return new InputLayout(steps, batch, unbatched, batchFirst);
    }

    /** The user's input shape for this layout under a configuration. */
    public int[] inputShape(RnnConfig config) {
        return userShape(config.inputSize());
    }

    /** Shape of {@code output}: (L, N, D·H), (N, L, D·H) or (L, D·H). */
    public int[] outputShape(RnnConfig config) {
        return userShape(config.outputSize());
    }

    /** Shape of h0 and h_n: (D·num_layers, N, H) or (D·num_layers, H) when unbatched. */
    public int[] stateShape(RnnConfig config) {
        return unbatched ? new int[] {config.stateCount(), config.hiddenSize()}
                : new int[] {config.stateCount(), batch, config.hiddenSize()};
    }

    /** Shape of a per-layer trace (L, N, H), or (L, H) when unbatched: always time-major. */
    public int[] traceShape(RnnConfig config) {
        return unbatched ? new int[] {steps, config.hiddenSize()} : new int[] {steps, batch, config.hiddenSize()};
    }

    private int[] userShape(int features) {
        if (unbatched) return new int[] {steps, features};
        return batchFirst ? new int[] {batch, steps, features} : new int[] {steps, batch, features};
    }

    /** A user tensor in this layout → (T, B, F) time-major (a copy only when a transpose is needed). */
    public float[] toTimeMajor(float[] user, int features) {
        return batchFirst ? swapFirstTwo(user, batch, steps, features) : user;
    }

    /** (T, B, F) time-major → this layout. */
    public float[] fromTimeMajor(float[] timeMajor, int features) {
        return batchFirst ? swapFirstTwo(timeMajor, steps, batch, features) : timeMajor;
    }

    /** Builds the kernel's batch from checked user tensors. */
    public SequenceBatch toBatch(Tensor input, Tensor h0, int[] lengths, float[][] masks) {
        return new SequenceBatch(steps, batch, toTimeMajor(input.data(), input.dim(-1)), h0 == null ? null : h0.data(),
                lengths == null ? null : lengths.clone(), masks);
    }

    /** (A, B, F) → (B, A, F). */
    static float[] swapFirstTwo(float[] src, int a, int b, int f) {
        float[] dst = new float[src.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(src, (i * b + j) * f, dst, (j * a + i) * f, f);
            }
        }
        return dst;
    }
}
