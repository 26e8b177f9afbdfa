package org.rnnexplorer.engine.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seam's contract, backend by backend: every available backend (scalar and simd always; cuda where it loads)
 * refuses each bad batch and each call out of order with the same exception and the same message, before it computes
 * anything. Before the contract was checked in one place the scalar backend refused none of the bad batches and the
 * other two worded them differently.
 */
class KernelContractTest {
    /** Two layers, bidirectional: I = 3, H = 4, D·num_layers = 4, D·H = 8. Batches are T = 5, B = 2. */
    private static final RnnConfig CONFIG = RnnConfig.of(3, 4).withNumLayers(2).withBidirectional(true);
    private static final int T = 5, B = 2;

    /** What has happened to the kernel before the bad call. */
    enum Before { NOTHING, PARAMETERS, INFERENCE_PASS, TRAINING_PASS, BACKWARD_PASS }

    record BadCall(String name, Before before, Class<? extends RuntimeException> refusal, String message,
                   Consumer<RnnKernel> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static float[] zeros(int n) {
        return new float[n];
    }

    private static SequenceBatch batch(float[] input, float[] h0, int[] lengths, float[][] masks) {
        return new SequenceBatch(T, B, input, h0, lengths, masks);
    }

    private static final float[] INPUT = zeros(T * B * 3);

    static List<BadCall> badCalls() {
        Class<IllegalArgumentException> arg = IllegalArgumentException.class;
        Class<IllegalStateException> state = IllegalStateException.class;
        Before p = Before.PARAMETERS;
        return List.of(
                new BadCall("no steps", p, arg, "expected T > 0 and B >= 0, got T=0, B=2",
                        k -> k.forward(new SequenceBatch(0, B, zeros(0), null, null, null), ForwardMode.TRAINING)),
                new BadCall("negative batch", p, arg, "expected T > 0 and B >= 0, got T=5, B=-1",
                        k -> k.forward(new SequenceBatch(T, -1, zeros(0), null, null, null), ForwardMode.TRAINING)),
                new BadCall("more elements than an array holds", p, arg,
                        "T·B·max(I, D·H) = 17179869184 elements exceeds the 2^31 - 1 an array holds",
                        k -> k.forward(new SequenceBatch(1 << 16, 1 << 15, zeros(0), null, null, null), ForwardMode.INFERENCE)),
                new BadCall("input one short", p, arg, "input holds 29 elements, expected (T, B, I) = (5, 2, 3)",
                        k -> k.forward(batch(zeros(29), null, null, null), ForwardMode.TRAINING)),
                new BadCall("no input", p, arg, "input holds no elements, expected (T, B, I) = (5, 2, 3)",
                        k -> k.forward(batch(null, null, null, null), ForwardMode.TRAINING)),
                new BadCall("h0 of one layer", p, arg, "h0 holds 16 elements, expected (D·num_layers, B, H) = (4, 2, 4)",
                        k -> k.forward(batch(INPUT, zeros(16), null, null), ForwardMode.TRAINING)),
                new BadCall("one length for two sequences", p, arg, "lengths holds 1 entries, expected B = 2",
                        k -> k.forward(batch(INPUT, null, new int[] {5}, null), ForwardMode.TRAINING)),
                new BadCall("a length past T", p, arg, "length 6 is outside [1, 5]",
                        k -> k.forward(batch(INPUT, null, new int[] {5, 6}, null), ForwardMode.TRAINING)),
                new BadCall("an empty sequence", p, arg, "length 0 is outside [1, 5]",
                        k -> k.forward(batch(INPUT, null, new int[] {0, 5}, null), ForwardMode.TRAINING)),
                new BadCall("a dropout mask per layer", p, arg, "expected 1 dropout masks (num_layers - 1), got 2",
                        k -> k.forward(batch(INPUT, null, null, new float[][] {zeros(80), zeros(80)}), ForwardMode.TRAINING)),
                new BadCall("a dropout mask of one direction", p, arg,
                        "dropout mask holds 40 elements, expected (T, B, D·H) = (5, 2, 8)",
                        k -> k.forward(batch(INPUT, null, null, new float[][] {zeros(40)}), ForwardMode.TRAINING)),
                new BadCall("no mode", p, arg, "forward needs a mode (INFERENCE, TRAINING or TRACE)",
                        k -> k.forward(batch(INPUT, null, null, null), null)),
                new BadCall("parameters of another shape", Before.NOTHING, arg, "parameters are for "
                        + CONFIG.withHiddenSize(5).torchRepr() + ", this kernel runs " + CONFIG.torchRepr(),
                        k -> k.setParameters(RnnParameters.zeros(CONFIG.withHiddenSize(5)))),
                new BadCall("forward before parameters", Before.NOTHING, state, "setParameters has not been called",
                        k -> k.forward(batch(INPUT, null, null, null), ForwardMode.TRAINING)),
                new BadCall("read before forward", p, state, "no forward pass has run", k -> k.readOutput(zeros(T * B * 8))),
                new BadCall("backward after inference", Before.INFERENCE_PASS, state,
                        "this needs a TRAINING or TRACE forward pass, not INFERENCE", k -> k.backward(null, null)),
                new BadCall("hidden states after inference", Before.INFERENCE_PASS, state,
                        "this needs a TRAINING or TRACE forward pass, not INFERENCE", k -> k.readHidden(0, 0, zeros(T * B * 4))),
                new BadCall("pre-activations without a trace", Before.TRAINING_PASS, state,
                        "pre-activations need a TRACE forward pass", k -> k.readPreactivation(0, 0, zeros(T * B * 4))),
                new BadCall("gradients before backward", Before.TRAINING_PASS, state, "no backward pass has run",
                        k -> k.readGradInput(zeros(T * B * 3))),
                new BadCall("upstream gradient of one direction", Before.TRAINING_PASS, arg,
                        "gradOutput holds 40 elements, expected (T, B, D·H) = (5, 2, 8)", k -> k.backward(zeros(40), null)),
                new BadCall("upstream h_n gradient of one layer", Before.TRAINING_PASS, arg,
                        "gradHn holds 16 elements, expected (D·num_layers, B, H) = (4, 2, 4)", k -> k.backward(null, zeros(16))),
                new BadCall("output into a short array", Before.INFERENCE_PASS, arg,
                        "destination holds 79 elements, expected (T, B, D·H) = (5, 2, 8)", k -> k.readOutput(zeros(79))),
                new BadCall("h_n into a short array", Before.INFERENCE_PASS, arg,
                        "destination holds 8 elements, expected (D·num_layers, B, H) = (4, 2, 4)", k -> k.readFinalHidden(zeros(8))),
                new BadCall("a third layer", Before.TRAINING_PASS, arg, "no layer 2 direction 0 in " + CONFIG.torchRepr(),
                        k -> k.readHidden(2, 0, zeros(T * B * 4))),
                new BadCall("a third direction", Before.BACKWARD_PASS, arg, "no layer 0 direction 2 in " + CONFIG.torchRepr(),
                        k -> k.readGradHidden(0, 2, zeros(T * B * 4))),
                new BadCall("h0 gradient into a short array", Before.BACKWARD_PASS, arg,
                        "destination holds 1 elements, expected (D·num_layers, B, H) = (4, 2, 4)", k -> k.readGradH0(zeros(1))),
                new BadCall("gradients of another shape", Before.BACKWARD_PASS, arg, "parameter gradients are for "
                        + CONFIG.withBias(false).torchRepr() + ", this kernel runs " + CONFIG.torchRepr(),
                        k -> k.readParameterGradients(RnnParameters.zeros(CONFIG.withBias(false)))),
                new BadCall("use after close", Before.TRAINING_PASS, state, "the kernel is closed", k -> {
                    k.close();
                    k.readOutput(zeros(T * B * 8));
                }));
    }

    /** Every available backend: scalar and simd must be (surefire adds the Vector API module), cuda where it loads. */
    static List<Backend> backends() {
        List<Backend> out = new ArrayList<>();
        for (Backends.Entry e : Backends.all()) if (e.availability().available()) out.add(e.backend());
        return out;
    }

    static List<Arguments> backendsTimesBadCalls() {
        List<Arguments> args = new ArrayList<>();
        for (Backend b : backends()) for (BadCall c : badCalls()) args.add(Arguments.of(b.name(), c));
        return args;
    }

    @Test
    void theCpuBackendsAreAmongThoseChecked() {
        List<String> names = backends().stream().map(Backend::name).toList();
        assertTrue(names.containsAll(List.of("scalar", "simd")), names.toString());
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("backendsTimesBadCalls")
    void everyBackendRefusesTheBadCallWithTheSameMessage(String backendName, BadCall bad) {
        try (RnnKernel kernel = Backends.select(backendName).createKernel(CONFIG)) {
            prepare(kernel, bad.before());
            RuntimeException e = assertThrows(bad.refusal(), () -> bad.call().accept(kernel));
            assertEquals(bad.message(), e.getMessage());
        }
    }

    /** A refused forward pass computes nothing: the pass before it is still the one that reads return. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRefusedBatchLeavesTheLastPassReadable(Backend backend) {
        try (RnnKernel kernel = backend.createKernel(CONFIG)) {
            prepare(kernel, Before.TRAINING_PASS);
            float[] before = new float[T * B * 8];
            kernel.readOutput(before);
            assertThrows(IllegalArgumentException.class,
                    () -> kernel.forward(batch(INPUT, null, new int[] {5, 6}, null), ForwardMode.TRAINING));
            float[] after = new float[T * B * 8];
            kernel.readOutput(after);
            assertArrayEquals(before, after);
        }
    }

    private static void prepare(RnnKernel kernel, Before before) {
        if (before == Before.NOTHING) return;
        kernel.setParameters(Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 7));
        if (before == Before.PARAMETERS) return;
        float[] input = new float[T * B * 3];
        for (int i = 0; i < input.length; i++) input[i] = (float) Math.sin(i);
        kernel.forward(batch(input, null, new int[] {5, 3}, null),
                before == Before.INFERENCE_PASS ? ForwardMode.INFERENCE : ForwardMode.TRAINING);
        if (before == Before.BACKWARD_PASS) kernel.backward(null, null);
    }
}
