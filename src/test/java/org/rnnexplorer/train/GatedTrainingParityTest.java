package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;
import org.rnnexplorer.engine.backend.simd.SimdBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole training steps of nn.LSTM (plain, proj_size 2 and 3, two layers, bidirectional batch-first, lengths, no bias)
 * and nn.GRU (plain, two-layer bidirectional with lengths, unbatched) against torch 1.13.1
 * ({@code training_gated.json}, make_train_fixtures.py): every optimiser configuration of the RNN's fixtures, each
 * family meeting every clipping mode, 6 steps each: the loss before each update, the gradient norm before
 * clipping, what clipping did, and every parameter after each update.
 *
 * <p>On scalar (float64 inside, as for the RNN: {@link TrainingParityTest}'s 1e-6) and on simd, which computes in
 * float32 as torch does but in another order; its bound is that of the gated gradient fixtures (1e-4 on gradients),
 * tightened to 1e-5 here because six small steps move parameters by far less than a gradient's error.
 */
class GatedTrainingParityTest {
    static final double SCALAR_TOLERANCE = TrainingParityTest.TOLERANCE;
    static final double SIMD_TOLERANCE = 1e-5;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("training_gated.json").get("cases")) {
            out.add(Arguments.of("scalar", c.get("name").asText(), c));
            out.add(Arguments.of("simd", c.get("name").asText(), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void stepsMatchTorch(String backendName, String name, JsonNode c) {
        Backend backend = backendName.equals("scalar") ? new ScalarBackend() : new SimdBackend();
        double tolerance = backendName.equals("scalar") ? SCALAR_TOLERANCE : SIMD_TOLERANCE;
        RnnConfig config = Fixtures.config(c.get("config"));
        assertTrue(config.isGated(), name + " is a gated case");
        Map<String, Tensor> initial = Fixtures.tensors(c.get("initial"));
        ModelStateDict.Naming naming = ModelStateDict.infer(initial.keySet());
        Model model = ModelStateDict.load(initial, config, Readout.parse(c.get("readout").asText()));
        assertEquals(initial.size(), model.parameters().size(), name + ": every tensor of the state_dict is trained");
        Optimizer opt = Optimizers.create(c.get("optimizer").get("name").asText(),
                Fixtures.kwargs(c.get("optimizer").get("kwargs")));
        GradientClipping clipping = Fixtures.clipping(c.get("clip"));
        Tensor input = Fixtures.tensor(c.get("input"));
        Target target = Fixtures.target(c.get("target"));
        int[] lengths = c.get("lengths").isNull() ? null : Fixtures.ints(c.get("lengths"));
        try (Network network = new Network(model, backend)) {
            Trainer trainer = new Trainer(network, opt, clipping, LossKind.parse(c.get("loss").asText()),
                    TrainerOptions.fixedBatch());
            int step = 0;
            for (JsonNode s : c.get("steps")) {
                step++;
                StepMetrics m = trainer.step(input, null, lengths, target);
                String at = backendName + " " + name + " step " + step;
                assertRelative(s.get("loss").asDouble(), m.loss(), tolerance, at + " loss");
                assertRelative(s.get("grad_norm").asDouble(), m.gradNorm(), tolerance, at + " grad norm");
                if (!s.get("clip_total").isNull()) {
                    assertRelative(s.get("clip_total").asDouble(), m.clipTotal(), tolerance, at + " clip total");
                }
                assertEquals(s.get("clipped").asBoolean(), m.clipped(), at + " clipped");
                for (ModelParameter p : model.parameters()) {
                    float[] expected = Fixtures.floats(s.get("params").get(naming.fileName(p.name())));
                    double err = Fixtures.relativeError(p.data(), expected);
                    assertTrue(err <= tolerance, at + " " + p.name() + ": error " + err);
                }
                assertEquals(null, m.nonFinite(), at);
            }
        }
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double err = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
        assertTrue(err <= tolerance, what + ": expected " + expected + ", got " + actual + " (error " + err + ")");
    }
}
