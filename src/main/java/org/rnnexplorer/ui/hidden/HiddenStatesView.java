package org.rnnexplorer.ui.hidden;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeAxisAlignment;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveControls;
import org.rnnexplorer.ui.live.LiveShortcuts;
import org.rnnexplorer.ui.live.SequenceControl;
import org.rnnexplorer.ui.live.TimeControlsView;
import org.rnnexplorer.ui.live.TimeZoomControls;

import java.util.ArrayList;
import java.util.List;

/** Hidden states: the units × time heatmap of h_t with saturated units hatched, chosen units over time, the cursor. */
public final class HiddenStatesView {

    private final HiddenStatesViewModel viewModel;
    private final ObservableValue<ChartAppearance> appearance;
    private final Runnable exportTraces;
    private final Heatmap heatmap = new Heatmap();
    private final TimeSeriesChart saturationChart = TimeSeriesChart.create("Saturated units per timestep", "t", "fraction", false);
    private final TimeSeriesChart unitsChart = TimeSeriesChart.create("Chosen units h_t", "t", "value", false);
    private final TimeSeriesChart scatterChart = TimeSeriesChart.create("Gate saturation", "fraction of steps < 0.1 (shut)",
            "fraction of steps > 0.9 (open)", false);
    private final Parent root;
    private final Tooltip heatmapTip = LiveControls.teaching(ELMAN_TIP);
    private static final String ELMAN_TIP = "Each row is one hidden unit, each column one timestep t; the colour is h_t "
            + "(tanh: blue −1, grey 0, red +1 on a fixed scale; ReLU: 0 up to the largest value). Hatched cells are "
            + "saturated tanh units (|h| > 0.95, where tanh′ < 0.1 lets little gradient through) or dead ReLU units "
            + "(h = 0, gradient exactly 0). Hover for t, unit and value; click a row to chart that unit; scroll to "
            + "zoom the time axis around the pointer. " + LiveShortcuts.SUMMARY + ".";
    private static final String GATED_TIP = "Each row is one unit, each column one timestep t; the colour is the quantity "
            + "chosen under Show. Sigmoid gates (i, f, o, r, z) on a fixed [0, 1] scale, g, n and h_t on [−1, 1]; c_t, "
            + "and an h_t that leaves ±1 (a projection can), on a scale symmetric around 0 from their values. Hatched: a sigmoid gate below 0.1 "
            + "or above 0.9, g or n beyond ±0.95. Hover for t, unit and value; click a row to chart that unit; scroll to "
            + "zoom the time axis around the pointer. " + LiveShortcuts.SUMMARY + ".";

    @FXML private ComboBox<Integer> layerChoice, directionChoice;
    @FXML private ComboBox<String> quantityChoice;
    @FXML private Label quantityLabel, scatterText;
    @FXML private VBox scatterBox;
    @FXML private TextField units;
    @FXML private Label unitsError, header, readout, windowLabel;
    @FXML private Button zoomInButton, zoomOutButton, allStepsButton;
    @FXML private StackPane heatmapSlot, saturationSlot, unitsSlot, timeSlot, scatterSlot;
    @FXML private VBox textBox;
    @FXML private ComboBox<TextStrip.Colouring> textColouringChoice;
    @FXML private Label textCaption, textHover;
    @FXML private ScrollPane textScroll;
    private final TextStripView textStrip = new TextStripView();
    /** The lines the text strip keeps room for, and the T and width they were found at. */
    private int textReservedLines, textFitSteps;
    private double textFitWidth;
    /** Lines of text shown before the strip scrolls. */
    private static final int TEXT_LINES = 4;
    private static final String TEXT_HINT = "Hover a character for its step, what came next and its value; a click "
            + "moves the time cursor there.";

    /** @param exportTraces asks for a file and writes the latest pass's traces */
    public HiddenStatesView(HiddenStatesViewModel viewModel, ObservableValue<ChartAppearance> appearance,
                            Runnable exportTraces) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.exportTraces = exportTraces;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    /** The pane's charts; Export chart… offers those shown (the scatter for a gated cell, the text for a text pass). */
    public List<ExportableChart> charts() {
        return List.of(heatmap, unitsChart, saturationChart, scatterChart, textStrip);
    }

    /** The gate-saturation scatter, shown for an LSTM or GRU (for tests). */
    public TimeSeriesChart scatterChart() {
        return scatterChart;
    }

    /** The units × time heatmap of h_t (for tests). */
    public Heatmap heatmap() {
        return heatmap;
    }

    public TimeSeriesChart unitsChart() {
        return unitsChart;
    }

    public TimeSeriesChart saturationChart() {
        return saturationChart;
    }

    /** The text task's coloured characters (for tests). */
    public TextStripView textStrip() {
        return textStrip;
    }

    @FXML
    private void initialize() {
        HiddenStatesViewModel vm = viewModel;
        LiveControls.bindChoice(layerChoice, vm.layers(), vm.layerProperty(), null);
        LiveControls.bindChoice(directionChoice, vm.directions(), vm.directionProperty(), d -> d == 0 ? "forward" : "reverse");
        bindQuantity(vm);
        // The chooser matters only for gated cells (an RNN offers h_t alone).
        var gated = Bindings.size(vm.quantities()).greaterThan(1);
        for (Node n : List.of(quantityChoice, quantityLabel)) {
            n.visibleProperty().bind(gated);
            n.managedProperty().bind(gated);
        }
        scatterBox.visibleProperty().bind(gated);
        scatterBox.managedProperty().bind(gated);
        scatterText.textProperty().bind(vm.saturationTextProperty());
        scatterChart.appearanceProperty().bind(appearance);
        scatterChart.setYRange(0, 1);
        scatterChart.alignX(TimeSeriesChart.XFrame.range(0, 1));
        scatterSlot.getChildren().add(scatterChart);
        Tooltip.install(scatterChart, LiveControls.teaching("Karpathy, Johnson & Fei-Fei (2015): each dot is one unit of "
                + "a sigmoid gate, one colour per gate. Right: the gate is often below 0.1 (shut); up: often above 0.9 "
                + "(open). A forget-gate unit high up keeps its cell state over many steps: the long memory an LSTM "
                + "learns. Counted over the followed sequence's valid steps."));
        units.textProperty().bindBidirectional(vm.unitsTextProperty());
        unitsError.textProperty().bind(vm.unitsErrorProperty());
        header.textProperty().bind(vm.headerProperty());
        readout.textProperty().bind(vm.readoutProperty());

        heatmap.rowCaptionProperty().set("unit");
        heatmap.columnCaptionProperty().set("t");
        heatmap.appearanceProperty().bind(appearance);
        heatmap.setCellFormatter((unit, t, v) -> vm.describeCell(unit, t));
        // The mouse wheel zooms the time axis around the step under the pointer (the charts below follow).
        TimeZoomControls.bind(heatmap, vm.timeZoom(), vm.cursor(), zoomInButton, zoomOutButton, allStepsButton, windowLabel);
        heatmap.setOnCellClicked((unit, t) -> vm.toggleUnit(unit));
        heatmapSlot.getChildren().add(heatmap);
        // A click takes the keyboard from a text field, so the time shortcuts work again.
        heatmap.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> heatmap.requestFocus());
        Tooltip.install(heatmap, heatmapTip);

        for (TimeSeriesChart c : List.of(saturationChart, unitsChart)) c.appearanceProperty().bind(appearance);
        saturationChart.setYRange(0, 1);
        saturationSlot.getChildren().add(saturationChart);
        unitsSlot.getChildren().add(unitsChart);
        Tooltip.install(saturationChart, LiveControls.teaching("The fraction of units saturated (tanh, |h| > 0.95) or dead (ReLU, h = 0) "
                + "at each timestep, over the whole batch. Where it is high, gradients flowing back through that step shrink."));
        Tooltip.install(unitsChart, LiveControls.teaching("h_t of the chosen units against t. Units that stay near ±1 are saturated; "
                + "units that follow the input closely forget quickly."));

        bindText(vm);

        timeSlot.getChildren().add(new TimeControlsView(vm.cursor()).root());
        // The followed sequence sits beside the layer and direction it qualifies.
        FlowPane bar = (FlowPane) directionChoice.getParent();
        bar.getChildren().add(bar.getChildren().indexOf(directionChoice) + 1, new SequenceControl(vm.cursor().sequence()));
        // Column t of the heatmap over x = t of both charts, so the time cursor is one straight line.
        TimeAxisAlignment.install(heatmap, List.of(saturationChart, unitsChart));

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.unitCurvesProperty().addListener((o, a, c) -> showUnits(c));
        vm.cursor().tProperty().addListener(o -> showCursor());
        if (vm.frameProperty().get() != null) showFrame(vm.frameProperty().get());
        showUnits(vm.unitCurvesProperty().get());
    }

    /** The text strip: shown for a pass on the text task, its colouring chosen here, a click moving the cursor. */
    private void bindText(HiddenStatesViewModel vm) {
        textColouringChoice.getItems().setAll(TextStrip.Colouring.values());
        textColouringChoice.valueProperty().bindBidirectional(vm.textColouringProperty());
        textStrip.appearanceProperty().bind(appearance);
        textStrip.stripProperty().bind(vm.textStripProperty());
        textStrip.setOnStepClicked(t -> vm.cursor().moveTo(t));
        textScroll.setContent(textStrip);
        var shown = vm.textStripProperty().isNotNull();
        textBox.visibleProperty().bind(shown);
        textBox.managedProperty().bind(shown);
        textCaption.textProperty().bind(vm.textStripProperty().map(TextStrip::caption).orElse(""));
        textHover.textProperty().bind(Bindings.createStringBinding(
                () -> textStrip.hoverTextProperty().get().isEmpty() ? TEXT_HINT : textStrip.hoverTextProperty().get(),
                textStrip.hoverTextProperty()));
        // Up to TEXT_LINES lines at once; a longer sequence scrolls. The height only grows while T and the width
        // stay (each pass's text breaks its lines elsewhere), so the heatmap below does not jump from pass to pass.
        Runnable fit = () -> {
            TextStrip strip = textStrip.stripProperty().get();
            double width = textScroll.getWidth() - 4;
            if (strip == null || width <= 0) return;
            int lines = Math.min(TEXT_LINES, textStrip.linesAt(width));
            boolean same = strip.steps() == textFitSteps && width == textFitWidth;
            textReservedLines = same ? Math.max(textReservedLines, lines) : lines;
            textFitSteps = strip.steps();
            textFitWidth = width;
            textScroll.setPrefViewportHeight(textStrip.heightOfLines(textReservedLines));
        };
        textScroll.widthProperty().addListener(o -> fit.run());
        textStrip.stripProperty().addListener(o -> fit.run());
        textStrip.appearanceProperty().addListener(o -> fit.run());
    }

    /** The quantity chooser follows the view-model's choices and value both ways, labelled in words. */
    private void bindQuantity(HiddenStatesViewModel vm) {
        quantityChoice.setItems(vm.quantities());
        quantityChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String key) {
                return key == null ? "" : HiddenQuantity.label(key);
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });
        quantityChoice.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.quantityProperty().set(b);
        });
        vm.quantityProperty().addListener((o, a, b) -> quantityChoice.setValue(b));
        vm.quantities().addListener((ListChangeListener<String>) c ->
                quantityChoice.setValue(vm.quantityProperty().get()));
        quantityChoice.setValue(vm.quantityProperty().get());
    }

    @FXML
    private void exportTraces() {
        exportTraces.run();
    }

    private void showFrame(HiddenFrame f) {
        if (f == null) return;
        String symbol = HiddenQuantity.symbol(f.quantity());
        heatmapTip.setText(f.gated() ? GATED_TIP : ELMAN_TIP);
        heatmap.titleProperty().set(symbol + " of " + f.direction().label() + "  (units × time, " + f.hidden() + " × " + f.steps() + ")");
        heatmap.signedProperty().set(f.signed());
        heatmap.fixedScaleProperty().set(f.scale());
        heatmap.setData(f.states());
        heatmap.setMask(f.saturated());
        String title = f.gated() ? f.maskMeaning() == null
                ? symbol + " has no saturation threshold: choose a gate to see its saturated units"
                : "Units " + f.maskMeaning() + " per timestep, sequence b = " + f.trace().batchIndex()
                : f.tanh() ? "Saturated units (|h| > 0.95) per timestep, over the batch"
                : "Dead units (h = 0) per timestep, over the batch";
        saturationChart.setTitle(title);
        saturationChart.setLines(f.saturatedFraction() == null ? List.of()
                : List.of(line(Curve.perStep(f.tanh() || f.gated() ? "saturated" : "dead", f.saturatedFraction()), 1)));
        unitsChart.setTitle("Chosen units " + symbol);
        showScatter(f.saturation());
        showCursor();
    }

    private void showScatter(GateSaturation s) {
        if (s == null) {
            scatterChart.setLines(List.of());
            return;
        }
        List<TimeSeriesChart.SeriesLine> lines = new ArrayList<>();
        for (int g = 0; g < s.gates().size(); g++) {
            lines.add(new TimeSeriesChart.SeriesLine(HiddenQuantity.label(s.gates().get(g)), s.shut().get(g), s.open().get(g),
                    TimeSeriesChart.Style.POINTS, g));
        }
        scatterChart.setTitle("Gate saturation of " + s.gates().size() + " sigmoid gates");
        scatterChart.setLines(lines);
    }

    private void showUnits(List<Curve> curves) {
        List<TimeSeriesChart.SeriesLine> lines = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) lines.add(line(curves.get(i), i));
        unitsChart.setLines(lines);
    }

    private void showCursor() {
        int t = viewModel.cursor().tProperty().get();
        heatmap.setMarkedColumn(viewModel.frameProperty().get() == null ? -1 : t);
        textStrip.markedStepProperty().set(t);
        saturationChart.setCursor(t);
        unitsChart.setCursor(t);
    }

    private static TimeSeriesChart.SeriesLine line(Curve c, int color) {
        return new TimeSeriesChart.SeriesLine(c.key(), c.x(), c.y(), TimeSeriesChart.Style.SOLID, color);
    }
}
