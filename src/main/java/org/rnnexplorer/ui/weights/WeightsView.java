package org.rnnexplorer.ui.weights;

import javafx.beans.value.ObservableValue;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.ui.chart.BatchedSeries;
import org.rnnexplorer.ui.chart.CellFormatter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.Charts;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.chart.SquarePane;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.live.LiveControls;

import java.util.List;
import java.util.Locale;

/**
 * Weights: heatmaps of the selected layer's tensors (for LSTM and GRU the chosen gate's block, named as PyTorch
 * orders them), the spectrum of its square recurrent matrix, and the edits with undo.
 */
public final class WeightsView {

    static final String EXPLANATION = "ρ, the largest |λ|, is how much the slowest-fading direction is multiplied "
            + "per step once many steps have passed: ρ < 1 forgets, ρ > 1 amplifies. σ_max, the largest singular "
            + "value, is the most one step can stretch any vector. They differ unless W_hh is normal: PyTorch's "
            + "default U(±1/√H) gives ρ ≈ 0.58 but σ_max ≈ 1.15 for large H, so gradients can grow for a few steps "
            + "although ρ < 1. Pascanu et al. (2013): when σ_max < 1/γ (γ = 1 for tanh) long-range gradients must "
            + "vanish; σ_max > 1 is needed, but not enough, for them to explode.";

    private final WeightsViewModel viewModel;
    private final ObservableValue<ChartAppearance> appearance;
    private final Heatmap weightIh = new Heatmap();
    private final Heatmap weightHh = new Heatmap();
    private final Heatmap biasIh = new Heatmap();
    private final Heatmap biasHh = new Heatmap();
    private final Heatmap weightHr = new Heatmap();
    private final BatchedSeries eigenvalues = new BatchedSeries("λ");
    private final BatchedSeries singularValues = new BatchedSeries("σ");
    private final ChartBox eigenChart = Charts.complexPlane("Eigenvalues of W_hh", eigenvalues);
    private final ChartBox singularChart = Charts.singularValues("Singular values of W_hh", singularValues);
    private final Parent root;

    @FXML private ComboBox<Integer> layerChoice, directionChoice;
    @FXML private ComboBox<GateBlock> gateChoice;
    @FXML private Label source, status, spectrumText, explanation, gateLabel, gateBlocks, elmanOnly, spectrumNote,
            spectrumTitle;
    @FXML private TextField seed, rhoField;
    @FXML private Slider rhoSlider;
    @FXML private Button rescaleButton, orthogonalButton, identityButton, defaultButton, undoButton, revertButton;
    @FXML private StackPane weightIhSlot, weightHhSlot, biasIhSlot, biasHhSlot, weightHrSlot, eigenSlot, singularSlot;

    public WeightsView(WeightsViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public List<ExportableChart> charts() {
        return List.of(weightHh, weightIh, biasIh, biasHh, weightHr, eigenChart, singularChart);
    }

    @FXML
    private void initialize() {
        WeightsViewModel vm = viewModel;
        LiveControls.bindChoice(layerChoice, vm.layers(), vm.layerProperty(), null);
        LiveControls.bindChoice(directionChoice, vm.directions(), vm.directionProperty(), d -> d == 0 ? "forward" : "reverse");
        source.textProperty().bind(vm.originProperty());
        setUpGateChoice(vm);

        seed.setText(Long.toString(vm.seedProperty().get()));
        seed.textProperty().addListener((o, a, b) -> {
            try {
                vm.seedProperty().set(Long.parseLong(b.trim()));
                seed.pseudoClassStateChanged(PseudoClass.getPseudoClass("error"), false);
            } catch (NumberFormatException e) {
                seed.pseudoClassStateChanged(PseudoClass.getPseudoClass("error"), true);
            }
        });
        rhoSlider.valueProperty().bindBidirectional(vm.targetRhoProperty());
        // Typed, so that an exact radius such as 1.5 is reachable; the slider follows.
        rhoField.setText(WeightsViewModel.targetRhoText(vm.targetRhoProperty().get()));
        vm.targetRhoProperty().addListener((o, a, v) -> {
            if (!rhoField.isFocused()) rhoField.setText(WeightsViewModel.targetRhoText(v.doubleValue()));
        });
        rhoField.setOnAction(e -> vm.typeTargetRho(rhoField.getText()));
        rhoField.focusedProperty().addListener((o, was, is) -> {
            if (!is) rhoField.setText(WeightsViewModel.targetRhoText(vm.targetRhoProperty().get()));
        });
        for (Button b : List.of(orthogonalButton, defaultButton)) {
            b.disableProperty().bind(vm.busyProperty().or(vm.parametersProperty().isNull()));
        }
        for (Button b : List.of(rescaleButton, identityButton)) { // nn.RNN's: greyed for LSTM and GRU, reason below
            b.disableProperty().bind(vm.busyProperty().or(vm.parametersProperty().isNull())
                    .or(vm.elmanOnlyReasonProperty().isNotEmpty()));
        }
        elmanOnly.textProperty().bind(vm.elmanOnlyReasonProperty());
        elmanOnly.visibleProperty().bind(vm.elmanOnlyReasonProperty().isNotEmpty());
        elmanOnly.managedProperty().bind(elmanOnly.visibleProperty());
        undoButton.disableProperty().bind(vm.busyProperty().or(vm.canUndoProperty().not()));
        revertButton.disableProperty().bind(vm.busyProperty().or(vm.canRevertProperty().not()));
        status.textProperty().bind(vm.statusProperty());
        Tooltip wholeStatus = new Tooltip();
        wholeStatus.textProperty().bind(vm.statusProperty());
        status.setTooltip(wholeStatus); // the label has a fixed width and may end in "…"

        spectrumText.textProperty().bind(vm.spectrumTextProperty());
        spectrumText.setTooltip(new Tooltip("ρ: spectral radius, the largest |eigenvalue|. σ_max: the largest singular value, ‖W_hh‖₂."));
        explanation.setText(EXPLANATION); // until the first weights: an RNN's form

        setUpHeatmap(weightIh, weightIhSlot, "unit i (row)", "input j (column)",
                "W_ih: row i holds the weights from every input feature j into hidden unit i. The colour bar maps colours to values, symmetric around zero; hover a cell for its value.");
        setUpHeatmap(weightHh, weightHhSlot, "unit i at t", "unit j at t−1",
                "W_hh: entry (i, j) is how strongly unit j at step t−1 drives unit i at step t. A bright diagonal means units mostly keep their own state.");
        setUpHeatmap(biasIh, biasIhSlot, "", "unit i", "b_ih: added to W_ih x_t for each hidden unit.");
        setUpHeatmap(biasHh, biasHhSlot, "", "unit i", "b_hh: added to W_hh h_(t−1) for each hidden unit. PyTorch keeps two biases; only their sum matters (except GRU's n gate, where b_hn sits inside r ⊙ (W_hn h + b_hn)).");
        setUpHeatmap(weightHr, weightHrSlot, "feature p", "unit i", "W_hr (LSTM with proj_size): h_t = W_hr (o ⊙ tanh(c_t)), P rows by H columns. Not split by gate.");
        Heatmap.keepTitlesLevel(weightIh, weightHh); // side by side: their cells start level
        weightHrSlot.managedProperty().bind(weightHrSlot.visibleProperty());
        weightHrSlot.setVisible(false);

        eigenChart.appearanceProperty().bind(appearance);
        singularChart.appearanceProperty().bind(appearance);
        eigenSlot.getChildren().add(new SquarePane(eigenChart));
        singularSlot.getChildren().add(singularChart);
        Tooltip.install(eigenChart, teaching("Each dot is an eigenvalue λ of W_hh. Outside the unit circle a mode grows by |λ| per step in the linearised recurrence; inside it decays. Complex pairs rotate."));
        Tooltip.install(singularChart, teaching("Singular values of W_hh, largest first. Above the dashed line at 1 a single step can stretch some direction; if all are below 1 (tanh), gradients through time must vanish."));

        vm.selectedProperty().addListener((o, a, s) -> show(s));
        vm.spectrumProperty().addListener((o, a, s) -> show(s));
        if (vm.selectedProperty().get() != null) show(vm.selectedProperty().get());
        if (vm.spectrumProperty().get() != null) show(vm.spectrumProperty().get());
    }

    @FXML
    private void rescale() {
        viewModel.rescaleToTargetRho();
    }

    @FXML
    private void orthogonal() {
        viewModel.orthogonal();
    }

    @FXML
    private void identity() {
        viewModel.identity();
    }

    @FXML
    private void pytorchDefault() {
        viewModel.pytorchDefault();
    }

    @FXML
    private void undo() {
        viewModel.undo();
    }

    @FXML
    private void revert() {
        viewModel.revertToLoaded();
    }

    private void setUpHeatmap(Heatmap map, StackPane slot, String rowCaption, String columnCaption, String tip) {
        map.rowCaptionProperty().set(rowCaption);
        map.columnCaptionProperty().set(columnCaption);
        map.appearanceProperty().bind(appearance);
        slot.getChildren().add(map);
        Tooltip.install(map, teaching(tip));
    }

    private void setUpGateChoice(WeightsViewModel vm) {
        gateChoice.setItems(vm.gates());
        StringConverter<GateBlock> names = new StringConverter<>() {
            @Override
            public String toString(GateBlock g) {
                return g == null ? "" : g.name() + " — " + g.meaning();
            }

            @Override
            public GateBlock fromString(String s) {
                return null;
            }
        };
        gateChoice.setConverter(names);
        gateChoice.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(GateBlock item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : names.toString(item));
            }
        });
        gateChoice.valueProperty().addListener((o, a, g) -> {
            if (g != null) vm.gateProperty().set(vm.gates().indexOf(g));
        });
        Runnable choose = () -> {
            int i = vm.gateProperty().get();
            gateChoice.setValue(i < vm.gates().size() ? vm.gates().get(i) : null);
            boolean gated = vm.gates().size() > 1;
            gateChoice.setVisible(gated);
            gateChoice.setManaged(gated);
            gateLabel.setVisible(gated);
            gateLabel.setManaged(gated);
        };
        vm.gateProperty().addListener((o, a, b) -> choose.run());
        // Again after the other listeners of the list: once its popup has been shown, the combo's list view clears
        // the selection on a change of items after this listener ran, and the chooser stood blank over gate f.
        vm.gates().addListener((ListChangeListener<GateBlock>) c -> {
            choose.run();
            Platform.runLater(choose);
        });
        choose.run();
    }

    private void show(SelectedWeights s) {
        if (s == null) return;
        String where = "layer " + s.layer() + (viewModel.directions().size() > 1 ? (s.direction() == 0 ? ", forward" : ", reverse") : "");
        String suffix = "_" + ModelShape.directionLabel(s.layer(), s.direction());
        GateBlock g = s.block();
        boolean gated = s.gateCount() > 1;
        // The block's rows of the stacked tensor and the gate, e.g. "weight_hh_l0[20:40] f  (20 × 20)".
        String rows = gated ? "[" + g.firstRow() + ":" + g.endRow() + "] " + g.name() : "";
        String blockName = gated ? g.name() : "";
        weightIh.titleProperty().set("weight_ih" + suffix + rows + "  (" + s.hidden() + " × " + s.inputWidth() + ")");
        weightHh.titleProperty().set("weight_hh" + suffix + rows + "  (" + s.hidden() + " × " + s.recurrentWidth() + ")");
        weightIh.setData(new HeatmapData(s.hidden(), s.inputWidth(), s.weightIh()));
        weightHh.setData(new HeatmapData(s.hidden(), s.recurrentWidth(), s.weightHh()));
        String ih = gated ? "W_i" + blockName : "W_ih", hh = gated ? "W_h" + blockName : "W_hh";
        int first = g.firstRow();
        weightIh.setCellFormatter((r, c, v) -> ih + "[" + r + ", " + c + "] = " + CellFormatter.value(v) + "   input " + c
                + " → unit " + r + (gated ? "   (weight_ih row " + (first + r) + ")" : ""));
        weightHh.setCellFormatter((r, c, v) -> hh + "[" + r + ", " + c + "] = " + CellFormatter.value(v) + "   unit " + c
                + " (t−1) → unit " + r + " (t)" + (gated ? "   (weight_hh row " + (first + r) + ")" : ""));
        boolean hasBias = s.biasIh() != null;
        biasIh.setVisible(hasBias);
        biasHh.setVisible(hasBias);
        if (hasBias) {
            biasIh.titleProperty().set("bias_ih" + suffix + rows + "  (" + s.hidden() + ",)");
            biasHh.titleProperty().set("bias_hh" + suffix + rows + "  (" + s.hidden() + ",)");
            biasIh.setData(HeatmapData.row(s.biasIh()));
            biasHh.setData(HeatmapData.row(s.biasHh()));
            String bi = gated ? "b_i" + blockName : "b_ih", bh = gated ? "b_h" + blockName : "b_hh";
            biasIh.setCellFormatter((r, c, v) -> bi + "[" + c + "] = " + CellFormatter.value(v));
            biasHh.setCellFormatter((r, c, v) -> bh + "[" + c + "] = " + CellFormatter.value(v));
        }
        boolean projected = s.weightHr() != null;
        weightHrSlot.setVisible(projected);
        if (projected) {
            weightHr.titleProperty().set("weight_hr" + suffix + "  (" + s.projSize() + " × " + s.hidden() + ")");
            weightHr.setData(new HeatmapData(s.projSize(), s.hidden(), s.weightHr()));
            weightHr.setCellFormatter((r, c, v) -> "W_hr[" + r + ", " + c + "] = " + CellFormatter.value(v));
        }
        gateBlocks.setText(gated ? gateBlockLine(viewModel.gates()) : "");
        gateBlocks.setVisible(gated);
        gateBlocks.setManaged(gated);
        String matrix = WeightsViewModel.matrixName(s);
        spectrumTitle.setText("Spectrum of " + matrix);
        spectrumNote.setText(spectrumNote(s));
        // The Elman paragraph ("ρ < 1 forgets") is not true of a gate's block: a GRU's said so under its own spectrum.
        explanation.setText(gated ? gatedExplanation(s.gateCount()) : EXPLANATION);
        spectrumNote.setVisible(gated);
        spectrumNote.setManaged(gated);
        eigenChart.chart().setTitle("Eigenvalues of " + matrix + " (" + where + ")");
        singularChart.chart().setTitle("Singular values of " + matrix + " (" + where + ")");
    }

    /** "Rows of weight_ih, weight_hh and the biases: i 0–19 (input gate), f 20–39 (forget gate), …". */
    static String gateBlockLine(List<GateBlock> blocks) {
        StringBuilder sb = new StringBuilder("Gate blocks (rows of weight_ih, weight_hh and both biases, PyTorch's order):");
        for (GateBlock g : blocks) {
            sb.append("  ").append(g.name()).append(" ").append(g.firstRow()).append("–").append(g.endRow() - 1)
                    .append(" (").append(g.meaning()).append(")");
        }
        return sb.toString();
    }

    /**
     * The paragraph under a gate block's spectrum (LSTM: 4 gates, GRU: 3): what ρ and σ_max of one block do not say,
     * and what carries the state and its gradient back instead.
     */
    static String gatedExplanation(int gateCount) {
        String path = gateCount == 4
                ? "the LSTM's cell c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t, whose direct path back scales ∂L/∂c by the forget "
                + "gate f_t"
                : "the GRU's h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_(t−1), whose direct path back scales ∂L/∂h by the update "
                + "gate z_t";
        return "ρ and σ_max here are of one gate's block: how strongly h_(t−1) drives that gate, not how fast the state "
                + "fades. What carries the state and its gradient back through time is elementwise: " + path + ". A gate "
                + "near 1 passes the gradient back almost unchanged whatever the blocks' spectra are; the Gradient flow "
                + "pane shows the gates at each step.";
    }

    /** Which square matrix the spectrum is of, and why (shown for LSTM and GRU). */
    static String spectrumNote(SelectedWeights s) {
        String g = s.block().name();
        if (s.weightHr() == null) {
            return "The " + g + " gate's block of W_hh (" + s.hidden() + " × " + s.hidden() + "): how h_(t−1) drives this "
                    + "gate's pre-activation. Gates multiply the state elementwise, so no block alone decides whether "
                    + "gradients vanish as ρ of an RNN's W_hh does.";
        }
        return "With proj_size P = " + s.projSize() + " the " + g + " block of W_hh is " + s.hidden() + " × " + s.projSize()
                + ", not square: shown is W_h" + g + "·W_hr (" + s.hidden() + " × " + s.projSize() + " times "
                + s.projSize() + " × " + s.hidden() + " = " + s.hidden() + " × " + s.hidden() + "), the map from the previous "
                + "step's o ⊙ tanh(c) to this gate's pre-activation; its rank is at most P, so at least "
                + (s.hidden() - s.projSize()) + " eigenvalues are 0.";
    }

    private void show(Spectrum s) {
        if (s == null) return;
        eigenvalues.replaceAll(s.real(), s.imaginary());
        Charts.setComplexPlaneRadius(eigenChart.chart(), s.rho());
        double[] index = new double[s.singularValues().length];
        for (int i = 0; i < index.length; i++) index[i] = i + 1;
        singularValues.replaceAll(index, s.singularValues());
    }

    private static Tooltip teaching(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(380);
        return t;
    }
}
