package org.rnnexplorer.train;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Saturation;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Traces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-timestep gradient-flow probes for every layer and direction of an {@link Rnn} after a TRAINING or TRACE
 * forward pass and a backward pass, measured with the W_hh that pass used (call before the parameters change).
 *
 * <p>f′ is taken from the hidden state as autograd does (tanh: 1 − h², relu: 1 if h &gt; 0 else 0). The Jacobian
 * quantities describe one sequence of the batch (element 0 by default: the one the explorer draws), because each
 * sequence has its own factors; the gradient norms and inactive fractions cover the whole batch.
 *
 * <p>Cost: per step one power iteration for the factor (O(H²) per iteration, warm-started) and, when products are
 * asked for, one (H, H)·(H, H) multiply: O(L·H³) per direction.
 */
public final class TimestepProbes {
    private TimestepProbes() {
    }

    /**
     * @param lengths      the lengths of the pass (null when every sequence is L long)
     * @param batchIndex   which sequence the Jacobian quantities follow (0 for unbatched input)
     * @param withProducts whether to compute the running products (the O(L·H³) part)
     */
    public static List<DirectionProbe> compute(Rnn rnn, int[] lengths, int batchIndex, boolean withProducts) {
        RnnConfig config = rnn.config();
        int batch = rnn.lastLayout() == null ? 0 : rnn.lastLayout().batch();
        if (batchIndex < 0 || batchIndex >= batch) {
            throw new IllegalArgumentException("batch index " + batchIndex + " outside the batch of " + batch);
        }
        List<DirectionProbe> out = new ArrayList<>();
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < config.numDirections(); d++) {
                Tensor hidden = rnn.hidden(k, d);
                Tensor grad = rnn.gradHidden(k, d);
                float[] w = rnn.parameters().weightHh(k, d);
                out.add(probe(config, k, d, hidden, grad, w, lengths, batchIndex, withProducts));
            }
        }
        return out;
    }

    static DirectionProbe probe(RnnConfig config, int layer, int direction, Tensor hidden, Tensor grad, float[] w,
                                int[] lengths, int b, boolean withProducts) {
        int steps = hidden.dim(0);
        int h = config.hiddenSize();
        int batch = hidden.size() / (steps * h);
        float[] hs = hidden.data();
        Nonlinearity f = config.nonlinearity();
        int length = lengths == null ? steps : lengths[b];

        double[] jacobian = nanArray(steps), product = nanArray(steps);
        SpectralNorm factorNorm = new SpectralNorm(h);
        double[] gram = SpectralNorm.gram(w, h);
        JacobianProduct running = withProducts ? new JacobianProduct(w, h) : null;
        double[] derivative = new double[h];
        // Walk in BPTT's order: from the direction's last step back to its first.
        for (int i = 0; i < length; i++) {
            int t = direction == 0 ? length - 1 - i : i;
            int base = (t * batch + b) * h;
            for (int u = 0; u < h; u++) derivative[u] = f.derivativeFromOutput(hs[base + u]);
            jacobian[t] = factorNorm.scaledRows(gram, derivative);
            if (running != null) {
                product[t] = running.logNorm();
                running.absorb(derivative);
            }
        }
        double[] inactive = Saturation.fractionPerStep(f, hs, steps, batch, h, lengths);
        double[] gradNorm = grad == null ? null : Traces.normPerTimestep(grad);
        return new DirectionProbe(layer, direction, b, gradNorm, jacobian, product, inactive);
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
