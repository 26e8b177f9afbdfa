package org.rnnexplorer.ui.gradient;

import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveControls;
import org.rnnexplorer.ui.live.LiveShortcuts;
import org.rnnexplorer.ui.live.SequenceControl;
import org.rnnexplorer.ui.live.TimeControlsView;
import org.rnnexplorer.ui.live.TimeZoomControls;
import org.rnnexplorer.ui.state.ExploreLoss;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient flow: ‖∂L/∂h_t‖ on a log axis with Pascanu's bound and the measured running product, ∂L/∂h_t as a units
 * × time heatmap, step-through BPTT, and the gradient norm per iteration with clipping events.
 */
public final class GradientFlowView {

    private final GradientFlowViewModel viewModel;
    private final ObservableValue<ChartAppearance> appearance;
    private final Runnable exportTraces;
    private final TimeSeriesChart normChart = TimeSeriesChart.create("‖∂L/∂h_t‖ against t", "t", "‖∂L/∂h_t‖ (log)", true);
    private final TimeSeriesChart clipChart = TimeSeriesChart.create("Gradient norm per iteration", "iteration", "‖g‖ (log)", true);
    private final Heatmap heatmap = new Heatmap();
    private final Parent root;
    private final Tooltip normTip = LiveControls.teaching(ELMAN_NORM_TIP);
    private static final String ELMAN_NORM_TIP = "‖∂L/∂h_t‖: how much the loss changes with the state at step t, "
            + "over the whole batch, one line per layer and direction. On this log axis exponential decay going back "
            + "from the loss is a straight line down: the vanishing gradient. Dashed: Pascanu's bound "
            + "‖∂L/∂h_last‖·(γσ_max)^k, k steps back (γ = 1 for tanh and ReLU; drawn up to 100× the largest norm, and "
            + "only where the gradient enters at the last step alone: a lower layer, or a loss at every step, feeds "
            + "it at other steps too). "
            + "Dotted: ‖∂L/∂h_last‖ times the measured running product ‖∂h_last/∂h_t‖₂ of the followed sequence. "
            + "The shaded band is the part BPTT step-through has walked.";
    private static final String GATED_NORM_TIP = "‖∂L/∂h_t‖ (and an LSTM's ‖∂L/∂c_t‖): how much the loss changes "
            + "with the state at step t, over the whole batch, one line per layer and direction, on a log axis. Dotted: "
            + "‖∂L/∂h_last‖ times the measured running product ‖∂h_last/∂h_t‖₂ of the followed sequence's step Jacobians. "
            + "Dashed: the gradient at the last step times the mean over units of ∏f (LSTM: the cell path) or ∏z (GRU: "
            + "the skip past n). The shaded band is the part BPTT step-through has walked.";

    @FXML private ComboBox<Integer> layerChoice, directionChoice;
    @FXML private CheckBox logMagnitude;
    @FXML private ComboBox<ExploreLoss> exploreLossChoice;
    @FXML private Label header, lossText, boundText, clipText, stepText, windowLabel, arithmeticText;
    @FXML private ScrollPane arithmeticScroll;
    private StepArithmeticView arithmetic;
    @FXML private Button stepBackButton, restartButton, zoomInButton, zoomOutButton, allStepsButton;
    @FXML private StackPane normSlot, clipSlot, heatmapSlot, timeSlot;

    /** @param exportTraces asks for a file and writes the latest pass's traces */
    public GradientFlowView(GradientFlowViewModel viewModel, ObservableValue<ChartAppearance> appearance,
                            Runnable exportTraces) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.exportTraces = exportTraces;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public List<ExportableChart> charts() {
        return List.of(normChart, heatmap, clipChart);
    }

    /** ‖∂L/∂h_t‖ against t (for tests). */
    public TimeSeriesChart normChart() {
        return normChart;
    }

    public Heatmap heatmap() {
        return heatmap;
    }

    /** The captions of the step's matrices as shown, in order (for tests). */
    public List<String> arithmeticCaptions() {
        return arithmetic.captions();
    }

    @FXML
    private void initialize() {
        GradientFlowViewModel vm = viewModel;
        LiveControls.bindChoice(layerChoice, vm.layers(), vm.layerProperty(), null);
        LiveControls.bindChoice(directionChoice, vm.directions(), vm.directionProperty(), d -> d == 0 ? "forward" : "reverse");
        logMagnitude.selectedProperty().bindBidirectional(vm.logMagnitudeProperty());
        header.textProperty().bind(vm.headerProperty());
        lossText.textProperty().bind(vm.lossTextProperty());
        exploreLossChoice.getItems().setAll(ExploreLoss.values());
        exploreLossChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(ExploreLoss loss) {
                return loss == null ? "" : loss == ExploreLoss.LAST_STEP
                        ? "mean(h_last²), last step" : "mean(h_t²), every step";
            }

            @Override
            public ExploreLoss fromString(String text) {
                return null;
            }
        });
        exploreLossChoice.valueProperty().bindBidirectional(vm.exploreLossProperty());
        exploreLossChoice.disableProperty().bind(vm.exploringProperty().not()); // training differentiates its task's loss
        boundText.textProperty().bind(vm.boundTextProperty());
        stepText.textProperty().bind(vm.stepTextProperty());
        arithmeticText.textProperty().bind(vm.arithmeticTextProperty());
        arithmetic = new StepArithmeticView(appearance);
        arithmeticScroll.setContent(arithmetic.root());
        arithmeticScroll.visibleProperty().bind(vm.arithmeticProperty().isNotNull());
        arithmeticScroll.managedProperty().bind(arithmeticScroll.visibleProperty());
        vm.arithmeticProperty().addListener((o, a, step) -> arithmetic.show(step));
        arithmetic.show(vm.arithmeticProperty().get());
        clipText.textProperty().bind(vm.clippingProperty().map(ClipHistory::describe));
        stepBackButton.disableProperty().bind(vm.frameProperty().isNull());
        restartButton.disableProperty().bind(vm.steppingProperty().not());

        for (TimeSeriesChart c : List.of(normChart, clipChart)) c.appearanceProperty().bind(appearance);
        normSlot.getChildren().add(normChart);
        clipSlot.getChildren().add(clipChart);
        Tooltip.install(normChart, normTip);
        Tooltip.install(clipChart, LiveControls.teaching("The total gradient norm per training iteration before and after "
                + "clipping; dots mark the iterations where clipping fired (at most 60, evenly spaced: the legend says when there were more; "
                + "Pascanu et al.: rescale g when ‖g‖ > τ); a run without clipping draws its one norm. "
                + "Long runs are decimated: each point then shows the largest norm of the iterations it covers."));

        heatmap.rowCaptionProperty().set("unit");
        heatmap.columnCaptionProperty().set("t");
        heatmap.appearanceProperty().bind(appearance);
        heatmap.setCellFormatter((unit, t, v) -> vm.describeCell(unit, t));
        heatmap.setOnCellClicked((unit, t) -> vm.cursor().moveTo(t));
        // The mouse wheel zooms the time axis around the step under the pointer; the norm chart shows the same steps.
        TimeZoomControls.bind(heatmap, vm.timeZoom(), vm.cursor(), zoomInButton, zoomOutButton, allStepsButton, windowLabel);
        vm.timeZoom().windowProperty().addListener((o, a, w) -> normChart.alignX(
                w == null || !vm.timeZoom().zoomed() ? null : TimeSeriesChart.XFrame.range(w.from() - 0.5, w.to() + 0.5)));
        heatmapSlot.getChildren().add(heatmap);
        // A click takes the keyboard from a text field, so the time shortcuts work again.
        heatmap.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> heatmap.requestFocus());
        Tooltip.install(heatmap, LiveControls.teaching("∂L/∂h_t of the followed sequence: each row a unit, each column a "
                + "timestep; blue negative, red positive on a scale symmetric around 0 (or log10 |∂L/∂h| with the box "
                + "ticked). Columns fading to grey going away from the loss are the vanishing gradient. Hover for the "
                + "value; click a column to move the time cursor there; scroll to zoom the time axis around the pointer. " + LiveShortcuts.SUMMARY + "."));

        timeSlot.getChildren().add(new TimeControlsView(vm.cursor()).root());
        // The followed sequence under the heatmap it is the rows of, beside the step-through that walks it (the
        // toolbar is full: at 1366 px it took a second line and the pane scrolled).
        ((FlowPane) restartButton.getParent()).getChildren().add(new SequenceControl(vm.cursor().sequence()));

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.clippingProperty().addListener((o, a, c) -> showClipping(c));
        vm.cursor().tProperty().addListener(o -> showCursor());
        vm.walkedFromProperty().addListener(o -> showCursor());
        vm.walkedToProperty().addListener(o -> showCursor());
        if (vm.frameProperty().get() != null) showFrame(vm.frameProperty().get());
        showClipping(vm.clippingProperty().get());
    }

    @FXML
    private void exportTraces() {
        exportTraces.run();
    }

    @FXML
    private void stepBack() {
        viewModel.stepBack();
    }

    @FXML
    private void restart() {
        viewModel.restart();
    }

    private void showFrame(GradientFrame f) {
        if (f == null) return;
        List<TimeSeriesChart.SeriesLine> lines = new ArrayList<>();
        for (int i = 0; i < f.norms().size(); i++) lines.add(line(f.norms().get(i), TimeSeriesChart.Style.SOLID, i));
        if (f.bound() != null) lines.add(line(f.bound(), TimeSeriesChart.Style.DASHED, -1));
        if (f.product() != null) lines.add(line(f.product(), TimeSeriesChart.Style.DOTTED, f.norms().size()));
        if (f.gatePath() != null) lines.add(line(f.gatePath(), TimeSeriesChart.Style.DASHED, f.norms().size() + 1));
        normChart.setTitle(f.gated() && f.direction().gated().gradCellNorm() != null
                ? "‖∂L/∂h_t‖ and ‖∂L/∂c_t‖ against t" : "‖∂L/∂h_t‖ against t");
        normChart.setLines(lines);
        normTip.setText(f.gated() ? GATED_NORM_TIP : ELMAN_NORM_TIP);
        String label = f.direction().label();
        heatmap.titleProperty().set((f.logMagnitude() ? "log₁₀ |∂L/∂h_t| of " : "∂L/∂h_t of ") + label
                + "  (units × time, " + f.gradients().rows() + " × " + f.gradients().columns() + ")");
        heatmap.signedProperty().set(!f.logMagnitude());
        heatmap.fixedScaleProperty().set(f.scale());
        heatmap.setData(f.gradients());
        showCursor();
    }

    private void showClipping(ClipHistory c) {
        // As the Training pane draws them (TrainingCharts' gradient norm): after clipping dashed in the second colour,
        // the events as dots in the third, so one series looks the same in both panes.
        // A run without clipping has one norm: no legend entries for lines and dots it cannot have.
        clipChart.setLines(!c.clips() ? List.of(line(c.before(), TimeSeriesChart.Style.SOLID, 0))
                : List.of(line(c.before(), TimeSeriesChart.Style.SOLID, 0),
                line(c.after(), TimeSeriesChart.Style.DASHED, 1), line(c.events(), TimeSeriesChart.Style.POINTS, 2)));
    }

    private void showCursor() {
        GradientFlowViewModel vm = viewModel;
        int t = vm.cursor().tProperty().get();
        boolean shown = vm.frameProperty().get() != null;
        heatmap.setMarkedColumn(shown ? t : -1);
        heatmap.setColumnBand(vm.walkedFromProperty().get(), vm.walkedToProperty().get());
        normChart.setCursor(t);
        int from = vm.walkedFromProperty().get();
        normChart.setBand(from < 0 ? Double.NaN : from, from < 0 ? Double.NaN : vm.walkedToProperty().get());
    }

    private static TimeSeriesChart.SeriesLine line(Curve c, TimeSeriesChart.Style style, int color) {
        return new TimeSeriesChart.SeriesLine(c.key(), c.x(), c.y(), style, color);
    }
}
