package org.rnnexplorer.ui.data;

import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.ui.chart.CellFormatter;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.fx.FxmlViews;

import java.io.File;
import java.util.List;
import java.util.Locale;

/** Data: the imported input, PyTorch's output for it, ours, and the difference. */
public final class DataView {

    private final DataViewModel viewModel;
    private final ObservableValue<ChartAppearance> appearance;
    private final Heatmap ours = new Heatmap();
    private final Heatmap reference = new Heatmap();
    private final Heatmap delta = new Heatmap();
    private final Parent root;

    @FXML private Label inputSource, referenceSource, note, metrics, matchingText, message, guide;
    @FXML private Button useMatchingButton;
    @FXML private FlowPane matchingRow;
    @FXML private StackPane oursSlot, referenceSlot, deltaSlot;
    @FXML private HBox maps;

    public DataView(DataViewModel viewModel, ObservableValue<ChartAppearance> appearance) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public List<ExportableChart> charts() {
        return List.of(delta, ours, reference);
    }

    @FXML
    private void initialize() {
        DataViewModel vm = viewModel;
        inputSource.textProperty().bind(vm.inputSourceProperty().map(s -> s.isEmpty() ? "input: seeded random" : "input: " + s));
        referenceSource.textProperty().bind(vm.referenceSourceProperty().map(s -> s.isEmpty() ? "" : "PyTorch's output: " + s));
        note.textProperty().bind(vm.noteProperty());
        note.visibleProperty().bind(vm.noteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        matchingRow.managedProperty().bind(matchingRow.visibleProperty());
        useMatchingButton.setMnemonicParsing(false); // "batch_first": an underscore is not a mnemonic here
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        for (Heatmap h : List.of(ours, reference, delta)) {
            h.appearanceProperty().bind(appearance);
            h.columnCaptionProperty().set("output feature");
        }
        // Until there is something to compare, what to do instead of three empty heatmaps.
        guide.textProperty().bind(vm.guideProperty());
        guide.visibleProperty().bind(vm.comparisonProperty().isNull());
        maps.visibleProperty().bind(vm.comparisonProperty().isNotNull());
        Heatmap.keepTitlesLevel(ours, reference, delta); // side by side: their cells start level
        oursSlot.getChildren().add(ours);
        referenceSlot.getChildren().add(reference);
        deltaSlot.getChildren().add(delta);
        vm.comparisonProperty().addListener((o, a, c) -> show(c));
        show(vm.comparisonProperty().get());
    }

    private void show(DataViewModel.Comparison c) {
        showMatching(c);
        if (c == null) {
            metrics.setText("");
            for (Heatmap h : List.of(ours, reference, delta)) h.setData(new HeatmapData(0, 0, new float[0]));
            return;
        }
        metrics.setText(String.format(Locale.ROOT, "max |Δ| = %.3g   relative error = %.3g  (max|Δ| / max(1, max|PyTorch|))",
                c.maxAbsDifference(), c.relativeError()) + "\n" + viewModel.comparedAs());
        set(ours, "ours " + Tensor.formatTuple(c.ours().shape()), c.ours(), c);
        set(reference, "PyTorch " + Tensor.formatTuple(c.reference().shape()), c.reference(), c);
        set(delta, "Δ = ours − PyTorch", c.delta(), c);
    }

    /**
     * Under a comparison that is not PyTorch's output: the setting under which it is, with a button that takes it,
     * else what else can differ. Nothing under one that matches.
     */
    private void showMatching(DataViewModel.Comparison c) {
        matchingRow.setVisible(c != null && !c.matches());
        if (c == null || c.matches()) return;
        DataViewModel.Reading r = c.matching();
        useMatchingButton.setVisible(r != null);
        useMatchingButton.setManaged(r != null);
        if (r == null) {
            matchingText.setText("Ours is not PyTorch's output, nor under the other batch_first or nonlinearity: "
                    + "check that these are the weights and the input PyTorch was given, in eval mode with h_0 = 0.");
            return;
        }
        matchingText.setText(String.format(Locale.ROOT, "PyTorch's output is ours under %s (relative error %.2g): "
                + "a state_dict does not record it.", r.settings(), r.relativeError()));
        useMatchingButton.setText("Use " + r.settings());
    }

    @FXML
    private void useMatching() {
        viewModel.useMatchingReading();
    }

    /** Draws {@code t}, one of {@code c}'s tensors, its leading axes flattened into rows as {@code c} names them. */
    private static void set(Heatmap map, String title, Tensor t, DataViewModel.Comparison c) {
        int width = t.dim(-1);
        map.titleProperty().set(title);
        map.rowCaptionProperty().set(c.rowCaption());
        map.setData(new HeatmapData(t.size() / width, width, t.data()));
        map.setCellFormatter((r, col, v) -> c.cellName(r, col) + ": " + CellFormatter.value(v));
    }

    @FXML
    private void importInput() {
        File f = chooser("Import input", "CSV, NPY or NPZ", "*.csv", "*.npy", "*.npz").showOpenDialog(window());
        if (f != null) viewModel.importInput(f.toPath());
    }

    @FXML
    private void importReference() {
        File f = chooser("Import PyTorch's output", "NPY or NPZ", "*.npy", "*.npz").showOpenDialog(window());
        if (f != null) viewModel.importReference(f.toPath());
    }

    @FXML
    private void clear() {
        viewModel.clear();
    }

    static FileChooser chooser(String title, String description, String... patterns) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, patterns));
        return chooser;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }
}
