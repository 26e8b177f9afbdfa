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
     * @param h0      (D·num_layers, N, H_out), or (D·num_layers, H_out) for unbatched input, or null
     * @param lengths one length per batch element, or null
     * @throws ShapeException with PyTorch's message
     */
    public static InputLayout check(RnnConfig config, Tensor input, Tensor h0, int[] lengths) {
        return check(config, input, h0, null, lengths);
    }

    /**
     * Checks input, h0, c0 (LSTM) and lengths against a configuration, in PyTorch's order and words. Unlike PyTorch,
     * which takes both of an LSTM's states or neither, either may be null (zeros).
     *
     * @param c0 (D·num_layers, N, H), or (D·num_layers, H) for unbatched input, or null; LSTM only
     */
    public static InputLayout check(RnnConfig config, Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        int rank = input.rank();
        boolean lstm = config.mode() == CellMode.LSTM;
        if (c0 != null && !lstm) {
            throw new ShapeException(ShapeException.Argument.C0, "c0 is an LSTM's initial cell state; a " + config.mode().moduleName() + " has none");
        }
        if (lstm && (h0 != null || c0 != null)) {
            int hr = h0 == null ? rank : h0.rank(), cr = c0 == null ? rank : c0.rank();
            if (rank == 2 && (hr != 2 || cr != 2)) {
                throw new ShapeException(ShapeException.Argument.H0, "For unbatched 2-D input, hx and cx should also be 2-D but got (" + hr + "-D, "
                        + cr + "-D) tensors");
            }
            if (rank == 3 && (hr != 3 || cr != 3)) {
                throw new ShapeException(ShapeException.Argument.H0, "For batched 3-D input, hx and cx should also be 3-D but got (" + hr + "-D, "
                        + cr + "-D) tensors");
            }
        } else if (h0 != null) {
            if (rank == 2 && h0.rank() != 2) {
                throw new ShapeException(ShapeException.Argument.H0, "For unbatched 2-D input, hx should also be 2-D but got " + h0.rank() + "-D tensor");
            }
            if (rank == 3 && h0.rank() != 3) {
                throw new ShapeException(ShapeException.Argument.H0, "For batched 3-D input, hx should also be 3-D but got " + h0.rank() + "-D tensor");
            }
        }
        if (rank != 2 && rank != 3) {
            throw new ShapeException(ShapeException.Argument.INPUT, config.mode().moduleName()
                    + ": Expected input to be 2D or 3D, got " + rank + "D tensor instead");
        }
        if (input.dim(-1) != config.inputSize()) {
            throw new ShapeException(ShapeException.Argument.INPUT, "input.size(-1) must be equal to input_size. Expected " + config.inputSize()
                    + ", got " + input.dim(-1));
        }
        boolean unbatched = rank == 2;
        boolean batchFirst = !unbatched && config.batchFirst();
        int steps = unbatched ? input.dim(0) : batchFirst ? input.dim(1) : input.dim(0);
        int batch = unbatched ? 1 : batchFirst ? input.dim(0) : input.dim(1);
        checkState(h0, unbatched, new int[] {config.stateCount(), batch, config.outputHiddenSize()},
                lstm ? "Expected hidden[0] size " : "Expected hidden size ", ShapeException.Argument.H0);
        checkState(c0, unbatched, new int[] {config.stateCount(), batch, config.hiddenSize()}, "Expected hidden[1] size ", ShapeException.Argument.C0);
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

    private static void checkState(Tensor state, boolean unbatched, int[] expected, String what,
                                   ShapeException.Argument argument) {
        if (state == null) return;
        int[] got = unbatched ? new int[] {state.dim(0), 1, state.dim(1)} : state.shape();
        if (!Arrays.equals(expected, got)) {
            throw new ShapeException(argument, what + Tensor.formatTuple(expected) + ", got " + Tensor.formatList(got));
        }
    }

    /** The user's input shape for this layout under a configuration. */
    public int[] inputShape(RnnConfig config) {
        return userShape(config.inputSize());
    }

    /** Shape of {@code output}: (L, N, D·H_out), (N, L, D·H_out) or (L, D·H_out). */
    public int[] outputShape(RnnConfig config) {
        return userShape(config.outputSize());
    }

    /** Shape of h0 and h_n: (D·num_layers, N, H_out) or (D·num_layers, H_out) when unbatched. */
    public int[] stateShape(RnnConfig config) {
        return stateShape(config.stateCount(), config.outputHiddenSize());
    }

    /** Shape of an LSTM's c0 and c_n: (D·num_layers, N, H) or (D·num_layers, H) when unbatched. */
    public int[] cellStateShape(RnnConfig config) {
        return stateShape(config.stateCount(), config.hiddenSize());
    }

    private int[] stateShape(int count, int width) {
        return unbatched ? new int[] {count, width} : new int[] {count, batch, width};
    }

    /** Shape of a per-layer trace of h_t (L, N, H_out), or (L, H_out) when unbatched: always time-major. */
    public int[] traceShape(RnnConfig config) {
        return traceShape(config.outputHiddenSize());
    }

    /** Shape of a per-layer trace of {@code width} units (L, N, width), or (L, width) when unbatched. */
    public int[] traceShape(int width) {
        return unbatched ? new int[] {steps, width} : new int[] {steps, batch, width};
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
        return toBatch(input, h0, null, lengths, masks);
    }

    /** Builds the kernel's batch from checked user tensors, with an LSTM's c0 (or null). */
    public SequenceBatch toBatch(Tensor input, Tensor h0, Tensor c0, int[] lengths, float[][] masks) {
        return new SequenceBatch(steps, batch, toTimeMajor(input.data(), input.dim(-1)), h0 == null ? null : h0.data(),
                lengths == null ? null : lengths.clone(), masks, c0 == null ? null : c0.data());
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
