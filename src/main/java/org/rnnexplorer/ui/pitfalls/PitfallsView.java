package org.rnnexplorer.ui.pitfalls;

import javafx.application.Platform;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.DetachStudy;
import org.rnnexplorer.ui.chart.BatchedSeries;
import org.rnnexplorer.ui.chart.CellFormatter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.Charts;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.chart.RowTicks;
import org.rnnexplorer.ui.fx.FxmlViews;

import java.awt.BasicStroke;
import java.util.List;

/** The seed article's pitfalls 1 and 3, seen in the engine's numbers. */
public final class PitfallsView {

    private final PitfallsViewModel viewModel;
    private final ObservableValue<ChartAppearance> appearance;
    private final Heatmap wrong = new Heatmap();
    private final Heatmap right = new Heatmap();
    private final Heatmap difference = new Heatmap();
    private final BatchedSeries reachWithout = new BatchedSeries("without detach");
    private final BatchedSeries reachWith = new BatchedSeries("with h.detach()");
    private final BatchedSeries memoryWithout = new BatchedSeries("without detach");
    private final BatchedSeries memoryWith = new BatchedSeries("with h.detach()");
    private final ChartBox reach = Charts.lines("How far back the gradient reaches", "t (step of the stream)",
            "‖∂L/∂h_t‖", true, reachWithout, reachWith);
    private final ChartBox memory = Charts.lines("Hidden states kept for backward", "k (chunks)", "bytes", false,
            memoryWithout, memoryWith);
    private final Parent root;

    @FXML private Label batchFirstText, batchFirstProblem, detachText, detachProblem, chunksValue;
    @FXML private HBox batchFirstCharts, detachControls, detachCharts;
    @FXML private Label batchFirstTitle, vanishingTitle, detachTitle;
    @FXML private ScrollPane scroll;
    @FXML private Slider chunks;
    @FXML private StackPane wrongSlot, rightSlot, differenceSlot, reachSlot, memorySlot;

    public PitfallsView(PitfallsViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public List<ExportableChart> charts() {
        return List.of(wrong, right, difference, reach, memory);
    }

    /** Scrolls so that pitfall 1, 2 or 3 starts at the top (after the next layout, when heights are known). */
    private void scrollTo(int section) {
        Label target = switch (section) {
            case 2 -> vanishingTitle;
            case 3 -> detachTitle;
            default -> batchFirstTitle;
        };
        Platform.runLater(() -> {
            scroll.layout();
            double content = scroll.getContent().getBoundsInLocal().getHeight();
            double viewport = scroll.getViewportBounds().getHeight();
            double y = target.getBoundsInParent().getMinY();
            scrolledTo = content > viewport ? Math.min(1, y / (content - viewport)) : 0;
            scroll.setVvalue(scrolledTo);
        });
    }

    /** Where {@link #scrollTo} left the scroll bar; while it stays there, growing content keeps the section on top. */
    private double scrolledTo = Double.NaN;

    @FXML
    private void initialize() {
        PitfallsViewModel vm = viewModel;
        vm.sectionProperty().addListener((o, a, section) -> scrollTo(section.intValue()));
        vm.sectionShownProperty().addListener((o, a, b) -> scrollTo(vm.sectionProperty().get()));
        scroll.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) scrollTo(vm.sectionProperty().get());
        });
        // Charts and explanations arrive after the first layout and move the sections down: follow them until the
        // user scrolls.
        scroll.getContent().boundsInLocalProperty().addListener((o, a, b) -> {
            if (scroll.getVvalue() == scrolledTo && a.getHeight() != b.getHeight()) scrollTo(vm.sectionProperty().get());
        });
        for (Heatmap h : List.of(wrong, right, difference)) {
            h.appearanceProperty().bind(appearance);
            h.rowCaptionProperty().set("sample n, step t");
            h.columnCaptionProperty().set("output feature");
        }
        Heatmap.keepTitlesLevel(wrong, right, difference);
        wrongSlot.getChildren().add(wrong);
        rightSlot.getChildren().add(right);
        differenceSlot.getChildren().add(difference);
        Tooltip.install(difference, new Tooltip("Where the two outputs differ. Row n·L + t is sample n at step t."));
        // Within the last chunk both curves agree: the detached one is drawn wide underneath the other.
        XYItemRenderer lines = reach.chart().getXYPlot().getRenderer();
        lines.setSeriesStroke(1, new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        lines.setSeriesStroke(0, new BasicStroke(1.5f));
        ((NumberAxis) memory.chart().getXYPlot().getDomainAxis())
                .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        reach.appearanceProperty().bind(appearance);
        memory.appearanceProperty().bind(appearance);
        reachSlot.getChildren().add(reach);
        memorySlot.getChildren().add(memory);
        Tooltip.install(reach, new Tooltip("‖∂L/∂h_t‖ over layers, batch and units for every step of the stream; the "
                + "dashed lines are chunk boundaries. With detach the curve starts at the last chunk: before it the "
                + "gradient is exactly zero (no point on a log axis)."));

        chunks.valueProperty().bindBidirectional(vm.chunksProperty());
        chunksValue.textProperty().bind(vm.chunksProperty().asString("k = %d"));
        bindProblem(batchFirstProblem, vm.batchFirstProblemProperty(), batchFirstCharts);
        bindProblem(detachProblem, vm.detachProblemProperty(), detachControls, detachCharts);
        vm.batchFirstProperty().addListener((o, a, r) -> show(r));
        vm.detachProperty().addListener((o, a, r) -> show(r));
        show(vm.batchFirstProperty().get());
        show(vm.detachProperty().get());
        vm.compute();
    }

    /** The study's problem in place of its charts: empty axes under "needs a unidirectional RNN" showed nothing. */
    private static void bindProblem(Label label, ObservableStringValue text, Node... study) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        for (Node n : study) {
            n.visibleProperty().bind(label.visibleProperty().not());
            n.managedProperty().bind(n.visibleProperty());
        }
    }

    private void show(PitfallsViewModel.BatchFirst r) {
        if (r == null) return;
        batchFirstText.setText(r.explanation());
        int[] shape = r.result().wrong().shape();
        String s = "(" + shape[0] + ", " + shape[1] + ", " + shape[2] + ")";
        set(wrong, "batch_first=False  " + s, r.result().wrong(), r.steps());
        set(right, "batch_first=True  " + s, r.result().right(), r.steps());
        set(difference, "difference  " + s, r.result().difference(), r.steps());
    }

    private static void set(Heatmap map, String title, Tensor t, int steps) {
        int width = t.dim(2);
        map.titleProperty().set(title);
        map.setData(new HeatmapData(t.dim(0) * t.dim(1), width, t.data()));
        // A row is a (sample, step) pair: its flat index would mislead, so each sample's L rows are labelled n=0, n=1, …
        map.rowTicksProperty().set(RowTicks.groupsOf(steps, "n="));
        map.setCellFormatter((row, col, v) -> "sample " + row / steps + ", step " + row % steps + ", feature " + col
                + ": " + CellFormatter.value(v));
    }

    private void show(PitfallsViewModel.Detach d) {
        if (d == null) { // being computed for another model: its chart is empty until then, never the old model's
            double[] none = {};
            reachWithout.replaceAll(none, none);
            reachWith.replaceAll(none, none);
            reach.chart().getXYPlot().clearDomainMarkers();
            memoryWithout.replaceAll(none, none);
            memoryWith.replaceAll(none, none);
            detachText.setText("");
            return;
        }
        DetachStudy.Result r = d.result();
        detachText.setText(d.explanation());
        // An LSTM carries and detaches (h, c), and keeps c_t for backward as well: the legends and title say so.
        boolean lstm = d.config().mode() == CellMode.LSTM;
        String withKey = lstm ? "with h.detach(), c.detach()" : "with h.detach()";
        if (!withKey.equals(reachWith.series().getKey())) {
            reachWith.series().setKey(withKey);
            memoryWith.series().setKey(withKey);
            memory.chart().getTitle().setText(lstm ? "Hidden and cell states kept for backward"
                    : "Hidden states kept for backward");
        }
        int n = r.gradNormWithout().length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = i;
        reachWithout.replaceAll(t, positive(r.gradNormWithout()));
        reachWith.replaceAll(t, positive(r.gradNormWith()));
        XYPlot plot = reach.chart().getXYPlot();
        plot.clearDomainMarkers();
        for (int k = 1; k < r.chunks(); k++) {
            ValueMarker m = new ValueMarker(k * r.chunkLength() - 0.5, appearance.getValue().gridLines().darker(),
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
            plot.addDomainMarker(m);
        }
        double[] ks = new double[PitfallsViewModel.MAX_CHUNKS], without = new double[ks.length], with = new double[ks.length];
        for (int k = 1; k <= ks.length; k++) {
            ks[k - 1] = k;
            without[k - 1] = DetachStudy.activationBytes(d.config(), (long) k * r.chunkLength(), d.batch());
            with[k - 1] = DetachStudy.activationBytes(d.config(), r.chunkLength(), d.batch());
        }
        memoryWithout.replaceAll(ks, without);
        memoryWith.replaceAll(ks, with);
    }

    /** Zero has no place on a log axis: a gap. */
    private static double[] positive(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] > 0 && Double.isFinite(v[i]) ? v[i] : Double.NaN;
        return out;
    }
}
