package org.rnnexplorer.train;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Traces;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;

import java.util.Arrays;

/**
 * Pitfall 3 of the seed article: a stream cut into k chunks of T steps, each chunk fed with the previous chunk's
 * h_n as its h_0, and the loss of chunk k backpropagated.
 *
 * <ul>
 *   <li>Without {@code detach()}: chunk k's h_0 is still connected to every earlier chunk's graph, so backward runs
 *   through all k·T steps; that is exactly BPTT over the concatenated stream from h_0 = 0 with the loss on the last
 *   T steps, which is how it is computed here. PyTorch must keep every chunk's activations for it, and a training
 *   loop that calls {@code loss.backward()} once per chunk fails on chunk 2 with "Trying to backward through the
 *   graph a second time" unless it passes {@code retain_graph=True}.</li>
 *   <li>With {@code h = h.detach()}: the carried state is a plain value; backward stops at chunk k's first step, and
 *   only chunk k's activations are kept.</li>
 * </ul>
 * The forward values are the same in both cases, so within chunk k the gradients agree; before it they are zero
 * with detach and non-zero without. The loss is ½·mean(h_t²) of the top layer over chunk k's steps.
 *
 * <p>Pure: no I/O, no threads (the backend may own its own); runs in eval mode (no dropout).
 */
public final class DetachStudy {

    private DetachStudy() {
    }

    /**
     * Both cases' gradients.
     *
     * @param chunks          k
     * @param chunkLength     T
     * @param loss            the loss of chunk k (the same in both cases)
     * @param gradHiddenWithout ∂L/∂h_t per layer without detach, each (k·T, N, H)
     * @param gradHiddenWith    the same with detach (zero before chunk k)
     * @param gradNormWithout ‖∂L/∂h_t‖ over layers, batch and units per step, (k·T)
     * @param gradNormWith    the same with detach
     * @param gradientsWithout parameter gradients without detach (what the update would use)
     * @param gradientsWith    parameter gradients with detach
     * @param bytesWithout    activation memory kept for backward without detach
     * @param bytesWith       activation memory kept with detach
     */
    public record Result(int chunks, int chunkLength, double loss, Tensor[] gradHiddenWithout, Tensor[] gradHiddenWith,
                         double[] gradNormWithout, double[] gradNormWith, RnnParameters gradientsWithout,
                         RnnParameters gradientsWith, long bytesWithout, long bytesWith) {

        /** The earliest step whose ‖∂L/∂h_t‖ is non-zero without detach, and with: how far back the gradient reaches. */
        public int earliestReachedWithout() {
            return firstNonZero(gradNormWithout);
        }

        public int earliestReachedWith() {
            return firstNonZero(gradNormWith);
        }

        private static int firstNonZero(double[] norms) {
            for (int t = 0; t < norms.length; t++) if (norms[t] != 0) return t;
            return norms.length;
        }
    }

    /**
     * Activation memory that backward needs: every layer's and direction's h_t for each step, and an LSTM's c_t too,
     * float32. Inputs, gates, pre-activations and the allocator's overhead come on top; the point is the factor k
     * between the cases.
     *
     * @return steps · batch · (H_out, + H for an LSTM's c_t) · 4 bytes · num_layers · D
     */
    public static long activationBytes(RnnConfig config, long steps, long batch) {
        long perStep = config.outputHiddenSize() + (config.mode() == CellMode.LSTM ? config.hiddenSize() : 0);
        return steps * batch * perStep * (long) Float.BYTES * config.numLayers() * config.numDirections();
    }

    /**
     * Runs both cases.
     *
     * @param parameters  a unidirectional RNN (carrying h_n forward in time has no meaning for the reverse direction);
     *                    its batch_first is ignored, the stream is time-major
     * @param stream      (k·T, N, I) time-major
     * @param chunkLength T; the stream's length must be a multiple of it
     */
    public static Result compute(RnnParameters parameters, Tensor stream, int chunkLength, Backend backend) {
        RnnConfig config = parameters.config().withBatchFirst(false);
        if (config.bidirectional()) {
            throw new IllegalArgumentException("carrying h_n into the next chunk needs a unidirectional RNN "
                    + "(the reverse direction runs from each chunk's end)");
        }
        if (stream.rank() != 3 || stream.dim(2) != config.inputSize()) {
            throw new IllegalArgumentException("the stream must be (k·T, N, " + config.inputSize() + "), got "
                    + stream.shapeString());
        }
        if (chunkLength <= 0 || stream.dim(0) % chunkLength != 0 || stream.dim(0) == 0) {
            throw new IllegalArgumentException("the stream's " + stream.dim(0) + " steps are not a whole number of chunks of "
                    + chunkLength);
        }
        // h_t is H_out wide: an LSTM with proj_size carries its projection.
        int total = stream.dim(0), batch = stream.dim(1), h = config.outputHiddenSize(), layers = config.numLayers();
        int chunks = total / chunkLength;
        int lastStart = total - chunkLength;
        RnnParameters p = parameters.withConfig(config);
        ForwardOptions keep = new ForwardOptions(ForwardMode.TRAINING, false, 0, null);
        try (Rnn rnn = new Rnn(p, backend)) {
            // Without detach: one graph over the whole stream.
            RnnOutput whole = rnn.forward(stream, null, null, keep);
            Tensor gradWhole = new Tensor(whole.output().shape(), new float[whole.output().size()]);
            double loss = lossAndGradient(whole.output(), lastStart, chunkLength, gradWhole);
            RnnGradients without = rnn.backward(gradWhole, null);
            Tensor[] hiddenWithout = new Tensor[layers];
            for (int k = 0; k < layers; k++) hiddenWithout[k] = rnn.gradHidden(k, 0);

            // With detach: the earlier chunks only produce a value for h_0 (and an LSTM's c_0: a loop carries and
            // detaches both); chunk k is a graph of its own.
            Tensor carried = null, carriedCell = null;
            if (lastStart > 0) {
                RnnOutput before = rnn.forward(slice(stream, 0, lastStart), null, null, null, ForwardOptions.inference());
                carried = before.finalHidden();
                carriedCell = before.finalCell();
            }
            RnnOutput last = rnn.forward(slice(stream, lastStart, chunkLength), carried, carriedCell, null, keep);
            Tensor gradLast = new Tensor(last.output().shape(), new float[last.output().size()]);
            lossAndGradient(last.output(), 0, chunkLength, gradLast);
            RnnGradients with = rnn.backward(gradLast, null);
            Tensor[] hiddenWith = new Tensor[layers];
            for (int k = 0; k < layers; k++) {
                float[] padded = new float[total * batch * h];
                float[] chunk = rnn.gradHidden(k, 0).data();
                System.arraycopy(chunk, 0, padded, lastStart * batch * h, chunk.length);
                hiddenWith[k] = new Tensor(new int[] {total, batch, h}, padded);
            }
            return new Result(chunks, chunkLength, loss, hiddenWithout, hiddenWith, normOverLayers(hiddenWithout),
                    normOverLayers(hiddenWith), without.parameters(), with.parameters(),
                    activationBytes(config, total, batch), activationBytes(config, chunkLength, batch));
        }
    }

    /** ½·mean(y²) over steps [start, start+length) of a (L, N, H) output; writes ∂L/∂y there. */
    private static double lossAndGradient(Tensor output, int start, int length, Tensor grad) {
        int per = output.size() / output.dim(0);
        int from = start * per, to = (start + length) * per;
        double count = to - from, sum = 0;
        float[] y = output.data(), g = grad.data();
        for (int i = from; i < to; i++) {
            sum += (double) y[i] * y[i];
            g[i] = (float) (y[i] / count);
        }
        return 0.5 * sum / count;
    }

    private static double[] normOverLayers(Tensor[] perLayer) {
        double[] total = new double[perLayer[0].dim(0)];
        for (Tensor t : perLayer) {
            double[] n = Traces.normPerTimestep(t);
            for (int i = 0; i < total.length; i++) total[i] += n[i] * n[i];
        }
        for (int i = 0; i < total.length; i++) total[i] = Math.sqrt(total[i]);
        return total;
    }

    /** Steps [start, start+length) of a time-major (L, N, I) tensor. */
    private static Tensor slice(Tensor t, int start, int length) {
        int[] shape = t.shape();
        int per = t.size() / shape[0];
        shape[0] = length;
        return new Tensor(shape, Arrays.copyOfRange(t.data(), start * per, (start + length) * per));
    }
}
