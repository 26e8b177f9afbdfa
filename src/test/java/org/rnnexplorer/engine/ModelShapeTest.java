package org.rnnexplorer.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ModelShape against PyTorch's own named_parameters() (fixtures/engine/model_shapes.json, make_model_shape_fixtures.py). */
class ModelShapeTest {

    private record Case(ModelShape shape, Map<String, int[]> params, long count) {
    }

    private static List<Case> cases() throws IOException {
        JsonNode root;
        try (InputStream in = ModelShapeTest.class.getResourceAsStream("/fixtures/engine/model_shapes.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root) {
            JsonNode kw = c.get("kwargs");
            ModelShape shape = new ModelShape(CellMode.parse(c.get("mode").asText()), kw.get("input_size").asInt(),
                    kw.get("hidden_size").asInt(), kw.path("num_layers").asInt(1), kw.path("bias").asBoolean(true),
                    kw.path("bidirectional").asBoolean(false), kw.path("proj_size").asInt(0));
            Map<String, int[]> params = new LinkedHashMap<>();
            for (JsonNode p : c.get("params")) {
                int[] dims = new int[p.get(1).size()];
                for (int i = 0; i < dims.length; i++) dims[i] = p.get(1).get(i).asInt();
                params.put(p.get(0).asText(), dims);
            }
            cases.add(new Case(shape, params, c.get("count").asLong()));
        }
        return cases;
    }

    @Test
    void namesShapesOrderAndCountAreTorchs() throws IOException {
        for (Case c : cases()) {
            Map<String, int[]> ours = c.shape().parameterShapes();
            assertEquals(List.copyOf(c.params().keySet()), c.shape().parameterNames(), c.shape().describe());
            for (var e : c.params().entrySet()) assertArrayEquals(e.getValue(), ours.get(e.getKey()), e.getKey());
            assertEquals(c.count(), c.shape().parameterCount(), c.shape().describe());
            assertTrue(c.shape().fits(c.params()));
        }
    }

    @Test
    void countIsTheSumOfTheListedShapesAndNeedsNoListing() {
        for (CellMode mode : CellMode.values()) {
            for (int layers : new int[] {1, 2, 5}) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean bias : new boolean[] {false, true}) {
                        for (int proj : mode == CellMode.LSTM ? new int[] {0, 3} : new int[] {0}) {
                            ModelShape s = new ModelShape(mode, 7, 5, layers, bias, bi, proj);
                            long listed = 0;
                            for (int[] shape : s.parameterShapes().values()) {
                                long n = 1;
                                for (int d : shape) n *= d;
                                listed += n;
                            }
                            assertEquals(listed, s.parameterCount(), s.describe());
                        }
                    }
                }
            }
        }
        // A typo'd num_layers is priced by arithmetic (listing two billion layers' names took minutes).
        ModelShape typo = new ModelShape(CellMode.RNN_TANH, 1, 4, Integer.MAX_VALUE, true, true, 0);
        assertEquals(2L * (4 * 1 + (Integer.MAX_VALUE - 1L) * 4 * 8 + Integer.MAX_VALUE * (16L + 8)),
                typo.parameterCount());
        assertThrows(ArithmeticException.class,
                () -> new ModelShape(CellMode.LSTM, 1, Integer.MAX_VALUE, Integer.MAX_VALUE, true, true, 0).parameterCount());
    }

    @Test
    void infersEveryCellFromItsStateDictShapes() throws IOException {
        for (Case c : cases()) {
            Nonlinearity f = c.shape().mode() == CellMode.RNN_RELU ? Nonlinearity.RELU : Nonlinearity.TANH;
            assertEquals(c.shape(), ModelShape.infer(c.params(), f));
        }
    }

    @Test
    void mismatchNamesTheKeyAtFault() throws IOException {
        Case lstm = cases().get(2);
        Map<String, int[]> wrong = new LinkedHashMap<>(lstm.params());
        wrong.put("weight_hh_l1", new int[] {24, 6});
        assertEquals("weight_hh_l1: expected shape (24, 2) for a bidirectional 2-layer LSTM with bias and proj_size 2, "
                + "got [24, 6]", lstm.shape().mismatch(wrong).orElseThrow());
        Map<String, int[]> missing = new LinkedHashMap<>(lstm.params());
        missing.remove("weight_hr_l0_reverse");
        assertEquals("missing weight_hr_l0_reverse (a bidirectional 2-layer LSTM with bias and proj_size 2 needs it)",
                lstm.shape().mismatch(missing).orElseThrow());
        Map<String, int[]> extra = new LinkedHashMap<>(cases().get(1).params());
        extra.put("bias_ih_l0", new int[] {6});
        assertFalse(cases().get(1).shape().fits(extra));
    }

    @Test
    void tanhAndReluShareParametersButAreDifferentModels() {
        ModelShape tanh = RnnConfig.of(3, 4).shape();
        ModelShape relu = RnnConfig.of(3, 4).withNonlinearity(Nonlinearity.RELU).shape();
        assertTrue(tanh.sameParametersAs(relu));
        assertFalse(tanh.equals(relu));
        ModelShape gru = new ModelShape(CellMode.GRU, 3, 4, 1, true, false, 0);
        assertFalse(tanh.sameParametersAs(gru));
        assertEquals(tanh, RnnConfig.of(3, 4).withBatchFirst(true).withDropout(0.5).shape());
    }

    @Test
    void refusesProjectionsOutsideLstmInTorchsWords() {
        RnnConfigException gru = assertThrows(RnnConfigException.class,
                () -> new ModelShape(CellMode.GRU, 3, 6, 1, true, false, 2));
        assertEquals("proj_size argument is only supported for LSTM, not RNN or GRU", gru.getMessage());
        assertEquals("proj_size", gru.field());
        assertEquals("proj_size has to be smaller than hidden_size", assertThrows(RnnConfigException.class,
                () -> new ModelShape(CellMode.LSTM, 3, 6, 1, true, false, 6)).getMessage());
        assertEquals("proj_size should be a positive integer or zero to disable projections",
                assertThrows(RnnConfigException.class, () -> new ModelShape(CellMode.LSTM, 3, 6, 1, true, false, -1))
                        .getMessage());
    }

    @Test
    void directionLabelIsTorchsSuffix() {
        assertEquals("l0", ModelShape.directionLabel(0, 0));
        assertEquals("l2_reverse", ModelShape.directionLabel(2, 1));
    }
}
