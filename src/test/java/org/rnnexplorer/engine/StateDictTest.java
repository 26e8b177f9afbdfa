package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDictTest {

    private static Map<String, Tensor> stateDict(RnnConfig c, String prefix) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 1);
        for (var e : p.asTensors().entrySet()) m.put(prefix + e.getKey(), e.getValue());
        return m;
    }

    @Test
    void infersLayersDirectionsBiasAndSizesFromNamesAndShapes() {
        RnnConfig c = new RnnConfig(3, 5, 3, Nonlinearity.TANH, false, false, 0, true);
        Map<String, Tensor> sd = stateDict(c, "");
        StateDict.Loaded l = StateDict.load(sd, null, Nonlinearity.RELU, true);
        assertEquals(c.withNonlinearity(Nonlinearity.RELU).withBatchFirst(true), l.config());
        assertArrayEquals(sd.get("weight_hh_l2_reverse").data(), l.parameters().weightHh(2, 1));
        assertEquals("", l.prefix());
    }

    @Test
    void acceptsAnUnambiguousModulePrefixAndIgnoresOtherKeys() {
        RnnConfig c = RnnConfig.of(2, 4);
        Map<String, Tensor> sd = stateDict(c, "rnn.");
        sd.put("head.weight", Tensor.zeros(1, 4));
        sd.put("head.bias", Tensor.zeros(1));
        StateDict.Loaded l = StateDict.load(sd, null, Nonlinearity.TANH, false);
        assertEquals("rnn.", l.prefix());
        assertEquals(List.of("head.weight", "head.bias"), l.otherKeys());
        assertEquals("rnn.", StateDict.load(sd, "rnn", Nonlinearity.TANH, false).prefix());
    }

    @Test
    void twoRnnsNeedAnExplicitPrefix() {
        Map<String, Tensor> sd = stateDict(RnnConfig.of(2, 4), "enc.");
        sd.putAll(stateDict(RnnConfig.of(4, 3), "dec."));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> StateDict.load(sd, null, Nonlinearity.TANH, false));
        assertEquals("several RNNs in this state_dict (prefixes 'dec.', 'enc.'); choose one with --prefix", ex.getMessage());
        assertEquals(3, StateDict.load(sd, "dec", Nonlinearity.TANH, false).config().hiddenSize());
    }

    /** 50 RNNs under as many prefixes: the refusal names the first 10 (sorted) and counts them all. */
    @Test
    void manyRnnsAreNamedInShort() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) sd.putAll(stateDict(RnnConfig.of(2, 4), String.format("p%02d.", i)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> StateDict.load(sd, null, Nonlinearity.TANH, false));
        assertEquals("several RNNs in this state_dict (prefixes 'p00.', 'p01.', 'p02.', 'p03.', 'p04.', 'p05.', 'p06.', "
                + "'p07.', 'p08.', 'p09.', ... (50 in all)); choose one with --prefix", ex.getMessage());
    }

    @Test
    void missingOrMisshapenTensorsAreNamed() {
        RnnConfig c = new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        Map<String, Tensor> sd = stateDict(c, "");
        sd.remove("bias_hh_l1_reverse");
        assertEquals("missing bias_hh_l1_reverse (a bidirectional 2-layer RNN with bias needs it)",
                assertThrows(IllegalArgumentException.class, () -> StateDict.load(sd, null, Nonlinearity.TANH, false)).getMessage());
        Map<String, Tensor> bad = stateDict(c, "");
        bad.put("weight_ih_l1", Tensor.zeros(4, 4));
        String msg = assertThrows(IllegalArgumentException.class, () -> StateDict.load(bad, null, Nonlinearity.TANH, false)).getMessage();
        assertTrue(msg.startsWith("weight_ih_l1: expected shape (4, 8)"), msg);
        assertTrue(msg.endsWith("got [4, 4]"), msg);
    }

    @Test
    void mismatchesNameTheKeyAsTheFileHasItUnderItsPrefix() {
        RnnConfig c = new RnnConfig(3, 4, 2, Nonlinearity.TANH, false, false, 0, false);
        Map<String, Tensor> sd = stateDict(c, "rnn.");
        sd.put("rnn.weight_hh_l1", Tensor.zeros(4, 3));
        assertEquals("rnn.weight_hh_l1: expected shape (4, 4) for a 2-layer RNN without bias, got [4, 3]",
                assertThrows(IllegalArgumentException.class, () -> StateDict.load(sd, null, Nonlinearity.TANH, false)).getMessage());
        Map<String, Tensor> extra = stateDict(c, "rnn.");
        extra.put("rnn.bias_ih_l1", Tensor.zeros(4));
        assertEquals("unexpected rnn.bias_ih_l1 for a 2-layer RNN without bias",
                assertThrows(IllegalArgumentException.class, () -> StateDict.load(extra, null, Nonlinearity.TANH, false)).getMessage());
        // A layer index no int holds was 'For input string: "99999999999"'.
        Map<String, Tensor> far = stateDict(c, "rnn.");
        far.put("rnn.weight_ih_l99999999999", Tensor.zeros(4, 4));
        assertEquals("unexpected rnn.weight_ih_l99999999999 for a 2-layer RNN without bias",
                assertThrows(IllegalArgumentException.class, () -> StateDict.load(far, null, Nonlinearity.TANH, false)).getMessage());
    }

    @Test
    void nonFiniteWeightsAreRejectedWithTheTensorName() {
        Map<String, Tensor> sd = stateDict(RnnConfig.of(2, 3), "");
        sd.get("weight_hh_l0").data()[4] = Float.NaN;
        String msg = assertThrows(IllegalArgumentException.class, () -> StateDict.load(sd, null, Nonlinearity.TANH, false)).getMessage();
        assertEquals("weight_hh_l0 holds a non-finite value (NaN) at flat index 4", msg);
    }

    @Test
    void aFileWithoutRnnKeysSaysWhatItHas() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("fc.weight", Tensor.zeros(2, 2));
        String msg = assertThrows(IllegalArgumentException.class, () -> StateDict.load(sd, null, Nonlinearity.TANH, false)).getMessage();
        assertTrue(msg.startsWith("no RNN parameters (weight_ih_l0, weight_hh_l0, ...) found (keys: fc.weight"), msg);
        assertFalse(msg.contains("\n"));
    }
}
