package org.rnnexplorer.ui.model;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnConfigException;
import org.rnnexplorer.engine.ShapeException;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.ui.run.TorchCode;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Model &amp; shapes form: the cell ({@code nn.RNN} tanh or relu, {@code nn.LSTM}, {@code nn.GRU}), every
 * constructor argument and the input of the forward call, checked as PyTorch checks them. Each field has its own error (PyTorch's message where PyTorch has one); while any field is wrong the
 * outputs keep showing the last valid setting and {@link #validProperty()} is false. No JavaFX scene types: the
 * form is tested without starting JavaFX.
 */
public final class ModelViewModel {

    /** The form's fields, named as PyTorch names the arguments. */
    public enum Field {
        INPUT_SIZE("input_size"), HIDDEN_SIZE("hidden_size"), NUM_LAYERS("num_layers"), NONLINEARITY("nonlinearity"),
        PROJ_SIZE("proj_size"), DROPOUT("dropout"), SEQ_LEN("seq_len"), BATCH("batch"), LENGTHS("lengths"), H0("h_0");

        private final String torchName;

        Field(String torchName) {
            this.torchName = torchName;
        }

        public String torchName() {
            return torchName;
        }
    }

    /** Explorer limits (not PyTorch's): every time step and every W_hh spectrum is kept and drawn. */
    static final int MAX_HIDDEN = 2048;
    static final int MAX_INPUT = 65536;
    static final int MAX_LAYERS = 16;
    /** The most steps × sequences the form takes (every step of the explore run is kept for the panes). */
    public static final long MAX_STEPS_TIMES_BATCH = 1 << 20;

    private final StringProperty inputSize = new SimpleStringProperty(this, "inputSize", "10");
    private final StringProperty hiddenSize = new SimpleStringProperty(this, "hiddenSize", "20");
    private final StringProperty numLayers = new SimpleStringProperty(this, "numLayers", "2");
    private final ObjectProperty<CellMode> cellMode = new SimpleObjectProperty<>(this, "cellMode", CellMode.RNN_TANH);
    private final ObjectProperty<Nonlinearity> nonlinearity = new SimpleObjectProperty<>(this, "nonlinearity", Nonlinearity.TANH);
    private final StringProperty projSize = new SimpleStringProperty(this, "projSize", "0");
    private final ReadOnlyStringWrapper projSizeDisabledReason = new ReadOnlyStringWrapper(this, "projSizeDisabledReason", "");
    private final BooleanProperty bias = new SimpleBooleanProperty(this, "bias", true);
    private final BooleanProperty batchFirst = new SimpleBooleanProperty(this, "batchFirst", true);
    private final StringProperty dropout = new SimpleStringProperty(this, "dropout", "0.0");
    private final BooleanProperty bidirectional = new SimpleBooleanProperty(this, "bidirectional", false);
    private final StringProperty seqLen = new SimpleStringProperty(this, "seqLen", "5");
    private final StringProperty batch = new SimpleStringProperty(this, "batch", "3");
    private final BooleanProperty unbatched = new SimpleBooleanProperty(this, "unbatched", false);
    private final StringProperty lengths = new SimpleStringProperty(this, "lengths", "");
    private final BooleanProperty h0 = new SimpleBooleanProperty(this, "h0", true);

    private final Map<Field, ReadOnlyStringWrapper> errors = new EnumMap<>(Field.class);
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", false);
    private final ReadOnlyObjectWrapper<ModelState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ObservableList<ShapeRow> shapes = FXCollections.observableArrayList();
    /** shapes as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<ShapeRow> shapesReadOnly = FXCollections.unmodifiableObservableList(shapes);
    private final ReadOnlyStringWrapper parameterCount = new ReadOnlyStringWrapper(this, "parameterCount", "");
    private final ReadOnlyStringWrapper code = new ReadOnlyStringWrapper(this, "code", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private boolean applying;
    /** Which field shows the seq_len × batch limit: the one of the two typed into last (a 10⁸ batch is batch's fault). */
    private Field productLimitField = Field.SEQ_LEN;

    public ModelViewModel() {
        for (Field f : Field.values()) errors.put(f, new ReadOnlyStringWrapper(this, f.torchName() + "Error", ""));
        // The cell chooser and the RNN's nonlinearity say the same thing for an Elman RNN: keep them in step.
        cellMode.addListener((o, a, m) -> {
            if (m != null && !m.isGated()) nonlinearity.set(m.nonlinearity());
        });
        nonlinearity.addListener((o, a, n) -> {
            if (n != null) cellMode.set(CellMode.of(n));
        });
        // Before revalidation: the seq_len × batch limit is marked on the one of the two the user changed last.
        seqLen.addListener(o -> productLimitField = Field.SEQ_LEN);
        batch.addListener(o -> productLimitField = Field.BATCH);
        Observable[] inputs = {inputSize, hiddenSize, numLayers, cellMode, projSize, bias, batchFirst, dropout, bidirectional,
            seqLen, batch, unbatched, lengths, h0};
        for (Observable o : inputs) o.addListener(x -> {
            if (!applying) revalidate();
        });
        revalidate();
    }

    /** Sets the model fields from a configuration (e.g. one read from a weights file); input fields stay. */
    public void applyConfig(RnnConfig c) {
        applying = true;
        try {
            setModelFields(c);
        } finally {
            applying = false;
        }
        revalidate();
    }

    /** Sets every field, the model's and the input's (a preset, a workspace), and checks them once. */
    public void applyForm(RnnConfig c, InputSpec in) {
        applying = true;
        try {
            setModelFields(c);
            unbatched.set(in.unbatched());
            seqLen.set(Integer.toString(in.steps()));
            batch.set(Integer.toString(in.batch()));
            int[] valid = in.lengths();
            lengths.set(valid == null ? ""
                    : IntStream.of(valid).mapToObj(Integer::toString).collect(Collectors.joining(",")));
            h0.set(in.withH0());
        } finally {
            applying = false;
        }
        productLimitField = Field.SEQ_LEN; // set together, neither was typed last: the sequence's length is named
        revalidate();
    }

    private void setModelFields(RnnConfig c) {
        inputSize.set(Integer.toString(c.inputSize()));
        hiddenSize.set(Integer.toString(c.hiddenSize()));
        numLayers.set(Integer.toString(c.numLayers()));
        cellMode.set(c.mode());
        projSize.set(Integer.toString(c.projSize()));
        bias.set(c.bias());
        batchFirst.set(c.batchFirst());
        dropout.set(formatDropout(c.dropout()));
        bidirectional.set(c.bidirectional());
    }

    private void revalidate() {
        for (ReadOnlyStringWrapper e : errors.values()) e.set("");
        Integer in = parseInt(Field.INPUT_SIZE, inputSize.get());
        Integer hidden = parseInt(Field.HIDDEN_SIZE, hiddenSize.get());
        Integer layers = parseInt(Field.NUM_LAYERS, numLayers.get());
        Double p = parseDouble(Field.DROPOUT, dropout.get());
        CellMode mode = cellMode.get();
        boolean lstm = mode == CellMode.LSTM;
        projSizeDisabledReason.set(lstm ? "" : "proj_size is an nn.LSTM argument; " + (mode == null ? "this cell"
                : mode.isGated() ? "nn." + mode.moduleName() : "nn.RNN") + " has no projection");
        Integer proj = lstm ? parseInt(Field.PROJ_SIZE, projSize.get()) : Integer.valueOf(0);
        RnnConfig probe = RnnConfig.of(1, 1);
        if (in != null) check(() -> probe.withInputSize(in), in > MAX_INPUT ? Field.INPUT_SIZE : null,
                "RNN Explorer limit: input_size must be at most " + MAX_INPUT);
        if (hidden != null) check(() -> probe.withHiddenSize(hidden), hidden > MAX_HIDDEN ? Field.HIDDEN_SIZE : null,
                "RNN Explorer limit: hidden_size must be at most " + MAX_HIDDEN + " (the spectrum of W_hh is computed)");
        if (layers != null) check(() -> probe.withNumLayers(layers), layers > MAX_LAYERS ? Field.NUM_LAYERS : null,
                "RNN Explorer limit: num_layers must be at most " + MAX_LAYERS);
        if (p != null) check(() -> probe.withDropout(p), null, null);
        if (mode == null) errors.get(Field.NONLINEARITY).set("choose a cell: RNN (tanh or relu), LSTM or GRU");
        if (lstm && proj != null && hidden != null && hidden > 0) {
            check(() -> new RnnConfig(mode, 1, hidden, 1, true, false, 0.0, false, proj), null, null);
        }

        RnnConfig config = null;
        if (!hasModelError()) {
            config = new RnnConfig(mode, in, hidden, layers, bias.get(), batchFirst.get(), p, bidirectional.get(), proj);
        }
        warning.set(config == null ? "" : String.join("\n", config.warnings()));

        InputSpec spec = parseInput();
        InputLayout layout = null;
        if (config != null && spec != null) layout = checkInput(config, spec);
        boolean ok = layout != null;
        valid.set(ok);
        if (ok) {
            ModelState s = new ModelState(config, spec, layout);
            state.set(s);
            List<ShapeRow> rows = ShapeTable.rows(s);
            shapes.setAll(rows);
            parameterCount.set(String.format(Locale.ROOT, "%,d parameters", config.parameterCount()));
            code.set(TorchCode.of(s));
            summary.set(config.torchRepr());
        }
    }

    private boolean hasModelError() {
        for (Field f : List.of(Field.INPUT_SIZE, Field.HIDDEN_SIZE, Field.NUM_LAYERS, Field.NONLINEARITY, Field.PROJ_SIZE,
                Field.DROPOUT)) {
            if (!errors.get(f).get().isEmpty()) return true;
        }
        return false;
    }

    /** Runs one RnnConfig construction; its exception's message lands on the field PyTorch names. */
    private void check(Runnable construct, Field limitField, String limitMessage) {
        try {
            construct.run();
            if (limitField != null) errors.get(limitField).set(limitMessage);
        } catch (RnnConfigException e) {
            errors.get(fieldFor(e.field())).set(e.getMessage());
        }
    }

    private static Field fieldFor(String torchName) {
        for (Field f : Field.values()) if (f.torchName().equals(torchName)) return f;
        throw new IllegalStateException("RnnConfig named an unknown field: " + torchName);
    }

    private InputSpec parseInput() {
        Integer steps = parseInt(Field.SEQ_LEN, seqLen.get());
        boolean single = unbatched.get();
        Integer n = single ? Integer.valueOf(1) : parseInt(Field.BATCH, batch.get());
        if (n != null && n < 1) {
            // PyTorch runs N = 0 and returns empty tensors; the window has no sequence to show or to run.
            errors.get(Field.BATCH).set(n == 0 ? "batch must be at least 1: an empty batch has no sequence to show "
                    + "(PyTorch returns empty tensors)" : "batch must be at least 1, got " + n);
            n = null;
        }
        if (steps != null && steps < 0) {
            errors.get(Field.SEQ_LEN).set("seq_len must be zero or more, got " + steps);
            steps = null;
        }
        if (steps != null && n != null && (long) steps * n > MAX_STEPS_TIMES_BATCH) {
            errors.get(single ? Field.SEQ_LEN : productLimitField).set("RNN Explorer limit: seq_len × batch must be at most " + MAX_STEPS_TIMES_BATCH
                    + " (every step is kept), got " + (long) steps * n);
            steps = null;
        }
        int[] lens = parseLengths(lengths.get());
        if (steps == null || n == null || lens == null && !errors.get(Field.LENGTHS).get().isEmpty()) return null;
        return new InputSpec(steps, n, single, lens, h0.get());
    }

    /**
     * Checks the input as the forward call would, through {@link InputLayout#check} on tensors of the described
     * shapes. The feature sizes do not enter these checks, so the probe tensors use one feature: memory L·N.
     */
    private InputLayout checkInput(RnnConfig config, InputSpec spec) {
        RnnConfig probe = config.withProjSize(0).withInputSize(1).withHiddenSize(1);
        Tensor input = spec.unbatched() ? Tensor.zeros(spec.steps(), 1)
                : probe.batchFirst() ? Tensor.zeros(spec.batch(), spec.steps(), 1) : Tensor.zeros(spec.steps(), spec.batch(), 1);
        Tensor h = !spec.withH0() ? null
                : spec.unbatched() ? Tensor.zeros(probe.stateCount(), 1) : Tensor.zeros(probe.stateCount(), spec.batch(), 1);
        try {
            return InputLayout.check(probe, input, h, spec.lengths());
        } catch (ShapeException e) {
            errors.get(e.argument() == ShapeException.Argument.LENGTHS ? Field.LENGTHS : Field.SEQ_LEN).set(e.getMessage());
            return null;
        }
    }

    private Integer parseInt(Field field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            errors.get(field).set(field.torchName() + " must be an integer, got '" + t + "'");
            return null;
        }
    }

    private Double parseDouble(Field field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            errors.get(field).set(field.torchName() + " must be a number, got '" + t + "'");
            return null;
        }
    }

    /** "5,3,2", "5 3 2" or "[5, 3, 2]" → lengths; blank → null (no packing); bad text → null with the error set. */
    private int[] parseLengths(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).trim();
        if (t.isEmpty()) return null;
        String[] parts = t.split("[,\\s]+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                errors.get(Field.LENGTHS).set("lengths must be integers separated by commas, e.g. 5,3,2; got '"
                        + parts[i] + "'");
                return null;
            }
        }
        return out;
    }

    private static String formatDropout(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
    }

    // --- form fields (bidirectional) ---

    public StringProperty inputSizeProperty() { return inputSize; }
    public StringProperty hiddenSizeProperty() { return hiddenSize; }
    public StringProperty numLayersProperty() { return numLayers; }
    /** The cell: RNN_TANH, RNN_RELU, LSTM or GRU; an Elman RNN's choice moves {@link #nonlinearityProperty()} too. */
    public ObjectProperty<CellMode> cellModeProperty() { return cellMode; }
    /** nn.RNN's nonlinearity argument; setting it chooses the Elman RNN of that nonlinearity. */
    public ObjectProperty<Nonlinearity> nonlinearityProperty() { return nonlinearity; }
    /** P of nn.LSTM (0 ≤ P &lt; H; 0: no projection); ignored for the other cells. */
    public StringProperty projSizeProperty() { return projSize; }
    public BooleanProperty biasProperty() { return bias; }
    public BooleanProperty batchFirstProperty() { return batchFirst; }
    public StringProperty dropoutProperty() { return dropout; }
    public BooleanProperty bidirectionalProperty() { return bidirectional; }
    public StringProperty seqLenProperty() { return seqLen; }
    public StringProperty batchProperty() { return batch; }
    public BooleanProperty unbatchedProperty() { return unbatched; }
    public StringProperty lengthsProperty() { return lengths; }
    public BooleanProperty h0Property() { return h0; }

    // --- outputs (read-only) ---

    /** The error beside a field: PyTorch's message for that argument, or "" when the field is fine. */
    public ReadOnlyStringProperty errorProperty(Field field) {
        return errors.get(field).getReadOnlyProperty();
    }

    /** Why proj_size cannot be set for the chosen cell (it is nn.LSTM's argument), or "" for an LSTM. */
    public ReadOnlyStringProperty projSizeDisabledReasonProperty() {
        return projSizeDisabledReason.getReadOnlyProperty();
    }

    /** PyTorch's warning for a setting it accepts but that does nothing (dropout with one layer), or "". */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** False while any field is wrong; the outputs then still show the last valid setting. */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** The last valid setting: what the other panes and the engine service run. */
    public ReadOnlyObjectProperty<ModelState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** input, (lengths,) h_0, output, h_n, then every parameter in PyTorch's parameters() order. */
    public ObservableList<ShapeRow> shapes() {
        return shapesReadOnly;
    }

    /** e.g. "1,140 parameters". */
    public ReadOnlyStringProperty parameterCountProperty() {
        return parameterCount.getReadOnlyProperty();
    }

    /** The PyTorch script for the last valid setting. */
    public ReadOnlyStringProperty codeProperty() {
        return code.getReadOnlyProperty();
    }

    /** PyTorch's repr of the module, e.g. {@code RNN(10, 20, num_layers=2, batch_first=True)}. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
