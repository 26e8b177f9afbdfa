package org.rnnexplorer.ui.training;

import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.trainingcharts.TrainingCharts;

import java.util.List;
import java.util.Map;

/** Training: the run's settings, run / pause / step / reset, and its four charts. */
public final class TrainingView {

    private final TrainingViewModel viewModel;
    private final TrainingCharts charts;
    private final Parent root;

    @FXML private ComboBox<String> task, optimizer, normType;
    @FXML private ComboBox<TrainingViewModel.Init> init;
    @FXML private ComboBox<TrainingViewModel.Clip> clipping;
    @FXML private TextField steps, rho, batchSize, seed, lr, momentum, beta1, beta2, maxNorm, clipValue, tbpttChunk;
    @FXML private Label dataName, status, problem, predictionsText, sampleHeader, sampleProblem;
    @FXML private VBox sampleBox;
    @FXML private Button sampleButton;
    @FXML private TextField sampleLength, sampleTemperature, sampleStart;
    @FXML private TextArea sampleText;
    @FXML private Button runButton, pauseButton, stepButton, resetButton, leaveButton;
    @FXML private StackPane lossSlot, gradSlot, ratioSlot, spectrumSlot;

    public TrainingView(TrainingViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.charts = new TrainingCharts("", appearance);
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public TrainingCharts charts() {
        return charts;
    }

    public List<ExportableChart> exportableCharts() {
        return charts.all();
    }

    @FXML
    private void initialize() {
        TrainingViewModel vm = viewModel;
        task.getItems().setAll(TrainingViewModel.TASKS);
        task.valueProperty().bindBidirectional(vm.taskProperty());
        init.getItems().setAll(TrainingViewModel.Init.values());
        init.valueProperty().bindBidirectional(vm.initProperty());
        optimizer.getItems().setAll(Optimizers.NAMES);
        optimizer.valueProperty().bindBidirectional(vm.optimizerProperty());
        clipping.getItems().setAll(TrainingViewModel.Clip.values());
        clipping.valueProperty().bindBidirectional(vm.clippingProperty());
        normType.getItems().setAll(TrainingViewModel.NORM_TYPES);
        normType.valueProperty().bindBidirectional(vm.normTypeProperty());
        bind(steps, vm.stepsProperty());
        bind(rho, vm.rhoProperty());
        bind(batchSize, vm.batchSizeProperty());
        bind(seed, vm.seedProperty());
        bind(lr, vm.lrProperty());
        bind(momentum, vm.momentumProperty());
        bind(beta1, vm.beta1Property());
        bind(beta2, vm.beta2Property());
        bind(maxNorm, vm.maxNormProperty());
        bind(clipValue, vm.clipValueProperty());
        bind(tbpttChunk, vm.tbpttChunkProperty());
        momentum.disableProperty().bind(vm.momentumAppliesBinding().not());
        beta1.disableProperty().bind(vm.betasApplyBinding().not());
        beta2.disableProperty().bind(vm.betasApplyBinding().not());
        maxNorm.disableProperty().bind(vm.clippingProperty().isNotEqualTo(TrainingViewModel.Clip.NORM));
        normType.disableProperty().bind(vm.clippingProperty().isNotEqualTo(TrainingViewModel.Clip.NORM));
        clipValue.disableProperty().bind(vm.clippingProperty().isNotEqualTo(TrainingViewModel.Clip.VALUE));
        lr.setTooltip(new Tooltip("Learning rate: the optimiser's lr keyword."));
        dataName.textProperty().bind(vm.dataNameProperty().map(s -> s.isEmpty() ? "" : "on " + s));
        status.textProperty().bind(vm.statusProperty());
        predictionsText.textProperty().bind(vm.predictionsProperty());
        predictionsText.visibleProperty().bind(vm.predictionsProperty().isNotEmpty());
        predictionsText.managedProperty().bind(predictionsText.visibleProperty());
        outlineTheControlAtFault(vm);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        runButton.disableProperty().bind(vm.problemProperty().isNotEmpty());
        stepButton.disableProperty().bind(vm.problemProperty().isNotEmpty());
        resetButton.disableProperty().bind(vm.problemProperty().isNotEmpty());
        pauseButton.disableProperty().bind(vm.activeProperty().not());
        leaveButton.disableProperty().bind(vm.activeProperty().not());

        bindSampling(vm);

        lossSlot.getChildren().add(charts.loss());
        gradSlot.getChildren().add(charts.gradientNorm());
        ratioSlot.getChildren().add(charts.updateRatios());
        spectrumSlot.getChildren().add(charts.spectra());
        install(charts.loss(), "Loss before each update; the shaded band spans the smallest and largest loss that each "
                + "drawn point stands for (points are merged as the run grows). The dashed line is the chance level: "
                + "below it the model has learned something. The thicker line is the exponential moving average of the "
                + "raw per-iteration losses (span 50: each new loss weighs 2/51), taken before points are merged.");
        install(charts.gradientNorm(), "Total gradient norm before clipping (solid) and after (dashed); dots mark "
                + "updates where clipping fired (at most 60, evenly spaced: the legend says when there were more). A run "
                + "without clipping draws its one norm. Spikes are exploding gradients; a flat, tiny norm with the loss "
                + "at chance level is the vanishing kind.");
        install(charts.updateRatios(), "How much each update changes each parameter, relative to its size. DL4J's "
                + "rule of thumb: about 10⁻³ is healthy, above 10⁻² the learning rate is too high, below 10⁻⁴ too low.");
        install(charts.spectra(), "Spectral radius ρ (solid) and largest singular value σ_max (dashed) of each W_hh as "
                + "training changes it. σ_max < 1 with tanh means what a gradient carries back through that W_hh must vanish "
                + "over long ranges (a layer fed at every step, from above or by the loss, can still hold gradient).");
        vm.clippingProperty().addListener((o, a, c) -> charts.clippingWhileEmpty(c != TrainingViewModel.Clip.NONE));
        charts.clippingWhileEmpty(vm.clippingProperty().get() != TrainingViewModel.Clip.NONE);
        vm.trainingProperty().addListener((o, a, s) -> {
            if (s == null) charts.clear();
            else charts.show(s);
        });
        if (vm.trainingProperty().get() != null) charts.show(vm.trainingProperty().get());
    }

    /** Sample, for the text task only. */
    private void bindSampling(TrainingViewModel vm) {
        var text = vm.taskProperty().isEqualTo("text");
        sampleBox.visibleProperty().bind(text);
        sampleBox.managedProperty().bind(text);
        bind(sampleLength, vm.sampleLengthProperty());
        bind(sampleTemperature, vm.sampleTemperatureProperty());
        bind(sampleStart, vm.sampleStartProperty());
        sampleButton.disableProperty().bind(vm.samplingProperty());
        sampleHeader.textProperty().bind(vm.sampleHeaderProperty());
        sampleProblem.textProperty().bind(vm.sampleProblemProperty());
        sampleProblem.visibleProperty().bind(vm.sampleProblemProperty().isNotEmpty());
        sampleProblem.managedProperty().bind(sampleProblem.visibleProperty());
        sampleText.textProperty().bind(vm.sampleTextProperty());
        sampleText.visibleProperty().bind(vm.sampleTextProperty().isNotEmpty());
        sampleText.managedProperty().bind(sampleText.visibleProperty());
    }

    @FXML
    private void sample() {
        viewModel.sample();
    }

    private static void bind(TextField field, StringProperty property) {
        field.textProperty().bindBidirectional(property);
    }

    private static void install(Node node, String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(380);
        Tooltip.install(node, t);
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

    @FXML
    private void leave() {
        viewModel.leave();
    }

    /**
     * The control the problem line names is outlined as the form's fields are, so the line under the buttons points
     * at it (a wrong lr is the field beside the optimiser, far from that line).
     */
    private void outlineTheControlAtFault(TrainingViewModel vm) {
        Map<String, List<Control>> byKeyword = Map.ofEntries(Map.entry("T", List.of(steps)), Map.entry("steps", List.of(steps)),
                Map.entry("batch_size", List.of(batchSize)), Map.entry("TBPTT chunk", List.of(tbpttChunk)),
                Map.entry("seed", List.of(seed)), Map.entry("ρ", List.of(rho)), Map.entry("lr", List.of(lr)),
                Map.entry("momentum", List.of(momentum)), Map.entry("betas", List.of(beta1, beta2)),
                Map.entry("max_norm", List.of(maxNorm)), Map.entry("clip_value", List.of(clipValue)),
                Map.entry("task", List.of(task)), Map.entry("init", List.of(init)),
                Map.entry("characters", List.of(sampleLength)), Map.entry("temperature", List.of(sampleTemperature)));
        PseudoClass error = PseudoClass.getPseudoClass("error");
        vm.problemFieldProperty().addListener((o, was, now) -> {
            for (Control c : byKeyword.getOrDefault(was, List.of())) c.pseudoClassStateChanged(error, false);
            for (Control c : byKeyword.getOrDefault(now, List.of())) c.pseudoClassStateChanged(error, true);
        });
        for (Control c : byKeyword.getOrDefault(vm.problemFieldProperty().get(), List.of())) {
            c.pseudoClassStateChanged(error, true);
        }
    }
}
