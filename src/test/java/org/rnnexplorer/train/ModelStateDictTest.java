package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading and writing a model as a state_dict under the names the file used. */
class ModelStateDictTest {

    static Map<String, Tensor> stateDict(RnnConfig config, String rnnPrefix, String headPrefix, int outputs) {
        Model m = new Model(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1),
                headPrefix == null ? null : Linear.pytorchDefault(config.outputSize(), outputs, 2), Readout.ALL);
        return ModelStateDict.export(m, new ModelStateDict.Naming(rnnPrefix, headPrefix));
    }

    @Test
    void namesFollowTheFile() {
        RnnConfig c = RnnConfig.of(3, 4);
        assertEquals(new ModelStateDict.Naming("", null), ModelStateDict.infer(stateDict(c, "", null, 0).keySet()));
        assertEquals(new ModelStateDict.Naming("", "head."), ModelStateDict.infer(stateDict(c, "", "head.", 2).keySet()));
        assertEquals(new ModelStateDict.Naming("rnn.", "head."), ModelStateDict.infer(stateDict(c, "rnn.", "head.", 2).keySet()));
        assertEquals(new ModelStateDict.Naming("model.rnn.", "fc."),
                ModelStateDict.infer(stateDict(c, "model.rnn.", "fc.", 2).keySet()));
    }

    @Test
    void orderIsModelParametersOrder() {
        RnnConfig c = RnnConfig.of(3, 4).withNumLayers(2);
        List<String> keys = new ArrayList<>(stateDict(c, "rnn.", "head.", 2).keySet());
        assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "head.weight", "head.bias"), keys);
    }

    @Test
    void configComesFromNamesAndShapes() {
        RnnConfig c = new RnnConfig(5, 7, 2, Nonlinearity.TANH, false, false, 0, true);
        RnnConfig inferred = ModelStateDict.inferConfig(stateDict(c, "rnn.", "head.", 3), Nonlinearity.RELU, true, 0.25);
        assertEquals(new RnnConfig(5, 7, 2, Nonlinearity.RELU, false, true, 0.25, true), inferred);
    }

    @Test
    void loadRoundTripsUnderTheOriginalNames() {
        RnnConfig c = RnnConfig.of(3, 4).withBidirectional(true);
        Map<String, Tensor> sd = stateDict(c, "rnn.", "head.", 2);
        Model m = ModelStateDict.load(sd, c, Readout.LAST);
        assertEquals(2, m.outputSize());
        Map<String, Tensor> back = ModelStateDict.export(m, ModelStateDict.infer(sd.keySet()));
        assertEquals(new ArrayList<>(sd.keySet()), new ArrayList<>(back.keySet()));
        for (String k : sd.keySet()) assertArrayEquals(sd.get(k).data(), back.get(k).data(), k);
        // A copy, not the caller's arrays.
        sd.get("head.bias").data()[0] = 42;
        assertEquals(false, m.head().bias()[0] == 42);
    }

    @Test
    void missingAndUnexpectedKeysReadLikeLoadStateDict() {
        RnnConfig c = RnnConfig.of(3, 4);
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict(c, "", null, 0));
        sd.remove("bias_hh_l0");
        TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> ModelStateDict.load(sd, c, Readout.ALL));
        assertEquals("Error(s) in loading state_dict for RNN(3, 4): Missing key(s) in state_dict: \"bias_hh_l0\".",
                e.getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(stateDict(c, "", null, 0));
        extra.put("weight_ih_l1", Tensor.zeros(4, 4));
        e = assertThrows(TrainingConfigException.class, () -> ModelStateDict.load(extra, c, Readout.ALL));
        assertEquals("Error(s) in loading state_dict for RNN(3, 4): Unexpected key(s) in state_dict: \"weight_ih_l1\".",
                e.getMessage());
    }

    @Test
    void wrongShapeReadsLikeLoadStateDict() {
        RnnConfig c = RnnConfig.of(3, 4);
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict(c, "rnn.", null, 0));
        sd.put("rnn.weight_hh_l0", Tensor.zeros(4, 3));
        TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> ModelStateDict.load(sd, c, Readout.ALL));
        assertEquals("size mismatch for rnn.weight_hh_l0: copying a param with shape torch.Size([4, 3]) from checkpoint, "
                + "the shape in current model is torch.Size([4, 4]).", e.getMessage());
    }

    @Test
    void keysThatAreNeitherRnnNorHeadAreRejected() {
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict(RnnConfig.of(3, 4), "rnn.", "head.", 2));
        sd.put("embedding.weight", Tensor.zeros(2, 2));
        TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> ModelStateDict.infer(sd.keySet()));
        assertEquals("Unexpected key(s) in state_dict: \"embedding.weight\". Expected the RNN's parameters and at most one "
                + "linear head (head.weight, head.bias).", e.getMessage());
        // A whole model's checkpoint: the message quotes the first 20 of its keys and counts them all.
        Map<String, Tensor> model = new LinkedHashMap<>(stateDict(RnnConfig.of(3, 4), "rnn.", null, 0));
        for (int i = 0; i < 30_000; i++) model.put("encoder.block" + i + ".scale", Tensor.zeros(1));
        String many = assertThrows(TrainingConfigException.class, () -> ModelStateDict.infer(model.keySet())).getMessage();
        assertTrue(many.startsWith("Unexpected key(s) in state_dict: \"encoder.block0.scale\", \"encoder.block1.scale\""), many);
        assertTrue(many.contains("\"encoder.block19.scale\", ... (30,000 in all). Expected"), many);
        assertFalse(many.contains("encoder.block20."), many);
        Map<String, Tensor> two = new LinkedHashMap<>(stateDict(RnnConfig.of(3, 4), "a.", null, 0));
        two.put("b.weight_ih_l0", Tensor.zeros(4, 3));
        assertEquals("RNN parameters under two prefixes: 'a.' and 'b.'",
                assertThrows(TrainingConfigException.class, () -> ModelStateDict.infer(two.keySet())).getMessage());
        assertThrows(TrainingConfigException.class, () -> ModelStateDict.infer(List.of("fc.weight", "fc.bias")));
    }

    @Test
    void headMustReadTheRnnsOutputWidth() {
        RnnConfig c = RnnConfig.of(3, 4);
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict(c, "", "head.", 2));
        sd.put("head.weight", Tensor.zeros(2, 5));
        TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> ModelStateDict.load(sd, c, Readout.ALL));
        assertEquals("size mismatch for head.weight: copying a param with shape torch.Size([2, 5]) from checkpoint, the "
                + "shape in current model is torch.Size([2, 4]).", e.getMessage());
        assertNull(ModelStateDict.infer(stateDict(c, "", null, 0).keySet()).headPrefix());
    }
}
