package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.DropoutMasks;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs one case on a candidate backend and on the scalar reference and compares every forward value and every
 * gradient with the project's one error measure: per tensor max|Δ| / max(1, max|reference|).
 */
public final class BackendConformance {

    /** The bound for backends against the reference. */
    public static final double TOLERANCE = 1e-4;

    private BackendConformance() {
    }

    /** Per tensor max|candidate - reference| / max(1, max|reference|). */
    public static double relativeError(float[] candidate, float[] reference) {
        if (candidate.length != reference.length) return Double.POSITIVE_INFINITY;
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
            double d = Math.abs((double) candidate[i] - reference[i]);
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
            maxDiff = Math.max(maxDiff, d);
        }
        return maxDiff / Math.max(1, maxRef);
    }

    /** Compares a candidate backend with the scalar reference on one case; fails listing every tensor out of bounds. */
    public static void assertConforms(Backend candidate, ConformanceCases.Case c) {
        RnnConfig config = c.config();
        RnnParameters params = Initializers.create(config, c.init(), c.name().hashCode());
        Random rnd = new Random(31L * c.name().hashCode() + 7);
        int h = config.hiddenSize();
        int[] inShape = c.unbatched() ? new int[] {c.steps(), config.inputSize()}
                : config.batchFirst() ? new int[] {c.batch(), c.steps(), config.inputSize()}
                : new int[] {c.steps(), c.batch(), config.inputSize()};
        Tensor input = random(rnd, inShape);
        Tensor h0 = !c.withH0() ? null : random(rnd, c.unbatched() ? new int[] {config.stateCount(), h}
                : new int[] {config.stateCount(), c.batch(), h});
        int[] lengths = c.lengths();
        float[][] masks = c.dropoutMasks() ? DropoutMasks.bernoulli(config, c.steps(), c.batch(), 99) : null;
        ForwardOptions options = ForwardOptions.evalWithTrace();
        if (masks != null) options = options.withMasks(masks);

        List<String> failures = new ArrayList<>();
        try (Rnn ref = new Rnn(params.copy(), new ScalarBackend()); Rnn cand = new Rnn(params.copy(), candidate)) {
            // Inference mode first: it must give the same output and h_n as a kept pass.
            RnnOutput candInference = cand.forward(input, h0, lengths, options.withMode(ForwardMode.INFERENCE));
            RnnOutput refOut = ref.forward(input, h0, lengths, options);
            RnnOutput candOut = cand.forward(input, h0, lengths, options);
            compare(failures, "output (inference)", candInference.output(), refOut.output());
            compare(failures, "h_n (inference)", candInference.finalHidden(), refOut.finalHidden());
            compare(failures, "output", candOut.output(), refOut.output());
            compare(failures, "h_n", candOut.finalHidden(), refOut.finalHidden());
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    String sfx = ".l" + k + (d == 1 ? "_reverse" : "");
                    compare(failures, "h" + sfx, cand.hidden(k, d), ref.hidden(k, d));
                    compare(failures, "a" + sfx, cand.preactivation(k, d), ref.preactivation(k, d));
                }
            }
            Tensor gy = random(rnd, refOut.output().shape());
            Tensor ghn = random(rnd, refOut.finalHidden().shape());
            RnnGradients rg = ref.backward(gy, ghn);
            RnnGradients cg = cand.backward(gy, ghn);
            compare(failures, "grad_input", cg.input(), rg.input());
            if (h0 != null) compare(failures, "grad_h0", cg.h0(), rg.h0());
            for (ParameterName p : params.names()) {
                compare(failures, "grad." + p.torchName(), new Tensor(p.shape(config), cg.parameters().get(p)),
                        new Tensor(p.shape(config), rg.parameters().get(p)));
            }
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    compare(failures, "grad_h.l" + k + (d == 1 ? "_reverse" : ""), cand.gradHidden(k, d), ref.gradHidden(k, d));
                }
            }
            // A second backward-free forward with other parameters: kernels must pick up parameter changes.
            Initializers.apply(cand.parameters(), Initializers.Scheme.PYTORCH_DEFAULT, 5);
            Initializers.apply(ref.parameters(), Initializers.Scheme.PYTORCH_DEFAULT, 5);
            cand.parametersChanged();
            ref.parametersChanged();
            compare(failures, "output after setParameters", cand.forward(input, h0, lengths, options).output(),
                    ref.forward(input, h0, lengths, options).output());
        }
        if (!failures.isEmpty()) fail(candidate.name() + " vs scalar on " + c.name() + ":\n  " + String.join("\n  ", failures));
    }

    private static void compare(List<String> failures, String what, Tensor cand, Tensor ref) {
        if (!java.util.Arrays.equals(cand.shape(), ref.shape())) {
            failures.add(what + ": shape " + cand.shapeString() + " vs " + ref.shapeString());
            return;
        }
        double err = relativeError(cand.data(), ref.data());
        if (!(err <= TOLERANCE)) failures.add(what + ": error " + err);
    }

    private static Tensor random(Random rnd, int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (rnd.nextDouble() * 2 - 1);
        return new Tensor(shape, d);
    }
}
