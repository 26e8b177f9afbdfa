package org.rnnexplorer.ui.compare;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.state.RunVariant;
import org.rnnexplorer.ui.trainingcharts.SharedScales;
import org.rnnexplorer.ui.trainingcharts.TrainingCharts;

import java.util.ArrayList;
import java.util.List;

/**
 * The A/B view: two runs' loss and gradient-norm charts side by side, one set of buttons for both; with run C on,
 * the three runs' losses on one chart and their ‖∂L/∂h_t‖ on another instead.
 */
public final class CompareView {

    private final CompareViewModel viewModel;
    private final TrainingCharts chartsA;
    private final TrainingCharts chartsB;
    private final ThreeWayCharts chartsAll;
    private final Parent root;

    @FXML private ComboBox<RunVariant> variantA, variantB, variantC;
    @FXML private CheckBox thirdOn;
    @FXML private Label statusA, statusB, statusC, problem, guide;
    @FXML private StackPane lossA, lossB, gradA, gradB, lossAll, gradAll;
    @FXML private GridPane twoWay, threeWay;

    public CompareView(CompareViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.chartsA = new TrainingCharts("A: ", appearance);
        this.chartsB = new TrainingCharts("B: ", appearance);
        this.chartsAll = new ThreeWayCharts(appearance);
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public TrainingCharts chartsA() {
        return chartsA;
    }

    public TrainingCharts chartsB() {
        return chartsB;
    }

    /** The three-way charts, shown while run C is on. */
    public ThreeWayCharts chartsAll() {
        return chartsAll;
    }

    public List<ExportableChart> exportableCharts() {
        List<ExportableChart> out = new ArrayList<>();
        out.add(chartsA.loss());
        out.add(chartsB.loss());
        out.add(chartsA.gradientNorm());
        out.add(chartsB.gradientNorm());
        out.add(chartsAll.loss());
        out.add(chartsAll.gradientPerStep());
        return out;
    }

    @FXML
    private void initialize() {
        CompareViewModel vm = viewModel;
        variantA.getItems().setAll(RunVariant.VARIANTS);
        variantB.getItems().setAll(RunVariant.VARIANTS);
        variantA.valueProperty().bindBidirectional(vm.variantAProperty());
        variantB.valueProperty().bindBidirectional(vm.variantBProperty());
        statusA.textProperty().bind(vm.statusAProperty().map(s -> s.isEmpty() ? "" : "A: " + s));
        statusB.textProperty().bind(vm.statusBProperty().map(s -> s.isEmpty() ? "" : "B: " + s));
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        lossA.getChildren().add(chartsA.loss());
        lossB.getChildren().add(chartsB.loss());
        gradA.getChildren().add(chartsA.gradientNorm());
        gradB.getChildren().add(chartsB.gradientNorm());
        follow(vm.trainingAProperty(), chartsA);
        follow(vm.trainingBProperty(), chartsB);
        initializeThird(vm);
        // Same scales on both sides, so that heights compare: A's 0.15 and B's 0.01 must not look alike.
        SharedScales.link(chartsA, chartsB);
        vm.variantAProperty().addListener((o, a, v) -> title());
        vm.variantBProperty().addListener((o, a, v) -> title());
        title();
    }

    /** Run C's controls, and the three-way charts in place of the A/B charts while C is on. */
    private void initializeThird(CompareViewModel vm) {
        ThirdRun c = vm.third();
        variantC.getItems().setAll(RunVariant.VARIANTS);
        variantC.valueProperty().bindBidirectional(c.variantProperty());
        variantC.disableProperty().bind(c.onProperty().not());
        thirdOn.selectedProperty().bindBidirectional(c.onProperty());
        statusC.textProperty().bind(c.statusProperty().map(s -> s.isEmpty() ? "" : "C: " + s));
        // Until a run has started, what Run all does instead of four empty charts.
        BooleanBinding started = vm.statusAProperty().isNotEmpty().or(vm.statusBProperty().isNotEmpty())
                .or(c.statusProperty().isNotEmpty());
        guide.visibleProperty().bind(started.not());
        threeWay.visibleProperty().bind(c.onProperty().and(started));
        twoWay.visibleProperty().bind(c.onProperty().not().and(started));
        lossAll.getChildren().add(chartsAll.loss());
        gradAll.getChildren().add(chartsAll.gradientPerStep());
        List<ObservableValue<ServiceSnapshot>> runs =
                List.of(vm.trainingAProperty(), vm.trainingBProperty(), c.trainingProperty());
        for (int side = 0; side < runs.size(); side++) {
            int i = side;
            runs.get(i).addListener((o, a, s) -> chartsAll.show(i, s));
            chartsAll.show(i, runs.get(i).getValue());
        }
        c.variantProperty().addListener((o, a, v) -> title());
    }

    private void title() {
        chartsA.loss().chart().setTitle("A: " + viewModel.variantAProperty().get().label());
        chartsB.loss().chart().setTitle("B: " + viewModel.variantBProperty().get().label());
        chartsAll.label(0, viewModel.variantAProperty().get().label());
        chartsAll.label(1, viewModel.variantBProperty().get().label());
        chartsAll.label(2, viewModel.third().variantProperty().get().label());
    }

    private static void follow(ObservableValue<ServiceSnapshot> training, TrainingCharts charts) {
        training.addListener((o, a, s) -> {
            if (s == null) charts.clear();
            else charts.show(s);
        });
        if (training.getValue() != null) charts.show(training.getValue());
    }

    @FXML
    private void run() {
        viewModel.run();
    }

    @FXML
    private void pause() {
        viewModel.pause();
    }

    @FXML
    private void step() {
        viewModel.step();
    }

    @FXML
    private void reset() {
        viewModel.reset();
    }
}
