package org.rnnexplorer.ui.hidden;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
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
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TextTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.fx.LatestWork;
import org.rnnexplorer.ui.fx.LayerDirectionChoice;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.live.TimeZoom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The Hidden states pane: h_t of the followed sequence for a chosen layer and direction as a units × time heatmap
 * with its saturated units, chosen units as lines over t, and a readout at the shared time cursor.
 *
 * <p>Snapshots come in on the FX thread (coalesced: at most one per pulse); the O(T·H) transposition runs on the
 * background executor, newest pass only, and only while the pane is shown ({@link #activeProperty()}). No scene
 * types: tested without JavaFX, with direct executors.
 */
public final class HiddenStatesViewModel {

    /** Lines drawn at most in the units chart: more would not be told apart. */
    public static final int MAX_UNITS = 8;

    private final TimeCursorViewModel cursor;
    private final LatestWork<HiddenFrame> work;
    private final LayerDirectionChoice choice = new LayerDirectionChoice(this);
    private final ObservableList<Integer> layers = choice.layers();
    /** layers as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> layersReadOnly = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<Integer> directions = choice.directions();
    /** directions as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<Integer> directionsReadOnly = FXCollections.unmodifiableObservableList(directions);
    private final IntegerProperty layer = choice.layerProperty();
    private final IntegerProperty direction = choice.directionProperty();
    private final ObservableList<String> quantities = FXCollections.observableArrayList(HiddenQuantity.HIDDEN);
    /** quantities as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<String> quantitiesReadOnly = FXCollections.unmodifiableObservableList(quantities);
    private final StringProperty quantity = new SimpleStringProperty(this, "quantity", HiddenQuantity.HIDDEN);
    private final ReadOnlyStringWrapper saturationText = new ReadOnlyStringWrapper(this, "saturationText", "");
    private final StringProperty unitsText = new SimpleStringProperty(this, "unitsText", "0, 1, 2");
    private final ReadOnlyStringWrapper unitsError = new ReadOnlyStringWrapper(this, "unitsError", "");
    private final ReadOnlyObjectWrapper<List<Integer>> units = new ReadOnlyObjectWrapper<>(this, "units", List.of());
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ReadOnlyObjectWrapper<HiddenFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyObjectWrapper<List<Curve>> unitCurves = new ReadOnlyObjectWrapper<>(this, "unitCurves", List.of());
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper(this, "header", "No pass yet: the model runs once the form is valid.");
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObjectProperty<TextStrip.Colouring> textColouring =
            new SimpleObjectProperty<>(this, "textColouring", TextStrip.Colouring.UNIT);
    private final ReadOnlyObjectWrapper<TextStrip> textStrip = new ReadOnlyObjectWrapper<>(this, "textStrip");
    private final TimeZoom timeZoom;
    private TraceSnapshot latest;
    private boolean stale;

    /**
     * @param background runs the O(T·H) preparation (a daemon thread in the app, direct in tests)
     * @param fx         hands results back to the FX thread ({@code Platform::runLater}; direct in tests)
     */
    public HiddenStatesViewModel(TimeCursorViewModel cursor, Executor background, Executor fx) {
        this.cursor = cursor;
        this.timeZoom = new TimeZoom(cursor);
        this.work = new LatestWork<>(background, fx, this::accept, e -> problem.set("Hidden states: " + e.getMessage()));
        layer.addListener(o -> prepare());
        direction.addListener(o -> prepare());
        quantity.addListener(o -> prepare());
        active.addListener((o, a, b) -> {
            if (b && stale) prepare();
        });
        unitsText.addListener(o -> parseUnits());
        textColouring.addListener(o -> updateText());
        cursor.tProperty().addListener(o -> updateReadout());
        cursor.phaseProperty().addListener(o -> updateReadout());
        parseUnits();
    }

    /** Takes a new snapshot; a new pass is prepared for drawing (now if shown, else when next shown). */
    public void show(ServiceSnapshot s) {
        if (s == null || s.trace() == null || s.trace() == latest) return;
        latest = s.trace();
        updateChoices(latest.config());
        prepare();
    }

    private void updateChoices(RnnConfig c) {
        choice.update(c);
        List<String> offered = HiddenQuantity.choices(c.mode());
        if (!offered.equals(quantities)) {
            quantities.setAll(offered);
            if (!offered.contains(quantity.get())) quantity.set(HiddenQuantity.HIDDEN);
        }
    }

    private void prepare() {
        if (latest == null) return;
        if (!active.get()) {
            stale = true;
            return;
        }
        stale = false;
        TraceSnapshot trace = latest;
        int l = Math.min(layer.get(), trace.config().numLayers() - 1);
        int d = Math.min(direction.get(), trace.config().numDirections() - 1);
        // The header describes this pass at once: a pane opened after a shape change would otherwise describe the
        // previous shape until the frame is prepared (about a second on a loaded machine).
        String shown = quantities.contains(quantity.get()) ? quantity.get() : HiddenQuantity.HIDDEN;
        header.set(describe(trace, trace.direction(l, d), shown));
        work.submit(() -> HiddenFrame.prepare(trace, l, d, shown));
    }

    /**
     * e.g. "h.l0   (L, N, H) = (40, 2, 16), sequence b = 0 (40 valid steps), drawn as units × time (16 × 40)", or for
     * an LSTM's forget gate "gate_f.l0   (L, N, H) = …" and its projected h_t "h.l0   (L, N, H_out) = …".
     */
    private static String describe(TraceSnapshot t, DirectionTrace d, String quantity) {
        RnnConfig c = t.config();
        boolean projected = quantity.equals(HiddenQuantity.HIDDEN) && c.projSize() > 0;
        int width = projected ? c.outputHiddenSize() : c.hiddenSize();
        return String.format(Locale.ROOT, "%s.%s   (L, N, %s) = (%d, %d, %d), sequence b = %d (%d valid steps), "
                        + "drawn as units × time (%d × %d)%s", HiddenQuantity.traceName(quantity), d.label(),
                projected ? "H_out" : "H", t.steps(), t.batch(), width, t.batchIndex(), t.length(), width, t.steps(),
                t.iteration() > 0 ? ", iteration " + t.iteration() : "");
    }

    private void accept(HiddenFrame f) {
        timeZoom.stepsChanged(f.steps());
        frame.set(f);
        saturationText.set(f.saturation() == null ? "" : f.saturation().describe(f.direction().label(), f.trace().batchIndex()));
        problem.set("");
        parseUnits();
        updateReadout();
    }

    /** Which timesteps the pane draws (the heatmap, and the charts below it). */
    public TimeZoom timeZoom() {
        return timeZoom;
    }

    /** Adds a unit to the chart, or removes it if it is there (a click on a heatmap row). */
    public void toggleUnit(int unit) {
        Set<Integer> chosen = new LinkedHashSet<>(units.get());
        if (!chosen.remove(unit)) chosen.add(unit);
        unitsText.set(chosen.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private void parseUnits() {
        HiddenFrame f = frame.get();
        int hidden = f == null ? Integer.MAX_VALUE : f.hidden();
        List<Integer> chosen = new ArrayList<>();
        String error = "";
        for (String part : unitsText.get().split("[,;\\s]+")) {
            if (part.isBlank()) continue;
            try {
                int dash = part.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                for (int u = Math.min(from, to); u <= Math.max(from, to); u++) {
                    if (u < 0 || u >= hidden) {
                        error = "unit " + u + " is outside 0…" + (hidden - 1);
                        if (u < 0) continue;
                        break; // the rest of a range is outside too
                    }
                    if (!chosen.contains(u)) chosen.add(u);
                    if (chosen.size() > MAX_UNITS) break;
                }
            } catch (NumberFormatException e) {
                error = "'" + part + "' is not a unit number; write units as 0, 3, 7 or 0-4";
            }
        }
        if (chosen.size() > MAX_UNITS) {
            chosen = chosen.subList(0, MAX_UNITS);
            error = "at most " + MAX_UNITS + " units are drawn";
        }
        unitsError.set(error);
        units.set(List.copyOf(chosen));
        updateCurves();
        updateText();
    }

    /** The text strip of a text-task pass: the followed sequence's characters, coloured as {@link #textColouring} says. */
    private void updateText() {
        HiddenFrame f = frame.get();
        TextTrace text = f == null ? null : f.trace().text();
        if (text == null || text.steps() != f.steps()) {
            textStrip.set(null);
            return;
        }
        int steps = Math.min(f.steps(), TextStrip.MAX_CHARACTERS);
        String sequence = "Sequence b = " + f.trace().batchIndex() + " as read"
                + (steps < f.steps() ? String.format(Locale.ROOT, " (its first %,d of %,d characters)", steps, f.steps()) : "");
        text = steps < f.steps() ? text.first(steps) : text;
        if (textColouring.get() == TextStrip.Colouring.NEXT_PROBABILITY) {
            textStrip.set(new TextStrip(sequence + "; each character's background is the probability the model gave "
                    + "the character after it (viridis, 0 to 1)", text.read(), text.next(), text.nextProbability(),
                    TextStrip.PROBABILITY_SCALE, false, text.nextProbability(), TextStrip.PROBABILITY_SYMBOL));
            return;
        }
        float[] values = new float[steps];
        if (units.get().isEmpty()) {
            Arrays.fill(values, Float.NaN);
            textStrip.set(new TextStrip(sequence + "; choose a unit (Units, or a click on a heatmap row) to colour "
                    + "each character by its value", text.read(), text.next(), values, TextStrip.PROBABILITY_SCALE,
                    false, text.nextProbability(), ""));
            return;
        }
        int u = units.get().getFirst();
        float[] grid = f.states().values();
        System.arraycopy(grid, u * f.steps(), values, 0, steps);
        ColorScale scale = f.scale() != null ? f.scale() : ColorScale.fit(grid, f.signed());
        String symbol = f.quantity() + "[" + u + "]";
        textStrip.set(new TextStrip(sequence + "; each character's background is " + symbol + " at that step, on the "
                + "heatmap's scale", text.read(), text.next(), values, scale, f.signed(), text.nextProbability(), symbol));
    }

    private void updateCurves() {
        HiddenFrame f = frame.get();
        if (f == null) {
            unitCurves.set(List.of());
            return;
        }
        int steps = f.steps();
        float[] grid = f.states().values();
        List<Curve> curves = new ArrayList<>();
        for (int u : units.get()) {
            double[] y = new double[steps];
            for (int t = 0; t < steps; t++) y[t] = grid[u * steps + t];
            curves.add(Curve.perStep("unit " + u, y));
        }
        unitCurves.set(List.copyOf(curves));
    }

    private void updateReadout() {
        HiddenFrame f = frame.get();
        if (f == null) {
            readout.set("");
            return;
        }
        int t = Math.min(cursor.tProperty().get(), f.steps() - 1);
        TraceSnapshot trace = f.trace();
        if (t >= trace.length()) {
            readout.set("t = " + t + " is past sequence " + trace.batchIndex() + "'s length " + trace.length()
                    + " (padding: PyTorch's output is 0 there)");
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("t = ").append(t).append(':');
        if (f.maskMeaning() != null) {
            int count = 0;
            for (int u = 0; u < f.hidden(); u++) if (f.saturated()[u * f.steps() + t]) count++;
            sb.append("  ").append(count).append(" of ").append(f.hidden()).append(" units ").append(f.maskMeaning());
            double batchFraction = f.saturatedFraction()[t];
            if (!f.gated() && Double.isFinite(batchFraction)) {
                sb.append(String.format(Locale.ROOT, ", %.1f %% over the batch", 100 * batchFraction));
            }
        }
        float[] grid = f.states().values();
        for (int u : units.get()) {
            sb.append(u == units.get().getFirst() ? "   " : ", ").append(f.quantity()).append('[').append(u).append("] = ")
                    .append(format(grid[u * f.steps() + t]));
        }
        readout.set(sb.toString());
    }

    /** The hover readout for a heatmap cell: {@code t = 12, unit 3: h = 0.7310 (saturated)}. */
    public String describeCell(int unit, int t) {
        HiddenFrame f = frame.get();
        if (f == null || unit < 0 || t < 0 || unit >= f.hidden() || t >= f.steps()) return "";
        String s = "t = " + t + ", unit " + unit + ": " + f.quantity() + " = " + format(f.states().value(unit, t));
        if (t >= f.trace().length()) return s + " (padding)";
        if (f.saturated()[unit * f.steps() + t]) s += f.tanh() || f.gated() ? " (saturated)" : " (dead)";
        return s;
    }

    static String format(float v) {
        return String.format(Locale.ROOT, "%.4f", v).replace('-', '−');
    }

    public TimeCursorViewModel cursor() {
        return cursor;
    }

    public ObservableList<Integer> layers() {
        return layersReadOnly;
    }

    public ObservableList<Integer> directions() {
        return directionsReadOnly;
    }

    /** What the heatmap can show for the pass's cell ({@link HiddenQuantity}): h; c (LSTM); the gates. */
    public ObservableList<String> quantities() {
        return quantitiesReadOnly;
    }

    /** The quantity the heatmap shows: a key of {@link #quantities()}. */
    public StringProperty quantityProperty() {
        return quantity;
    }

    /** The gate-saturation scatter's line: what it shows and its counts; empty for an Elman RNN. */
    public ReadOnlyStringProperty saturationTextProperty() {
        return saturationText.getReadOnlyProperty();
    }

    public IntegerProperty layerProperty() {
        return layer;
    }

    public IntegerProperty directionProperty() {
        return direction;
    }

    /** The units to draw as lines, as typed: {@code 0, 3, 7} or ranges {@code 0-4}. */
    public StringProperty unitsTextProperty() {
        return unitsText;
    }

    /** Why some of the typed units are not drawn, or "". */
    public ReadOnlyStringProperty unitsErrorProperty() {
        return unitsError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Integer>> unitsProperty() {
        return units.getReadOnlyProperty();
    }

    /** Whether the pane is shown: passes are prepared for drawing only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ReadOnlyObjectProperty<HiddenFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** h_t of each chosen unit against t. */
    public ReadOnlyObjectProperty<List<Curve>> unitCurvesProperty() {
        return unitCurves.getReadOnlyProperty();
    }

    /** Which tensor is shown and its shape. */
    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    /** What the cursor's timestep holds: saturated units and the chosen units' values. */
    public ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    /** What colours the text strip's characters. */
    public ObjectProperty<TextStrip.Colouring> textColouringProperty() {
        return textColouring;
    }

    /** The followed sequence's characters for a pass on the text task, coloured; null for other passes. */
    public ReadOnlyObjectProperty<TextStrip> textStripProperty() {
        return textStrip.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
