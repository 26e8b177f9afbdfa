package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.DropoutMasks;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Runs one {@link ConformanceCases.Case} on a candidate backend and on the scalar reference and measures every
 * forward value and every gradient with the project's one error measure: per tensor
 * max|candidate - reference| / max(1, max|reference|), bounded by {@link #TOLERANCE}. Used by the conformance tests
 * and by {@code rnnx selftest}, which must run without JUnit.
 */
public final class Conformance {

    /** The bound for backends against the reference. */
    public static final double TOLERANCE = 1e-4;

    private Conformance() {
    }

    /** One compared tensor: its name (e.g. {@code grad.weight_hh_l0}), error, and a shape mismatch if any. */
    public record TensorError(String tensor, double error, String mismatch) {
        public boolean passes() {
            return mismatch == null && error <= TOLERANCE;
        }

        @Override
        public String toString() {
            return tensor + ": " + (mismatch != null ? mismatch : String.format(Locale.ROOT, "error %.3g", error));
        }
    }

    /**
     * The outcome of one case.
     *
     * @param caseName          the case
     * @param tensors           every compared tensor, in comparison order
     * @param kernelDescription how the candidate computed it ({@link RnnKernel#describe()}), or empty
     */
    public record Result(String caseName, List<TensorError> tensors, String kernelDescription) {
        public boolean passed() {
            return tensors.stream().allMatch(TensorError::passes);
        }

        public List<TensorError> failures() {
            return tensors.stream().filter(t -> !t.passes()).toList();
        }

        /** The tensor with the largest error (a mismatch counts as infinite). */
        public TensorError worst() {
            return tensors.stream().max(Comparator.comparingDouble(t -> t.mismatch() != null ? Double.POSITIVE_INFINITY
                    : Double.isNaN(t.error()) ? Double.POSITIVE_INFINITY : t.error())).orElse(null);
        }
    }

    /** Per tensor max|candidate - reference| / max(1, max|reference|); infinite for a length mismatch or NaN. */
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

    /**
     * Compares a candidate backend with the scalar reference on one case: inference and traced forward passes,
     * hidden states and pre-activations (LSTM and GRU: cell states and gates) of every layer and direction, every
     * gradient (LSTM: with c0 and an upstream gradient on c_n), and a forward pass after
     * the parameters changed (kernels must pick up new parameters).
     */
    public static Result check(Backend candidate, ConformanceCases.Case c) {
        Backend reference = Backends.select("scalar");
        RnnConfig config = c.config();
        RnnParameters params = Initializers.create(config, c.init(), c.name().hashCode());
        Random rnd = new Random(31L * c.name().hashCode() + 7);
        int h = config.hiddenSize();
        int[] inShape = c.unbatched() ? new int[] {c.steps(), config.inputSize()}
                : config.batchFirst() ? new int[] {c.batch(), c.steps(), config.inputSize()}
                : new int[] {c.steps(), c.batch(), config.inputSize()};
        Tensor input = random(rnd, inShape);
        int hOut = config.outputHiddenSize();
        boolean lstm = config.mode() == CellMode.LSTM;
        Tensor h0 = !c.withH0() ? null : random(rnd, c.unbatched() ? new int[] {config.stateCount(), hOut}
                : new int[] {config.stateCount(), c.batch(), hOut});
        Tensor c0 = !c.withH0() || !lstm ? null : random(rnd, c.unbatched() ? new int[] {config.stateCount(), h}
                : new int[] {config.stateCount(), c.batch(), h});
        int[] lengths = c.lengths();
        float[][] masks = c.dropoutMasks() ? DropoutMasks.bernoulli(config, c.steps(), c.batch(), 99) : null;
        ForwardOptions options = ForwardOptions.evalWithTrace();
        if (masks != null) options = options.withMasks(masks);

        List<TensorError> errors = new ArrayList<>();
        String description = "";
        try (Rnn ref = new Rnn(params.copy(), reference); Rnn cand = new Rnn(params.copy(), candidate)) {
            // Inference mode first: it must give the same output and h_n as a kept pass.
            RnnOutput candInference = cand.forward(input, h0, c0, lengths, options.withMode(ForwardMode.INFERENCE));
            RnnOutput refOut = ref.forward(input, h0, c0, lengths, options);
            RnnOutput candOut = cand.forward(input, h0, c0, lengths, options);
            compare(errors, "output (inference)", candInference.output(), refOut.output());
            compare(errors, "h_n (inference)", candInference.finalHidden(), refOut.finalHidden());
            compare(errors, "output", candOut.output(), refOut.output());
            compare(errors, "h_n", candOut.finalHidden(), refOut.finalHidden());
            if (lstm) {
                compare(errors, "c_n (inference)", candInference.finalCell(), refOut.finalCell());
                compare(errors, "c_n", candOut.finalCell(), refOut.finalCell());
            }
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    String sfx = "." + ModelShape.directionLabel(k, d);
                    compare(errors, "h" + sfx, cand.hidden(k, d), ref.hidden(k, d));
                    if (!config.isGated()) compare(errors, "a" + sfx, cand.preactivation(k, d), ref.preactivation(k, d));
                    if (lstm) compare(errors, "c" + sfx, cand.cell(k, d), ref.cell(k, d));
                    for (int g = 0; g < config.mode().gateCount() && config.isGated(); g++) {
                        compare(errors, "gate_" + config.mode().gateNames().get(g) + sfx, cand.gate(k, d, g), ref.gate(k, d, g));
                    }
                }
            }
            Tensor gy = random(rnd, refOut.output().shape());
            Tensor ghn = random(rnd, refOut.finalHidden().shape());
            Tensor gcn = lstm ? random(rnd, refOut.finalCell().shape()) : null;
            RnnGradients rg = ref.backward(gy, ghn, gcn);
            RnnGradients cg = cand.backward(gy, ghn, gcn);
            compare(errors, "grad_input", cg.input(), rg.input());
            if (h0 != null) compare(errors, "grad_h0", cg.h0(), rg.h0());
            if (c0 != null) compare(errors, "grad_c0", cg.c0(), rg.c0());
            for (ParameterName p : params.names()) {
                compare(errors, "grad." + p.torchName(), new Tensor(p.shape(config), cg.parameters().get(p)),
                        new Tensor(p.shape(config), rg.parameters().get(p)));
            }
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    compare(errors, "grad_h." + ModelShape.directionLabel(k, d), cand.gradHidden(k, d), ref.gradHidden(k, d));
                    if (lstm) {
                        compare(errors, "grad_c." + ModelShape.directionLabel(k, d), cand.gradCell(k, d), ref.gradCell(k, d));
                    }
                }
            }
            description = cand.kernel().describe();
            // A second forward with other parameters: kernels must pick up parameter changes.
            Initializers.apply(cand.parameters(), Initializers.Scheme.PYTORCH_DEFAULT, 5);
            Initializers.apply(ref.parameters(), Initializers.Scheme.PYTORCH_DEFAULT, 5);
            cand.parametersChanged();
            ref.parametersChanged();
            compare(errors, "output after setParameters", cand.forward(input, h0, c0, lengths, options).output(),
                    ref.forward(input, h0, c0, lengths, options).output());
        }
        return new Result(c.name(), errors, description);
    }

    private static void compare(List<TensorError> errors, String what, Tensor cand, Tensor ref) {
        if (!Arrays.equals(cand.shape(), ref.shape())) {
            errors.add(new TensorError(what, Double.POSITIVE_INFINITY, "shape " + cand.shapeString() + " vs " + ref.shapeString()));
            return;
        }
        errors.add(new TensorError(what, relativeError(cand.data(), ref.data()), null));
    }

    private static Tensor random(Random rnd, int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (rnd.nextDouble() * 2 - 1);
        return new Tensor(shape, d);
    }
}
