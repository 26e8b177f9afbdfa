package org.rnnexplorer.ui.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.ui.model.ModelViewModel.Field;
import org.rnnexplorer.ui.run.TorchCode;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form against PyTorch: shapes from src/test/resources/fixtures/ui/shapes.json (real forward calls). */
class ModelViewModelTest {

    static Stream<JsonNode> pytorchCases() throws IOException {
        try (InputStream in = ModelViewModelTest.class.getResourceAsStream("/fixtures/ui/shapes.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> cases = new ArrayList<>();
            root.get("cases").forEach(cases::add);
            return cases.stream();
        }
    }

    /** Fills the form as a user would for a fixture case. */
    static ModelViewModel formFor(JsonNode c) {
        ModelViewModel vm = new ModelViewModel();
        JsonNode a = c.get("args");
        JsonNode in = c.get("input");
        vm.inputSizeProperty().set(a.get("input_size").asText());
        vm.hiddenSizeProperty().set(a.get("hidden_size").asText());
        vm.numLayersProperty().set(Integer.toString(a.path("num_layers").asInt(1)));
        vm.nonlinearityProperty().set(Nonlinearity.parse(a.path("nonlinearity").asText("tanh")));
        vm.biasProperty().set(a.path("bias").asBoolean(true));
        vm.batchFirstProperty().set(a.path("batch_first").asBoolean(false));
        vm.dropoutProperty().set(Double.toString(a.path("dropout").asDouble(0.0)));
        vm.bidirectionalProperty().set(a.path("bidirectional").asBoolean(false));
        vm.seqLenProperty().set(in.get("L").asText());
        vm.batchProperty().set(in.get("N").asText());
        vm.unbatchedProperty().set(in.get("unbatched").asBoolean());
        StringBuilder lengths = new StringBuilder();
        if (!in.get("lengths").isNull()) in.get("lengths").forEach(l -> lengths.append(lengths.isEmpty() ? "" : ",").append(l.asInt()));
        vm.lengthsProperty().set(lengths.toString());
        vm.h0Property().set(in.get("h0").asBoolean());
        return vm;
    }

    static String tuple(JsonNode dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.size(); i++) sb.append(i > 0 ? ", " : "").append(dims.get(i).asInt());
        if (dims.size() == 1) sb.append(',');
        return sb.append(')').toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pytorchCases")
    void shapesTableMatchesWhatPyTorchReturns(JsonNode c) {
        ModelViewModel vm = formFor(c);
        assertTrue(vm.validProperty().get(), () -> "form rejected a setting PyTorch ran: " + errors(vm));
        Map<String, String> table = new LinkedHashMap<>();
        for (ShapeRow r : vm.shapes()) table.put(r.tensor(), r.shape());

        Map<String, String> expected = new LinkedHashMap<>();
        List<String> tensorOrder = new ArrayList<>(List.of("input"));
        if (c.get("tensors").has("lengths")) tensorOrder.add("lengths");
        tensorOrder.addAll(List.of("h_0", "output", "h_n"));
        for (String t : tensorOrder) expected.put(t, tuple(c.get("tensors").get(t)));
        for (JsonNode p : c.get("parameters")) expected.put(p.get(0).asText(), tuple(p.get(1)));
        assertEquals(expected, table, "rows in PyTorch's order with PyTorch's shapes");
        assertEquals(String.format(java.util.Locale.ROOT, "%,d parameters", c.get("parameter_count").asLong()),
                vm.parameterCountProperty().get());
    }

    @Test
    void bidirectionalSecondLayerReadsBothDirections() {
        ModelViewModel vm = new ModelViewModel();
        vm.hiddenSizeProperty().set("20");
        vm.numLayersProperty().set("2");
        vm.bidirectionalProperty().set(true);
        ShapeRow wih1 = row(vm, "weight_ih_l1");
        assertEquals("(20, 40)", wih1.shape(), "(H, 2H) by the spec's rule");
        assertEquals("(H, 2·H)", wih1.formula());
        assertEquals("(20, 40)", row(vm, "weight_ih_l1_reverse").shape());
    }

    @Test
    void hiddenStateIgnoresBatchFirst() {
        ModelViewModel vm = new ModelViewModel();
        vm.inputSizeProperty().set("10");
        vm.hiddenSizeProperty().set("20");
        vm.numLayersProperty().set("2");
        vm.seqLenProperty().set("5");
        vm.batchProperty().set("3");
        vm.batchFirstProperty().set(true);
        assertEquals("(3, 5, 10)", row(vm, "input").shape());
        assertEquals("(2, 3, 20)", row(vm, "h_0").shape(), "(D·num_layers, N, H) regardless of batch_first");
        assertEquals("(2, 3, 20)", row(vm, "h_n").shape());
        assertEquals("(3, 5, 20)", row(vm, "output").shape());
        vm.batchFirstProperty().set(false);
        assertEquals("(5, 3, 10)", row(vm, "input").shape());
        assertEquals("(2, 3, 20)", row(vm, "h_0").shape());
    }

    @Test
    void hiddenSizeZeroShowsPyTorchsMessageBesideTheField() {
        ModelViewModel vm = new ModelViewModel();
        vm.hiddenSizeProperty().set("0");
        assertEquals("hidden_size must be greater than zero", vm.errorProperty(Field.HIDDEN_SIZE).get());
        assertFalse(vm.validProperty().get());
        assertEquals("", vm.errorProperty(Field.INPUT_SIZE).get());
        vm.hiddenSizeProperty().set("7");
        assertEquals("", vm.errorProperty(Field.HIDDEN_SIZE).get());
        assertTrue(vm.validProperty().get());
        assertEquals("(7, 10)", row(vm, "weight_ih_l0").shape());
    }

    /**
     * batch 0 is refused at the field: it passed, and the explore pass then threw on the FX thread ("batch size must
     * be positive") while Hidden states and Gradient flow kept the earlier pass without a word.
     */
    @Test
    void anEmptyBatchIsRefusedAtItsField() {
        ModelViewModel vm = new ModelViewModel();
        vm.batchProperty().set("0");
        assertEquals("batch must be at least 1: an empty batch has no sequence to show (PyTorch returns empty tensors)",
                vm.errorProperty(Field.BATCH).get());
        assertFalse(vm.validProperty().get());
        vm.batchProperty().set("-2");
        assertEquals("batch must be at least 1, got -2", vm.errorProperty(Field.BATCH).get());
        vm.batchProperty().set("1");
        assertTrue(vm.validProperty().get(), errors(vm));
    }

    /** The seq_len × batch limit is marked on the field the user typed into, not always on seq_len. */
    @Test
    void theProductLimitIsMarkedOnTheFieldTypedInto() {
        ModelViewModel vm = new ModelViewModel();
        vm.batchProperty().set("99999999");
        assertTrue(vm.errorProperty(Field.BATCH).get().startsWith("RNN Explorer limit: seq_len × batch must be at most"),
                vm.errorProperty(Field.BATCH).get());
        assertEquals("", vm.errorProperty(Field.SEQ_LEN).get(), "seq_len was not touched");
        vm.batchProperty().set("3");
        vm.seqLenProperty().set("99999999");
        assertTrue(vm.errorProperty(Field.SEQ_LEN).get().startsWith("RNN Explorer limit: seq_len × batch"));
        assertEquals("", vm.errorProperty(Field.BATCH).get());
    }

    @Test
    void everyWrongFieldGetsItsOwnMessageAtOnce() {
        ModelViewModel vm = new ModelViewModel();
        vm.numLayersProperty().set("0");
        vm.dropoutProperty().set("1.5");
        vm.inputSizeProperty().set("abc");
        assertEquals("num_layers must be greater than zero", vm.errorProperty(Field.NUM_LAYERS).get());
        assertEquals("dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
                vm.errorProperty(Field.DROPOUT).get());
        assertEquals("input_size must be an integer, got 'abc'", vm.errorProperty(Field.INPUT_SIZE).get());
    }

    @Test
    void nonPositiveLengthIsRejectedWithPyTorchsMessage() {
        ModelViewModel vm = new ModelViewModel();
        vm.lengthsProperty().set("5,0,2");
        assertEquals("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
                vm.errorProperty(Field.LENGTHS).get());
        assertFalse(vm.validProperty().get());
    }

    @Test
    void lengthsMustCoverTheBatchAndFitTheSequence() {
        ModelViewModel vm = new ModelViewModel(); // L = 5, N = 3
        vm.lengthsProperty().set("5,3");
        assertEquals("Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)",
                vm.errorProperty(Field.LENGTHS).get());
        vm.lengthsProperty().set("6,3,2");
        assertEquals("Expected total_length to be at least the length of the longest sequence in input, but got "
                + "total_length=5 and max sequence length being 6", vm.errorProperty(Field.LENGTHS).get());
        vm.lengthsProperty().set("[5, 3, 2]");
        assertEquals("", vm.errorProperty(Field.LENGTHS).get());
        assertEquals("(3,)", row(vm, "lengths").shape());
    }

    @Test
    void zeroLengthSequenceIsRejectedOnTheSequenceField() {
        ModelViewModel vm = new ModelViewModel();
        vm.seqLenProperty().set("0");
        assertEquals("Expected sequence length to be larger than 0 in RNN", vm.errorProperty(Field.SEQ_LEN).get());
    }

    @Test
    void dropoutWithOneLayerIsAWarningNotAnError() {
        ModelViewModel vm = new ModelViewModel();
        vm.numLayersProperty().set("1");
        vm.dropoutProperty().set("0.5");
        assertTrue(vm.validProperty().get());
        assertEquals("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                + "num_layers greater than 1, but got dropout=0.5 and num_layers=1", vm.warningProperty().get());
        vm.numLayersProperty().set("2");
        assertEquals("", vm.warningProperty().get());
    }

    @Test
    void invalidFieldKeepsLastValidOutputs() {
        ModelViewModel vm = new ModelViewModel();
        String code = vm.codeProperty().get();
        ModelState state = vm.stateProperty().get();
        vm.hiddenSizeProperty().set("-3");
        assertFalse(vm.validProperty().get());
        assertEquals(code, vm.codeProperty().get());
        assertEquals(state, vm.stateProperty().get());
    }

    @Test
    void codeBuildsTheSameModelAndForwardCall() {
        ModelViewModel vm = new ModelViewModel();
        vm.inputSizeProperty().set("10");
        vm.hiddenSizeProperty().set("20");
        vm.numLayersProperty().set("2");
        vm.batchFirstProperty().set(true);
        vm.bidirectionalProperty().set(true);
        vm.lengthsProperty().set("5,3,2");
        String code = vm.codeProperty().get();
        assertTrue(code.contains("rnn = nn.RNN(\n    input_size=10,\n    hidden_size=20,\n    num_layers=2,\n"
                + "    nonlinearity='tanh',\n    bias=True,\n    batch_first=True,\n    dropout=0.0,\n"
                + "    bidirectional=True,\n)\n"), code);
        assertTrue(code.contains("data = np.load(\"" + TorchCode.DATA_PLACEHOLDER + "\")"), code);
        assertTrue(code.contains("x = torch.from_numpy(data[\"x\"])  # 3, 5, 10: (N, L, H_in)"), code);
        assertTrue(code.contains("h0 = torch.from_numpy(data[\"h0\"])  # 4, 3, 20: (D*num_layers, N, H)"), code);
        assertTrue(code.contains("pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)"), code);
        assertTrue(code.contains("packed_output, h_n = rnn(packed, h0)"), code);
        assertTrue(code.contains("total_length=5"), code);
    }

    @Test
    void withDropoutTheCodeRunsTheModuleInEvalModeAsTheWindowsPassDoes() {
        ModelViewModel vm = new ModelViewModel();
        vm.numLayersProperty().set("2");
        assertTrue(!vm.codeProperty().get().contains("rnn.eval()"), vm.codeProperty().get());
        vm.dropoutProperty().set("0.5");
        assertTrue(vm.codeProperty().get().contains("rnn.eval()"), vm.codeProperty().get());
    }

    @Test
    void unbatchedInputHasNoBatchAxisAnywhere() {
        ModelViewModel vm = new ModelViewModel();
        vm.unbatchedProperty().set(true);
        vm.batchProperty().set("not used");
        assertTrue(vm.validProperty().get(), "batch is ignored when unbatched");
        assertEquals("(5, 10)", row(vm, "input").shape());
        assertEquals("(2, 20)", row(vm, "h_0").shape());
        assertEquals("(5, 20)", row(vm, "output").shape());
        vm.lengthsProperty().set("5");
        assertFalse(vm.validProperty().get());
        assertFalse(vm.errorProperty(Field.LENGTHS).get().isEmpty());
    }

    @Test
    void applyConfigFillsTheModelFields() {
        ModelViewModel vm = new ModelViewModel();
        vm.applyConfig(new RnnConfig(3, 7, 3, Nonlinearity.RELU, false, false, 0.25, true));
        assertEquals("RNN(3, 7, num_layers=3, nonlinearity='relu', bias=False, dropout=0.25, bidirectional=True)",
                vm.summaryProperty().get());
        assertEquals("(7, 14)", row(vm, "weight_ih_l2_reverse").shape());
    }

    static ShapeRow row(ModelViewModel vm, String tensor) {
        return vm.shapes().stream().filter(r -> r.tensor().equals(tensor)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + tensor + " in " + vm.shapes()));
    }

    static String errors(ModelViewModel vm) {
        StringBuilder sb = new StringBuilder();
        for (Field f : Field.values()) {
            String e = vm.errorProperty(f).get();
            if (!e.isEmpty()) sb.append(f).append(": ").append(e).append("; ");
        }
        return sb.toString();
    }
}
