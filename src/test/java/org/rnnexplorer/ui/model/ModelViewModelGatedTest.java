package org.rnnexplorer.ui.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.ui.model.ModelViewModel.Field;
import org.rnnexplorer.ui.rules.FormAndWeightsRule;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form's cell chooser and proj_size, and what follows them, without JavaFX. */
class ModelViewModelGatedTest {

    static final Path WINDOW = Path.of("src/test/resources/fixtures/window");
    static final Executor DIRECT = Runnable::run;

    private static ModelViewModel form(JsonNode c) {
        ModelViewModel vm = new ModelViewModel();
        vm.inputSizeProperty().set(c.get("input_size").asText());
        vm.hiddenSizeProperty().set(c.get("hidden_size").asText());
        vm.numLayersProperty().set(c.get("num_layers").asText());
        vm.biasProperty().set(c.get("bias").asBoolean());
        vm.bidirectionalProperty().set(c.get("bidirectional").asBoolean());
        vm.cellModeProperty().set(CellMode.parse(c.get("mode").asText()));
        vm.projSizeProperty().set(c.get("proj_size").asText());
        return vm;
    }

    /** PyTorch 1.13.1's named_parameters() (make_window_gated_fixtures.py) against the table's parameter rows. */
    @Test
    void theShapesTableListsPyTorchsNamedParametersInOrder() throws IOException {
        JsonNode root = new ObjectMapper().readTree(WINDOW.resolve("named_parameters.json").toFile());
        for (JsonNode c : root.get("cases")) {
            ModelViewModel vm = form(c.get("config"));
            assertTrue(vm.validProperty().get(), c.toString());
            List<String> expected = new ArrayList<>();
            for (JsonNode p : c.get("parameters")) {
                List<String> dims = new ArrayList<>();
                p.get(1).forEach(d -> dims.add(d.asText()));
                expected.add(p.get(0).asText() + " " + (dims.size() == 1 ? "(" + dims.getFirst() + ",)" : "(" + String.join(", ", dims) + ")"));
            }
            List<String> shown = vm.shapes().stream().filter(r -> r.tensor().contains("_l"))
                    .map(r -> r.tensor() + " " + r.shape()).toList();
            assertEquals(expected, shown, c.get("config").toString());
        }
    }

    @Test
    void anLstmAddsCellStateRowsAndItsProjectionNarrowsHAndOutput() {
        ModelViewModel vm = new ModelViewModel(); // 10 → 20, two layers, batch_first, L = 5, N = 3, h_0 passed
        vm.cellModeProperty().set(CellMode.LSTM);
        vm.projSizeProperty().set("4");
        assertTrue(vm.validProperty().get());
        List<String> rows = vm.shapes().stream().map(r -> r.tensor() + " " + r.shape() + " " + r.formula()).toList();
        assertTrue(rows.containsAll(List.of("h_0 (2, 3, 4) (num_layers, N, P)", "c_0 (2, 3, 20) (num_layers, N, H)",
                "output (3, 5, 4) (N, L, P)", "h_n (2, 3, 4) (num_layers, N, P)", "c_n (2, 3, 20) (num_layers, N, H)",
                "weight_hh_l0 (80, 4) (4·H, P)", "weight_hr_l0 (4, 20) (P, H)")), rows.toString());
        assertEquals("LSTM(10, 20, proj_size=4, num_layers=2, batch_first=True)", vm.summaryProperty().get());
        assertTrue(vm.codeProperty().get().contains("output, (h_n, c_n) = lstm(x, (h0, c0))"), vm.codeProperty().get());
    }

    @Test
    void projSizeIsLstmOnlyAndChecksAsPyTorchDoes() {
        ModelViewModel vm = new ModelViewModel();
        assertEquals("proj_size is an nn.LSTM argument; nn.RNN has no projection", vm.projSizeDisabledReasonProperty().get());
        vm.projSizeProperty().set("30"); // ignored by an RNN
        assertTrue(vm.validProperty().get());
        vm.cellModeProperty().set(CellMode.GRU);
        assertEquals("proj_size is an nn.LSTM argument; nn.GRU has no projection", vm.projSizeDisabledReasonProperty().get());
        assertTrue(vm.validProperty().get());
        assertEquals(0, vm.stateProperty().get().config().projSize());
        vm.cellModeProperty().set(CellMode.LSTM);
        assertEquals("", vm.projSizeDisabledReasonProperty().get());
        assertFalse(vm.validProperty().get());
        assertEquals("proj_size has to be smaller than hidden_size", vm.errorProperty(Field.PROJ_SIZE).get());
        vm.projSizeProperty().set("x");
        assertEquals("proj_size must be an integer, got 'x'", vm.errorProperty(Field.PROJ_SIZE).get());
        vm.projSizeProperty().set("19");
        assertTrue(vm.validProperty().get());
        assertEquals(19, vm.stateProperty().get().config().projSize());
    }

    @Test
    void theCellChooserAndTheRnnNonlinearityStayInStep() {
        ModelViewModel vm = new ModelViewModel();
        vm.cellModeProperty().set(CellMode.RNN_RELU);
        assertEquals(Nonlinearity.RELU, vm.nonlinearityProperty().get());
        vm.cellModeProperty().set(CellMode.GRU);
        assertEquals(CellMode.GRU, vm.stateProperty().get().config().mode());
        vm.nonlinearityProperty().set(Nonlinearity.TANH);
        assertEquals(CellMode.RNN_TANH, vm.cellModeProperty().get(), "nonlinearity is nn.RNN's argument");
    }

    @Test
    void openingAnLstmOrGruFileSetsTheForm() {
        for (String name : List.of("lstm_proj.pt", "gru.pt")) {
            ExplorerState state = new ExplorerState();
            ModelViewModel model = new ModelViewModel();
            WeightsViewModel weights = new WeightsViewModel(DIRECT, DIRECT, new SafetensorsWeightsFiles());
            FormAndWeightsRule.install(state, model, weights);
            weights.open(WINDOW.resolve(name));
            assertEquals("", weights.messageProperty().get());
            RnnConfig config = state.formProperty().get().config();
            if (name.startsWith("lstm")) {
                assertEquals(CellMode.LSTM, model.cellModeProperty().get());
                assertEquals("2", model.projSizeProperty().get());
                assertEquals("6", model.hiddenSizeProperty().get());
                assertTrue(model.bidirectionalProperty().get());
                assertEquals("LSTM(3, 6, proj_size=2, num_layers=2, bidirectional=True)",
                        config.withBatchFirst(false).torchRepr());
            } else {
                assertEquals(CellMode.GRU, model.cellModeProperty().get());
                assertFalse(model.biasProperty().get());
                assertEquals("GRU(4, 5, bias=False)", config.withBatchFirst(false).withDropout(0).torchRepr());
            }
            assertEquals(name, weights.sourceProperty().get());
            assertTrue(state.weightsProperty().get().config().shape().sameParametersAs(config.shape()),
                    "the state's weights are the file's, of the form's shapes");
        }
    }
}
