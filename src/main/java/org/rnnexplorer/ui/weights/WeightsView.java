package org.rnnexplorer.ui.weights;

import javafx.beans.value.ObservableValue;
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

import java.util.List;
import java.util.Locale;

/** Weights: heatmaps of the selected layer's tensors, the spectrum of its W_hh, and the edits with undo. */
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
    private final BatchedSeries eigenvalues = new BatchedSeries("λ");
    private final BatchedSeries singularValues = new BatchedSeries("σ");
    private final ChartBox eigenChart = Charts.complexPlane("Eigenvalues of W_hh", eigenvalues);
    private final ChartBox singularChart = Charts.singularValues("Singular values of W_hh", singularValues);
    private final Parent root;

    @FXML private ComboBox<Integer> layerChoice, directionChoice;
    @FXML private Label source, status, spectrumText, explanation;
    @FXML private TextField seed, rhoField;
    @FXML private Slider rhoSlider;
    @FXML private Button rescaleButton, orthogonalButton, identityButton, defaultButton, undoButton, revertButton;
    @FXML private StackPane weightIhSlot, weightHhSlot, biasIhSlot, biasHhSlot, eigenSlot, singularSlot;

    public WeightsView(WeightsViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public List<ExportableChart> charts() {
        return List.of(weightHh, weightIh, biasIh, biasHh, eigenChart, singularChart);
    }

    @FXML
    private void initialize() {
        WeightsViewModel vm = viewModel;
        layerChoice.setItems(vm.layers());
        directionChoice.setItems(vm.directions());
        StringConverter<Integer> directionNames = new StringConverter<>() {
            @Override
            public String toString(Integer d) {
                return d == null ? "" : d == 0 ? "forward" : "reverse";
            }

            @Override
            public Integer fromString(String s) {
                return "reverse".equals(s) ? 1 : 0;
            }
        };
        directionChoice.setConverter(directionNames);
        directionChoice.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : directionNames.toString(item));
            }
        });
        layerChoice.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.layerProperty().set(b);
        });
        directionChoice.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.directionProperty().set(b);
        });
        vm.layerProperty().addListener((o, a, b) -> layerChoice.setValue(b.intValue()));
        vm.directionProperty().addListener((o, a, b) -> directionChoice.setValue(b.intValue()));
        vm.layers().addListener((javafx.collections.ListChangeListener<Integer>) c -> layerChoice.setValue(vm.layerProperty().get()));
        vm.directions().addListener((javafx.collections.ListChangeListener<Integer>) c -> directionChoice.setValue(vm.directionProperty().get()));
        layerChoice.setValue(vm.layerProperty().get());
        directionChoice.setValue(vm.directionProperty().get());
        source.textProperty().bind(vm.sourceProperty().map(s -> s.isEmpty() ? "" : "from " + s));

        seed.setText(Long.toString(vm.seedProperty().get()));
        seed.textProperty().addListener((o, a, b) -> {
            try {
                vm.seedProperty().set(Long.parseLong(b.trim()));
                seed.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), false);
            } catch (NumberFormatException e) {
                seed.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), true);
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
        for (Button b : List.of(rescaleButton, orthogonalButton, identityButton, defaultButton)) {
            b.disableProperty().bind(vm.busyProperty().or(vm.parametersProperty().isNull()));
        }
        undoButton.disableProperty().bind(vm.busyProperty().or(vm.canUndoProperty().not()));
        revertButton.disableProperty().bind(vm.busyProperty().or(vm.canRevertProperty().not()));
        status.textProperty().bind(vm.statusProperty());
        spectrumText.textProperty().bind(vm.spectrumTextProperty());
        spectrumText.setTooltip(new Tooltip("ρ: spectral radius, the largest |eigenvalue|. σ_max: the largest singular value, ‖W_hh‖₂."));
        explanation.setText(EXPLANATION);

        setUpHeatmap(weightIh, weightIhSlot, "unit i (row)", "input j (column)",
                "W_ih: row i holds the weights from every input feature j into hidden unit i. The colour bar maps colours to values, symmetric around zero; hover a cell for its value.");
        setUpHeatmap(weightHh, weightHhSlot, "unit i at t", "unit j at t−1",
                "W_hh: entry (i, j) is how strongly unit j at step t−1 drives unit i at step t. A bright diagonal means units mostly keep their own state.");
        setUpHeatmap(biasIh, biasIhSlot, "", "unit i", "b_ih: added to W_ih x_t for each hidden unit.");
        setUpHeatmap(biasHh, biasHhSlot, "", "unit i", "b_hh: added to W_hh h_(t−1) for each hidden unit. PyTorch keeps two biases; only their sum matters.");

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

    private void show(SelectedWeights s) {
        if (s == null) return;
        String where = "layer " + s.layer() + (viewModel.directions().size() > 1 ? (s.direction() == 0 ? ", forward" : ", reverse") : "");
        String suffix = "_" + ModelShape.directionLabel(s.layer(), s.direction());
        weightIh.titleProperty().set("weight_ih" + suffix + "  (" + s.hidden() + " × " + s.inputWidth() + ")");
        weightHh.titleProperty().set("weight_hh" + suffix + "  (" + s.hidden() + " × " + s.hidden() + ")");
        weightIh.setData(new HeatmapData(s.hidden(), s.inputWidth(), s.weightIh()));
        weightHh.setData(new HeatmapData(s.hidden(), s.hidden(), s.weightHh()));
        weightIh.setCellFormatter((r, c, v) -> "W_ih[" + r + ", " + c + "] = " + CellFormatter.value(v) + "   input " + c + " → unit " + r);
        weightHh.setCellFormatter((r, c, v) -> "W_hh[" + r + ", " + c + "] = " + CellFormatter.value(v) + "   unit " + c + " (t−1) → unit " + r + " (t)");
        boolean hasBias = s.biasIh() != null;
        biasIh.setVisible(hasBias);
        biasHh.setVisible(hasBias);
        if (hasBias) {
            biasIh.titleProperty().set("bias_ih" + suffix + "  (" + s.hidden() + ",)");
            biasHh.titleProperty().set("bias_hh" + suffix + "  (" + s.hidden() + ",)");
            biasIh.setData(HeatmapData.row(s.biasIh()));
            biasHh.setData(HeatmapData.row(s.biasHh()));
            biasIh.setCellFormatter((r, c, v) -> "b_ih[" + c + "] = " + CellFormatter.value(v));
            biasHh.setCellFormatter((r, c, v) -> "b_hh[" + c + "] = " + CellFormatter.value(v));
        }
        eigenChart.chart().setTitle("Eigenvalues of W_hh (" + where + ")");
        singularChart.chart().setTitle("Singular values of W_hh (" + where + ")");
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
