package org.rnnexplorer.ui.hidden;

import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeAxisAlignment;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveControls;
import org.rnnexplorer.ui.live.LiveShortcuts;
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
    private final TimeSeriesChart unitsChart = TimeSeriesChart.create("Chosen units h_t", "t", "h_t", false);
    private final Parent root;

    @FXML private ComboBox<Integer> layerChoice, directionChoice;
    @FXML private TextField units;
    @FXML private Label unitsError, header, readout, windowLabel;
    @FXML private javafx.scene.control.Button zoomInButton, zoomOutButton, allStepsButton;
    @FXML private StackPane heatmapSlot, saturationSlot, unitsSlot, timeSlot;

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

    public List<ExportableChart> charts() {
        return List.of(heatmap, unitsChart, saturationChart);
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

    @FXML
    private void initialize() {
        HiddenStatesViewModel vm = viewModel;
        LiveControls.bindChoice(layerChoice, vm.layers(), vm.layerProperty(), null);
        LiveControls.bindChoice(directionChoice, vm.directions(), vm.directionProperty(), d -> d == 0 ? "forward" : "reverse");
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
        heatmap.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> heatmap.requestFocus());
        Tooltip.install(heatmap, LiveControls.teaching("Each row is one hidden unit, each column one timestep t; the colour is h_t "
                + "(tanh: blue −1, grey 0, red +1 on a fixed scale; ReLU: 0 up to the largest value). Hatched cells are "
                + "saturated tanh units (|h| > 0.95, where tanh′ < 0.1 lets little gradient through) or dead ReLU units "
                + "(h = 0, gradient exactly 0). Hover for t, unit and value; click a row to chart that unit; scroll to "
                + "zoom the time axis around the pointer. "
                + LiveShortcuts.SUMMARY + "."));

        for (TimeSeriesChart c : List.of(saturationChart, unitsChart)) c.appearanceProperty().bind(appearance);
        saturationChart.setYRange(0, 1);
        saturationSlot.getChildren().add(saturationChart);
        unitsSlot.getChildren().add(unitsChart);
        Tooltip.install(saturationChart, LiveControls.teaching("The fraction of units saturated (tanh, |h| > 0.95) or dead (ReLU, h = 0) "
                + "at each timestep, over the whole batch. Where it is high, gradients flowing back through that step shrink."));
        Tooltip.install(unitsChart, LiveControls.teaching("h_t of the chosen units against t. Units that stay near ±1 are saturated; "
                + "units that follow the input closely forget quickly."));

        timeSlot.getChildren().add(new TimeControlsView(vm.cursor()).root());
        // Column t of the heatmap over x = t of both charts, so the time cursor is one straight line.
        TimeAxisAlignment.install(heatmap, List.of(saturationChart, unitsChart));

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.unitCurvesProperty().addListener((o, a, c) -> showUnits(c));
        vm.cursor().tProperty().addListener(o -> showCursor());
        if (vm.frameProperty().get() != null) showFrame(vm.frameProperty().get());
        showUnits(vm.unitCurvesProperty().get());
    }

    @FXML
    private void exportTraces() {
        exportTraces.run();
    }

    private void showFrame(HiddenFrame f) {
        if (f == null) return;
        heatmap.titleProperty().set("h_t of " + f.direction().label() + "  (units × time, " + f.hidden() + " × " + f.steps() + ")");
        heatmap.signedProperty().set(f.signed());
        heatmap.fixedScaleProperty().set(f.scale());
        heatmap.setData(f.states());
        heatmap.setMask(f.saturated());
        String title = f.tanh() ? "Saturated units (|h| > 0.95) per timestep, over the batch"
                : "Dead units (h = 0) per timestep, over the batch";
        saturationChart.setTitle(title);
        saturationChart.setLines(List.of(line(Curve.perStep(f.tanh() ? "saturated" : "dead", f.saturatedFraction()), 1)));
        showCursor();
    }

    private void showUnits(List<Curve> curves) {
        List<TimeSeriesChart.Line> lines = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) lines.add(line(curves.get(i), i));
        unitsChart.setLines(lines);
    }

    private void showCursor() {
        int t = viewModel.cursor().tProperty().get();
        heatmap.setMarkedColumn(viewModel.frameProperty().get() == null ? -1 : t);
        saturationChart.setCursor(t);
        unitsChart.setCursor(t);
    }

    private static TimeSeriesChart.Line line(Curve c, int color) {
        return new TimeSeriesChart.Line(c.key(), c.x(), c.y(), TimeSeriesChart.Style.SOLID, color);
    }
}
