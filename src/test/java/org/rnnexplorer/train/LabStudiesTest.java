package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed article's pitfalls 1 and 3 computed by the engine, against PyTorch (make_lab_fixtures.py). */
class LabStudiesTest {

    private static RnnParameters weights(JsonNode fixture, boolean batchFirst) {
        JsonNode c = fixture.get("config");
        CellMode mode = c.has("mode") ? CellMode.parse(c.get("mode").asText())
                : CellMode.of(Nonlinearity.parse(c.get("nonlinearity").asText()));
        RnnConfig config = new RnnConfig(mode, c.get("input_size").asInt(), c.get("hidden_size").asInt(),
                c.get("num_layers").asInt(), true, batchFirst, 0, false, c.path("proj_size").asInt(0));
        RnnParameters p = RnnParameters.zeros(config);
        for (Map.Entry<String, Tensor> e : Fixtures.tensors(fixture.get("weights")).entrySet()) {
            float[] dst = p.get(e.getKey());
            System.arraycopy(e.getValue().data(), 0, dst, 0, dst.length);
        }
        return p;
    }

    /** PyTorch's (K·T, layers, N, H) per-step gradients as one (K·T, N, H) tensor for a layer. */
    private static float[] layer(Tensor perStep, int layer) {
        int steps = perStep.dim(0), layers = perStep.dim(1), per = perStep.dim(2) * perStep.dim(3);
        float[] out = new float[steps * per];
        for (int t = 0; t < steps; t++) System.arraycopy(perStep.data(), (t * layers + layer) * per, out, t * per, per);
        return out;
    }

    /** detach_lstm.json: a 2-layer LSTM with proj_size, carrying (h, c) and detaching both (its c was not carried). */
    @ParameterizedTest
    @ValueSource(strings = {"detach.json", "detach_lstm.json"})
    void withoutDetachTheGradientReachesEveryChunkAsPyTorchComputesIt(String fixture) {
        JsonNode f = Fixtures.load(fixture);
        DetachStudy.Result r = DetachStudy.compute(weights(f, false), Fixtures.tensor(f.get("stream")),
                f.get("chunk").asInt(), Backends.select("scalar"));
        JsonNode without = f.get("without_detach");
        Tensor expected = Fixtures.tensor(without.get("grad_hidden"));
        for (int k = 0; k < 2; k++) {
            double err = Fixtures.relativeError(r.gradHiddenWithout()[k].data(), layer(expected, k));
            assertTrue(err < 1e-5, "layer " + k + " dL/dh_t without detach, error " + err);
        }
        for (var e : Fixtures.tensors(without.get("grad_parameters")).entrySet()) {
            double err = Fixtures.relativeError(r.gradientsWithout().get(e.getKey()), e.getValue().data());
            assertTrue(err < 1e-5, e.getKey() + " gradient without detach, error " + err);
        }
        assertEquals(Fixtures.f(without.get("loss")), r.loss(), 1e-6);
        assertEquals(0, r.earliestReachedWithout(), "the first step of the first chunk still gets a gradient");
        assertTrue(r.gradNormWithout()[0] > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"detach.json", "detach_lstm.json"})
    void withDetachTheGradientStopsAtTheLastChunkAsPyTorchComputesIt(String fixture) {
        JsonNode f = Fixtures.load(fixture);
        int chunk = f.get("chunk").asInt(), chunks = f.get("chunks").asInt();
        DetachStudy.Result r = DetachStudy.compute(weights(f, false), Fixtures.tensor(f.get("stream")), chunk,
                Backends.select("scalar"));
        JsonNode with = f.get("with_detach");
        Tensor expected = Fixtures.tensor(with.get("grad_hidden"));
        int lastStart = (chunks - 1) * chunk;
        for (int k = 0; k < 2; k++) {
            float[] ours = r.gradHiddenWith()[k].data();
            int per = ours.length / (chunks * chunk);
            for (int i = 0; i < lastStart * per; i++) assertEquals(0f, ours[i], "before chunk k the gradient is exactly 0");
            double err = Fixtures.relativeError(ours, layer(expected, k));
            assertTrue(err < 1e-5, "layer " + k + " dL/dh_t with detach, error " + err);
            // Within the last chunk both cases see the same values and the same future: equal gradients.
            float[] without = r.gradHiddenWithout()[k].data();
            for (int i = lastStart * per; i < ours.length; i++) assertEquals(without[i], ours[i], 1e-6f);
        }
        for (var e : Fixtures.tensors(with.get("grad_parameters")).entrySet()) {
            double err = Fixtures.relativeError(r.gradientsWith().get(e.getKey()), e.getValue().data());
            assertTrue(err < 1e-5, e.getKey() + " gradient with detach, error " + err);
        }
        assertEquals(lastStart, r.earliestReachedWith());
        assertTrue(r.gradNormWithout()[lastStart - 1] > 0 && r.gradNormWith()[lastStart - 1] == 0);
    }

    @Test
    void activationMemoryGrowsWithTheNumberOfCarriedChunks() {
        // 25 steps × 8 sequences × 64 units × 4 bytes × 2 layers = 102,400 bytes per chunk.
        RnnConfig twoLayers = new RnnConfig(3, 64, 2, Nonlinearity.TANH, true, false, 0, false);
        assertEquals(102_400, DetachStudy.activationBytes(twoLayers, 25, 8));
        assertEquals(307_200, DetachStudy.activationBytes(twoLayers, 3 * 25, 8));
        assertEquals(204_800, DetachStudy.activationBytes(twoLayers.withBidirectional(true), 25, 8));
        RnnConfig small = new RnnConfig(2, 6, 1, Nonlinearity.TANH, true, false, 0, false);
        RnnParameters p = org.rnnexplorer.engine.Initializers.create(small,
                org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 1);
        DetachStudy.Result r = DetachStudy.compute(p, Tensor.zeros(4 * 10, 3, 2), 10, Backends.select("scalar"));
        assertEquals(4 * 10 * 3 * 6 * 4, r.bytesWithout());
        assertEquals(10 * 3 * 6 * 4, r.bytesWith());
        // An LSTM keeps c_t (H) beside h_t (proj_size when it projects): 25 × 8 × (3 + 5) × 4 bytes per layer.
        RnnConfig lstm = new RnnConfig(CellMode.LSTM, 3, 5, 1, true, false, 0, false, 3);
        assertEquals(25 * 8 * (3 + 5) * 4, DetachStudy.activationBytes(lstm, 25, 8));
    }

    @Test
    void aBidirectionalRnnCannotCarryItsStateForward() {
        RnnConfig bi = new RnnConfig(2, 3, 1, Nonlinearity.TANH, true, false, 0, true);
        assertThrows(IllegalArgumentException.class, () -> DetachStudy.compute(RnnParameters.zeros(bi),
                Tensor.zeros(6, 1, 2), 3, Backends.select("scalar")));
    }

    @Test
    void batchFirstDataInATimeFirstRnnGivesTheSameShapeAndPyTorchsWrongValues() {
        JsonNode f = Fixtures.load("batch_first.json");
        Tensor x = Fixtures.tensor(f.get("input"));
        BatchFirstStudy.Result r = BatchFirstStudy.compute(weights(f, false), x, Backends.select("scalar"));
        Tensor wrong = Fixtures.tensor(f.get("output_batch_first_false"));
        Tensor right = Fixtures.tensor(f.get("output_batch_first_true"));
        assertArrayEquals(wrong.shape(), r.wrong().shape(), "PyTorch raises nothing: the shapes fit");
        assertArrayEquals(right.shape(), r.right().shape());
        assertTrue(Fixtures.relativeError(r.wrong().data(), wrong.data()) < 1e-5);
        assertTrue(Fixtures.relativeError(r.right().data(), right.data()) < 1e-5);
        double max = 0;
        for (int i = 0; i < wrong.size(); i++) max = Math.max(max, Math.abs(wrong.data()[i] - right.data()[i]));
        assertEquals(max, r.maxAbsDifference(), 1e-5);
        assertTrue(r.maxAbsDifference() > 0.1, "the values are silently different");
        // Step 0 of sequence 0 has seen the same single input either way.
        int width = r.wrong().dim(2);
        for (int j = 0; j < width; j++) assertEquals(0f, r.difference().data()[j], 1e-6f);
    }
}
