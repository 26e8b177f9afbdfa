package org.rnnexplorer.ui;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.model.ShapeRow;
import org.rnnexplorer.ui.weights.GateBlock;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LSTM and GRU in the window, headless: the cell chooser, proj_size, the shapes and code, the Weights pane's gates. */
@Tag("ui")
class GatedModelUiTest extends ExplorerWindowFixture {


    @SuppressWarnings("unchecked")
    @Test
    void choosingLstmWithAProjectionReshapesTheFormAndTheWeightsPaneNamesItsGates(FxRobot robot) throws Exception {
        ComboBox<CellMode> cell = robot.lookup("#cellMode").queryAs(ComboBox.class);
        TextField proj = robot.lookup("#projSize").queryAs(TextField.class);
        assertTrue(proj.isDisabled(), "proj_size is greyed for nn.RNN");
        assertEquals("proj_size is an nn.LSTM argument; nn.RNN has no projection",
                robot.lookup("#projSizeDisabled").queryAs(Label.class).getText());
        robot.interact(() -> cell.setValue(CellMode.LSTM));
        assertFalse(proj.isDisabled());
        robot.interact(() -> proj.setText("4"));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ShapeRow> table = robot.lookup("#shapesTable").queryTableView();
        List<String> tensors = table.getItems().stream().map(r -> r.tensor() + " " + r.shape()).toList();
        assertTrue(tensors.containsAll(List.of("c_0 (2, 3, 20)", "c_n (2, 3, 20)", "weight_ih_l0 (80, 10)",
                "weight_hh_l0 (80, 4)", "weight_hr_l0 (4, 20)")), tensors.toString());
        String code = robot.lookup("#code").queryAs(TextArea.class).getText();
        assertTrue(code.contains("lstm = nn.LSTM(") && code.contains("    proj_size=4,\n"), code);

        robot.clickOn("Weights");
        ComboBox<GateBlock> gate = robot.lookup("#gateChoice").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> gate.getItems().size() == 4);
        assertTrue(gate.isVisible());
        assertEquals(List.of("i — input gate", "f — forget gate", "g — cell candidate", "o — output gate"),
                gate.getItems().stream().map(g -> gate.getConverter().toString(g)).toList());
        robot.interact(() -> gate.setValue(gate.getItems().get(1)));
        Heatmap whh = robot.lookup(".heatmap").queryAllAs(Heatmap.class).stream()
                .filter(h -> h.titleProperty().get().startsWith("weight_hh")).findFirst().orElseThrow();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> whh.titleProperty().get().equals("weight_hh_l0[20:40] f  (20 × 4)"));
        Label spectrumTitle = robot.lookup("#spectrumTitle").queryAs(Label.class);
        assertEquals("Spectrum of W_hf·W_hr", spectrumTitle.getText());
        assertTrue(robot.lookup("#spectrumNote").queryAs(Label.class).getText().startsWith("With proj_size P = 4"));
        assertTrue(robot.lookup("#identityButton").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#rescaleButton").queryAs(Button.class).isDisabled());
        Label rho = robot.lookup("#spectrumText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rho.getText().startsWith("ρ = "));
        // Under a gate block's spectrum the paragraph is about gates, not the Elman "ρ < 1 forgets".
        Label explanation = robot.lookup("#explanation").queryAs(Label.class);
        assertTrue(explanation.getText().startsWith("ρ and σ_max here are of one gate's block")
                && explanation.getText().contains("forget gate f_t"), explanation.getText());

        // The chooser's popup shown once (its list view then listens to the items too): a change of cell keeps the
        // chooser on the gate shown, not blank.
        robot.interact(gate::show);
        robot.interact(gate::hide);
        robot.interact(() -> cell.setValue(CellMode.GRU));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> gate.getItems().size() == 3
                && whh.titleProperty().get().equals("weight_hh_l0[20:40] z  (20 × 20)"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(gate.getItems().get(1), gate.getValue(), "the chooser names the gate shown");
        assertTrue(explanation.getText().contains("update gate z_t"), explanation.getText());
        robot.interact(() -> cell.setValue(CellMode.RNN_TANH));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !gate.isVisible()
                && whh.titleProperty().get().equals("weight_hh_l0  (20 × 20)"));
        assertTrue(explanation.getText().startsWith("ρ, the largest |λ|"), explanation.getText());
        assertFalse(robot.lookup("#identityButton").queryAs(Button.class).isDisabled());
    }

    @SuppressWarnings("unchecked")
    @Test
    void openingAnLstmFileSetsTheFormAndTheWeightsPane(FxRobot robot) throws Exception {
        robot.interact(() -> explorer.weights().open(Path.of("src/test/resources/fixtures/window/lstm_proj.pt")));
        ComboBox<CellMode> cell = robot.lookup("#cellMode").queryAs(ComboBox.class);
        TextField proj = robot.lookup("#projSize").queryAs(TextField.class);
        TextField hidden = robot.lookup("#hiddenSize").queryAs(TextField.class);
        // The form is filled in one FX-thread step; read it there, once the state holds the file's model.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> explorer.state().formProperty().get().config().mode() == CellMode.LSTM);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(CellMode.LSTM, cell.getValue());
        assertEquals("2", proj.getText());
        assertEquals("6", hidden.getText());
        assertEquals("lstm_proj.pt", explorer.weights().sourceProperty().get());
        assertEquals(CellMode.LSTM, explorer.state().formProperty().get().config().mode());
        // The Weights pane's chooser names the gate its heatmaps show (it stood blank after a file was opened).
        robot.clickOn("Weights");
        ComboBox<GateBlock> gate = robot.lookup("#gateChoice").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> gate.getItems().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(gate.getItems().get(explorer.weights().gateProperty().get()), gate.getValue());
        assertTrue(gate.isVisible());
        robot.interact(gate::show);
        robot.interact(gate::hide);
        robot.interact(() -> explorer.weights().gateProperty().set(2));
        robot.interact(() -> explorer.weights().open(Path.of("sample-data/gru-adding-t100.safetensors")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> gate.getItems().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(gate.getItems().get(explorer.weights().gateProperty().get()), gate.getValue(),
                "after another cell's file too");
    }
}
