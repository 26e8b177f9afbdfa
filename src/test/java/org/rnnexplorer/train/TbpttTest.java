package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncated BPTT against PyTorch's manual loop {@code out, hn = rnn(x[s:s+k], h); loss.backward(); h = hn.detach()}
 * with an optimiser step every chunk or every two chunks, a short last chunk, MSE and cross-entropy; for nn.LSTM
 * (with and without proj_size) {@code (h, c) = (hn.detach(), cn.detach())}, for nn.GRU as for nn.RNN.
 */
class TbpttTest {

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.load("tbptt.json").get("cases").forEach(out::add);
        Fixtures.load("tbptt_gated.json").get("cases").forEach(out::add); // LSTM carries (h, c); GRU h
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chunksCarryDetachedStateLikeTorch(JsonNode c) {
        String name = c.get("name").asText();
        RnnConfig config = Fixtures.config(c.get("config"));
        Map<String, Tensor> initial = Fixtures.tensors(c.get("initial"));
        ModelStateDict.Naming naming = ModelStateDict.infer(initial.keySet());
        Model model = ModelStateDict.load(initial, config, Readout.ALL);
        Optimizer opt = Optimizers.create(c.get("optimizer").get("name").asText(),
                Fixtures.kwargs(c.get("optimizer").get("kwargs")));
        try (Network network = new Network(model, new ScalarBackend())) {
            Trainer trainer = new Trainer(network, opt, Fixtures.clipping(c.get("clip")),
                    LossKind.parse(c.get("loss").asText()), TrainerOptions.fixedBatch());
            Tbptt tbptt = new Tbptt(trainer, Fixtures.tensor(c.get("input")), Fixtures.target(c.get("target")),
                    c.get("chunk").asInt(), c.get("chunks_per_update").asInt());
            JsonNode chunks = c.get("chunks"), updates = c.get("updates");
            int chunk = 0, update = 0;
            while (tbptt.hasNext()) {
                Tbptt.ChunkResult r = tbptt.next();
                JsonNode expected = chunks.get(chunk);
                assertEquals(expected.get("start").asInt(), r.start(), name + " chunk start");
                TrainingParityTest.assertRelative(expected.get("loss").asDouble(), r.pass().loss(), name + " chunk " + chunk + " loss");
                assertTrue(Fixtures.relativeError(tbptt.hidden().data(), Fixtures.floats(expected.get("h_n"))) <= 1e-6,
                        name + " chunk " + chunk + " h_n");
                if (expected.has("c_n")) {
                    assertTrue(Fixtures.relativeError(tbptt.cell().data(), Fixtures.floats(expected.get("c_n"))) <= 1e-6,
                            name + " chunk " + chunk + " c_n");
                } else {
                    assertNull(tbptt.cell(), name + ": no cell state");
                }
                if (r.updated()) {
                    JsonNode u = updates.get(update++);
                    assertEquals(u.get("after_chunk").asInt(), chunk, name + " update after chunk");
                    int previous = update == 1 ? -1 : updates.get(update - 2).get("after_chunk").asInt();
                    assertEquals(chunk - previous, r.metrics().passes(), name + " passes per update");
                    TrainingParityTest.assertRelative(u.get("grad_norm").asDouble(), r.metrics().gradNorm(), name + " grad norm");
                    TrainingParityTest.assertRelative(u.get("clip_total").asDouble(), r.metrics().clipTotal(), name + " clip total");
                    for (ModelParameter p : model.parameters()) {
                        double err = Fixtures.relativeError(p.data(), Fixtures.floats(u.get("params").get(naming.fileName(p.name()))));
                        assertTrue(err <= 1e-6, name + " update " + update + " " + p.name() + ": error " + err);
                    }
                }
                chunk++;
            }
            assertEquals(chunks.size(), chunk, name + " chunks");
            assertEquals(updates.size(), update, name + " updates");
        }
    }

    @Test
    void needsAPredictionAtEveryStep() {
        Model model = new Model(org.rnnexplorer.engine.RnnParameters.zeros(RnnConfig.of(1, 2)), null, Readout.LAST);
        try (Network network = new Network(model, new ScalarBackend())) {
            Trainer trainer = new Trainer(network, new Sgd(Sgd.Options.of(0.1)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> new Tbptt(trainer,
                    Tensor.zeros(6, 1, 1), new Target.Values(Tensor.zeros(6, 1, 2)), 3, 1));
            assertEquals("bptt", e.field());
            assertEquals("truncated BPTT needs a target at every step; a model with readout last has one per sequence",
                    e.getMessage());
        }
    }

    @Test
    void firstChunkStartsFromZerosAndStateIsCarried() {
        Model model = new Model(org.rnnexplorer.engine.Initializers.create(RnnConfig.of(1, 2),
                org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 3), null, Readout.ALL);
        try (Network network = new Network(model, new ScalarBackend())) {
            Trainer trainer = new Trainer(network, new Sgd(Sgd.Options.of(0)), GradientClipping.none(), LossKind.MSE,
                    TrainerOptions.fixedBatch());
            Tensor stream = Tensor.of(new float[] {1, -1, 0.5f, 2, 0, 1}, 6, 1, 1);
            Tbptt tbptt = new Tbptt(trainer, stream, new Target.Values(Tensor.zeros(6, 1, 2)), 4, 1);
            assertNull(tbptt.hidden());
            tbptt.next();
            Tbptt.ChunkResult last = tbptt.next();
            assertEquals(2, last.length(), "the last chunk is what remains");
            assertFalse(tbptt.hasNext());
            // With lr 0 the chunks together equal one forward pass over the whole stream.
            Network.Forward whole = network.forward(stream, null, null, org.rnnexplorer.engine.ForwardOptions.inference());
            assertTrue(Fixtures.relativeError(tbptt.hidden().data(), whole.rnnOutput().finalHidden().data()) <= 1e-7);
        }
    }
}
