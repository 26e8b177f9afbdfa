package org.rnnexplorer.ui.model;

import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Region;
import javafx.util.Callback;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.fx.FxmlViews;
import org.rnnexplorer.ui.model.ModelViewModel.Field;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Model &amp; shapes: binds the form, the shapes table, the code and the unrolled diagram to a {@link ModelViewModel}. */
public final class ModelView {

    private final ModelViewModel viewModel;
    /** The script Copy puts on the clipboard, with its data file written; null when it could not be written. */
    private final Supplier<String> copyText;
    private final ObservableValue<ChartAppearance> appearance;
    private final DiagramImage diagram = new DiagramImage();
    private final Parent root;

    @FXML private TextField inputSize, hiddenSize, numLayers, projSize, dropout, seqLen, batch, lengths;
    @FXML private ComboBox<CellMode> cellMode;
    @FXML private CheckBox bias, batchFirst, bidirectional, unbatched, h0;
    @FXML private Label inputSizeError, hiddenSizeError, numLayersError, dropoutError, dropoutWarning, seqLenError,
            batchError, lengthsError, staleNotice, summary, parameterCount, nonlinearityError, projSizeError,
            projSizeDisabled;
    @FXML private TableView<ShapeRow> shapesTable;
    @FXML private TableColumn<ShapeRow, String> tensorColumn, shapeColumn, formulaColumn, noteColumn;
    @FXML private TextArea code;
    @FXML private Button copyButton;
    @FXML private ScrollPane diagramScroll;
    @FXML private SplitPane split;
    @FXML private ScrollPane formScroll;

    /** @param copyText what Copy puts on the clipboard (the script with its data file written), or null for nothing */
    public ModelView(ModelViewModel viewModel, ObservableValue<ChartAppearance> appearance, Supplier<String> copyText) {
        this.copyText = copyText;
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    public ModelViewModel viewModel() {
        return viewModel;
    }

    /** True once the unrolled diagram has been drawn (the start-up measurement waits for it). */
    public boolean firstChartDrawn() {
        return diagram.drawn();
    }

    /** The charts File ▸ Export chart… offers on this tab. */
    public List<ExportableChart> charts() {
        return List.of(diagram);
    }

    @FXML
    private void initialize() {
        ModelViewModel vm = viewModel;
        // The form's minimum width is in em (explorer.css): zooming in pushed the divider right, and back at actual
        // size the form kept the zoomed width. Each new minimum puts the divider back where the window opens it; the
        // split pane then moves it as far as the minimum needs.
        double formShare = split.getDividerPositions()[0];
        formScroll.minWidthProperty().addListener((o, a, b) -> split.setDividerPosition(0, formShare));
        // The Shapes table's columns keep their minimums in em too (the numbers are pixels at the 13 px font): at a
        // projector's zoom a column at a pixel minimum was narrower than its longest word ("(2·num_layers,") and drew
        // it past its edge; now the table scrolls sideways instead.
        minWidthInEm(tensorColumn, 120);
        minWidthInEm(shapeColumn, 90);
        minWidthInEm(formulaColumn, 110);
        minWidthInEm(noteColumn, 160);
        inputSize.textProperty().bindBidirectional(vm.inputSizeProperty());
        hiddenSize.textProperty().bindBidirectional(vm.hiddenSizeProperty());
        numLayers.textProperty().bindBidirectional(vm.numLayersProperty());
        dropout.textProperty().bindBidirectional(vm.dropoutProperty());
        seqLen.textProperty().bindBidirectional(vm.seqLenProperty());
        batch.textProperty().bindBidirectional(vm.batchProperty());
        lengths.textProperty().bindBidirectional(vm.lengthsProperty());
        cellMode.getItems().setAll(CellMode.values());
        cellMode.setConverter(new StringConverter<>() {
            @Override
            public String toString(CellMode m) {
                return m == null ? "" : cellName(m);
            }

            @Override
            public CellMode fromString(String s) {
                for (CellMode m : CellMode.values()) if (cellName(m).equals(s)) return m;
                return null;
            }
        });
        cellMode.valueProperty().bindBidirectional(vm.cellModeProperty());
        projSize.textProperty().bindBidirectional(vm.projSizeProperty());
        // proj_size is nn.LSTM's: greyed for the other cells, with the reason beside it.
        projSize.disableProperty().bind(vm.projSizeDisabledReasonProperty().isNotEmpty());
        showMessage(projSizeDisabled, null, vm.projSizeDisabledReasonProperty());
        bias.selectedProperty().bindBidirectional(vm.biasProperty());
        batchFirst.selectedProperty().bindBidirectional(vm.batchFirstProperty());
        bidirectional.selectedProperty().bindBidirectional(vm.bidirectionalProperty());
        unbatched.selectedProperty().bindBidirectional(vm.unbatchedProperty());
        h0.selectedProperty().bindBidirectional(vm.h0Property());
        batch.disableProperty().bind(vm.unbatchedProperty());

        showMessage(inputSizeError, inputSize, vm.errorProperty(Field.INPUT_SIZE));
        showMessage(hiddenSizeError, hiddenSize, vm.errorProperty(Field.HIDDEN_SIZE));
        showMessage(numLayersError, numLayers, vm.errorProperty(Field.NUM_LAYERS));
        showMessage(nonlinearityError, null, vm.errorProperty(Field.NONLINEARITY));
        showMessage(projSizeError, projSize, vm.errorProperty(Field.PROJ_SIZE));
        showMessage(dropoutError, dropout, vm.errorProperty(Field.DROPOUT));
        showMessage(seqLenError, seqLen, vm.errorProperty(Field.SEQ_LEN));
        showMessage(batchError, batch, vm.errorProperty(Field.BATCH));
        showMessage(lengthsError, lengths, vm.errorProperty(Field.LENGTHS));
        showMessage(dropoutWarning, null, vm.warningProperty());
        staleNotice.visibleProperty().bind(vm.validProperty().not());
        staleNotice.managedProperty().bind(staleNotice.visibleProperty());

        tensorColumn.setCellValueFactory(cell(ShapeRow::tensor));
        shapeColumn.setCellValueFactory(cell(ShapeRow::shape));
        formulaColumn.setCellValueFactory(cell(ShapeRow::formula));
        noteColumn.setCellValueFactory(cell(ShapeRow::note));
        // Cells wrap instead of cutting their text with "…" (a narrow window, a presentation zoom): rows grow.
        tensorColumn.setCellFactory(ModelView::wrappingCell);
        shapeColumn.setCellFactory(ModelView::wrappingCell);
        formulaColumn.setCellFactory(ModelView::wrappingCell);
        noteColumn.setCellFactory(ModelView::wrappingCell);
        shapesTable.setItems(vm.shapes());
        shapesTable.getStyleClass().add("shapes-table");
        summary.textProperty().bind(vm.summaryProperty());
        parameterCount.textProperty().bind(vm.parameterCountProperty());
        code.textProperty().bind(vm.codeProperty());

        diagram.appearanceProperty().bind(appearance);
        diagramScroll.setContent(diagram);
        vm.stateProperty().addListener((o, a, s) -> {
            if (s != null) diagram.setDiagram(DiagramLayout.of(s));
        });
        if (vm.stateProperty().get() != null) diagram.setDiagram(DiagramLayout.of(vm.stateProperty().get()));
    }

    /** The chooser's words: "RNN (tanh)", "RNN (relu)", "LSTM", "GRU". */
    static String cellName(CellMode m) {
        return m.isGated() ? m.moduleName() : "RNN (" + m.nonlinearity().torchName() + ")";
    }

    @FXML
    private void copyCode() {
        String text = copyText.get();
        if (text == null) return;
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        copyButton.setText("Copied ✓");
        PauseTransition back = new PauseTransition(Duration.seconds(1.5));
        back.setOnFinished(e -> copyButton.setText("Copy"));
        back.play();
    }

    private static void showMessage(Label label, TextField field, ObservableValue<String> message) {
        label.textProperty().bind(message);
        label.visibleProperty().bind(message.map(m -> !m.isEmpty()).orElse(false));
        label.managedProperty().bind(label.visibleProperty());
        if (field != null) {
            message.addListener((o, a, m) -> field.pseudoClassStateChanged(
                    PseudoClass.getPseudoClass("error"), !m.isEmpty()));
        }
    }

    /** Binds the column's minimum width to {@code pixelsAtBase} scaled by the window's font (13 px at zoom 1). */
    private void minWidthInEm(TableColumn<ShapeRow, String> column, double pixelsAtBase) {
        column.minWidthProperty().bind(Bindings.createDoubleBinding(
                () -> pixelsAtBase / 13 * summary.getFont().getSize(), summary.fontProperty()));
    }

    private static Callback<TableColumn.CellDataFeatures<ShapeRow, String>, ObservableValue<String>> cell(
            Function<ShapeRow, String> getter) {
        return features -> new ReadOnlyStringWrapper(getter.apply(features.getValue()));
    }

    /** A cell whose text wraps at the column's width, so that nothing is cut off. */
    private static TableCell<ShapeRow, String> wrappingCell(TableColumn<ShapeRow, String> column) {
        Label text = new Label();
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        TableCell<ShapeRow, String> cell = new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
                setGraphic(empty || item == null ? null : text);
            }
        };
        cell.setText(null);
        cell.getStyleClass().add("wrapping-cell");
        // The column's width less the cell's padding, which is in em: a fixed 12 px let "(2·num_layers, N, H)" run
        // 3 px out of its column at zoom 1.5.
        text.maxWidthProperty().bind(Bindings.createDoubleBinding(
                () -> column.getWidth() - cell.snappedLeftInset() - cell.snappedRightInset() - 1,
                column.widthProperty(), cell.insetsProperty()));
        text.prefWidthProperty().bind(text.maxWidthProperty());
        // A row is as tall as its cells' preferred heights: ask the label for its wrapped height at the column's
        // width (a wrapped Label alone reports one line's height, and the table would clip the rest).
        cell.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> text.prefHeight(text.getMaxWidth()) + cell.snappedTopInset() + cell.snappedBottomInset(),
                text.textProperty(), text.maxWidthProperty(), text.fontProperty(), cell.paddingProperty()));
        return cell;
    }
}
