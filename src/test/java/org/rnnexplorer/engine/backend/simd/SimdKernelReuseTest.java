package org.rnnexplorer.engine.backend.simd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.BackendConformance;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One simd kernel driven through shapes that grow, shrink and change lengths, modes and threads: its buffers are
 * reused across calls, so every call is compared with a fresh scalar reference.
 */
class SimdKernelReuseTest {
    private static final RnnConfig CONFIG = new RnnConfig(11, 70, 2, Nonlinearity.TANH, true, false, 0, true);

    /** nn.RNN and the same shape as nn.LSTM and nn.GRU (the gated kernel reuses its buffers too). */
    static List<RnnConfig> configs() {
        return List.of(CONFIG, new RnnConfig(CellMode.LSTM, 11, 70, 2, true, false, 0, true, 0),
                new RnnConfig(CellMode.GRU, 11, 70, 2, true, false, 0, true, 0));
    }

    private record Shape(int steps, int batch, int[] lengths, boolean withH0) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void oneKernelGivesReferenceResultsAcrossChangingBatchSizesLengthsAndModes(RnnConfig config) {
        RnnParameters params = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        List<Shape> shapes = List.of(
                new Shape(7, 5, null, true),
                new Shape(3, 2, null, false),                        // smaller: stale rows must not leak in
                new Shape(12, 9, new int[] {12, 3, 12, 1, 7, 12, 2, 11, 5}, true),   // larger, variable lengths
                new Shape(7, 5, new int[] {7, 7, 7, 7, 7}, false),   // back to the first size, full lengths
                new Shape(4, 6, new int[] {4, 1, 2, 3, 4, 1}, true));
        Random rnd = new Random(17);
        List<String> failures = new ArrayList<>();
        try (Rnn simd = new Rnn(params.copy(), new SimdBackend())) {
            for (Shape s : shapes) {
                Tensor x = random(rnd, s.steps(), s.batch(), config.inputSize());
                Tensor h0 = s.withH0() ? random(rnd, config.stateCount(), s.batch(), config.outputHiddenSize()) : null;
                String at = "T=" + s.steps() + " B=" + s.batch() + (s.lengths() != null ? " lengths" : "") + ": ";
                // An inference pass first, so the kept buffers of the previous shape are stale when TRACE runs.
                RnnOutput inference = simd.forward(x, h0, s.lengths(), ForwardOptions.evalWithTrace().withMode(ForwardMode.INFERENCE));
                try (Rnn ref = new Rnn(params.copy(), new ScalarBackend())) {
                    RnnOutput r = ref.forward(x, h0, s.lengths(), ForwardOptions.evalWithTrace());
                    RnnOutput c = simd.forward(x, h0, s.lengths(), ForwardOptions.evalWithTrace());
                    check(failures, at + "output (inference)", inference.output(), r.output());
                    check(failures, at + "output", c.output(), r.output());
                    check(failures, at + "h_n", c.finalHidden(), r.finalHidden());
                    if (config.mode() == CellMode.LSTM) check(failures, at + "c_n", c.finalCell(), r.finalCell());
                    for (int k = 0; k < config.numLayers(); k++) {
                        for (int d = 0; d < config.numDirections(); d++) {
                            String ld = " l" + k + "d" + d;
                            check(failures, at + "h" + ld, simd.hidden(k, d), ref.hidden(k, d));
                            if (!config.isGated()) {
                                check(failures, at + "a" + ld, simd.preactivation(k, d), ref.preactivation(k, d));
                            }
                            for (int g = 0; config.isGated() && g < config.mode().gateCount(); g++) {
                                check(failures, at + "gate " + g + ld, simd.gate(k, d, g), ref.gate(k, d, g));
                            }
                            if (config.mode() == CellMode.LSTM) check(failures, at + "c" + ld, simd.cell(k, d), ref.cell(k, d));
                        }
                    }
                    Tensor gy = random(rnd, r.output().shape());
                    Tensor ghn = random(rnd, r.finalHidden().shape());
                    RnnGradients rg = ref.backward(gy, ghn);
                    RnnGradients cg = simd.backward(gy, ghn);
                    check(failures, at + "grad_input", cg.input(), rg.input());
                    check(failures, at + "grad_h0", simd.gradInitialHidden(), ref.gradInitialHidden());
                    for (ParameterName p : params.names()) {
                        check(failures, at + "grad." + p.torchName(), tensor(config, p, cg.parameters()), tensor(config, p, rg.parameters()));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void forwardAndBackwardMayRunOnDifferentThreads() throws Exception {
        RnnParameters params = Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        Random rnd = new Random(23);
        Tensor x = random(rnd, 9, 4, CONFIG.inputSize());
        Tensor gy = random(rnd, 9, 4, CONFIG.outputSize());
        try (Rnn simd = new Rnn(params.copy(), new SimdBackend()); Rnn ref = new Rnn(params.copy(), new ScalarBackend())) {
            AtomicReference<RnnOutput> out = new AtomicReference<>();
            Thread f = new Thread(() -> out.set(simd.forward(x, null, null, ForwardOptions.evalWithTrace())));
            f.start();
            f.join();
            AtomicReference<RnnGradients> grads = new AtomicReference<>();
            Thread b = new Thread(() -> grads.set(simd.backward(gy, null)));
            b.start();
            b.join();
            RnnOutput r = ref.forward(x, null, null, ForwardOptions.evalWithTrace());
            RnnGradients rg = ref.backward(gy, null);
            List<String> failures = new ArrayList<>();
            check(failures, "output", out.get().output(), r.output());
            check(failures, "grad_input", grads.get().input(), rg.input());
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    @Test
    void backwardAfterAnInferencePassIsRefused() {
        RnnParameters params = Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        try (var kernel = new SimdBackend().createKernel(CONFIG)) {
            kernel.setParameters(params);
            float[] x = new float[3 * 2 * CONFIG.inputSize()];
            kernel.forward(new org.rnnexplorer.engine.SequenceBatch(3, 2, x, null, null, null), ForwardMode.INFERENCE);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.backward(null, null));
            assertEquals("this needs a TRAINING or TRACE forward pass, not INFERENCE", e.getMessage());
        }
    }

    private static void check(List<String> failures, String what, Tensor cand, Tensor ref) {
        double err = BackendConformance.relativeError(cand.data(), ref.data());
        if (!java.util.Arrays.equals(cand.shape(), ref.shape()) || !(err <= BackendConformance.TOLERANCE)) {
            failures.add(what + ": error " + err + " shape " + cand.shapeString() + " vs " + ref.shapeString());
        }
    }

    private static Tensor tensor(RnnConfig config, ParameterName p, RnnParameters grads) {
        return new Tensor(p.shape(config), grads.get(p));
    }

    private static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (rnd.nextDouble() * 2 - 1);
        return new Tensor(shape, d);
    }
}
