package org.rnnexplorer.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.state.PaneId;

import java.util.List;
import java.util.Locale;

/**
 * The window around the panes: theme, presentation zoom, colour map, the backend chooser, the status bar and the
 * banner for one-line problems. No JavaFX scene types, so it is tested without starting JavaFX.
 */
public final class MainWindowViewModel {

    public static final double MIN_ZOOM = 0.75, MAX_ZOOM = 3.0, ZOOM_STEP = 1.25;
    /** The root font size at zoom 1, in pixels. */
    public static final double BASE_FONT_PX = 13;

    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1.0);
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(this, "colorMap", ColorMap.COOL_WARM);
    private final ReadOnlyObjectWrapper<ChartAppearance> appearance = new ReadOnlyObjectWrapper<>(this, "appearance");
    private final ObservableList<BackendOption> backends = FXCollections.observableArrayList();
    /** backends as handed out: one wrapper, so that a listener added to it lives as long as this view-model. */
    private final ObservableList<BackendOption> backendsReadOnly = FXCollections.unmodifiableObservableList(backends);
    /** Every backend as installed; {@link #backends} is this list as the form's cell sees it. */
    private final List<BackendOption> installed;
    private final ObjectProperty<BackendOption> backend = new SimpleObjectProperty<>(this, "backend");
    private final StringProperty throughput = new SimpleStringProperty(this, "throughput", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObjectProperty<PaneId> selectedPane = new SimpleObjectProperty<>(this, "selectedPane");

    /**
     * @param options          every backend with its availability
     * @param requestedBackend the value of {@code -Drnnx.backend} (scalar, simd, cuda, auto) or null
     */
    public MainWindowViewModel(List<BackendOption> options, String requestedBackend) {
        installed = List.copyOf(options);
        backends.setAll(options);
        appearance.bind(Bindings.createObjectBinding(
                () -> new ChartAppearance(theme.get().dark(), zoom.get(), colorMap.get()), theme, zoom, colorMap));
        chooseInitialBackend(requestedBackend);
        backend.addListener((o, a, b) -> {
            if (b != null && !b.available()) {
                backend.set(a);
                showProblem("Backend " + b.name() + " is unavailable: " + b.reason());
            }
        });
    }

    /** The backends this program knows, as {@link Backends#all()} reports them. */
    public static List<BackendOption> installedBackends() {
        return Backends.all().stream().map(e -> {
            Availability gated = e.backend() == null || !e.availability().available() ? e.availability()
                    : e.backend().availability(CellMode.LSTM);
            // The window follows auto for LSTM and GRU: a backend auto passes over for them is not offered either.
            String gatedReason = !e.availability().available() ? ""
                    : !gated.available() ? "RNN only; " + gated.reason()
                    : e.backend().autoSkips(CellMode.LSTM).orElse("");
            return new BackendOption(e.name(), e.availability().available(), e.availability().reason(), gatedReason);
        }).toList();
    }

    /**
     * The form's cell changed: for LSTM and GRU the chooser greys a backend that runs RNN only, or that auto passes
     * over for them (cuda, until a GPU run has checked and timed its gated kernels), with the reason; a chosen one
     * that is greyed gives way to the best that is not.
     */
    public void cellModeChanged(CellMode mode) {
        boolean gated = mode != null && mode.isGated();
        List<BackendOption> shown = installed.stream().map(o -> gated ? o.forGatedCell() : o).toList();
        if (shown.equals(backends)) return;
        String chosen = backend.get() == null ? null : backend.get().name();
        backends.setAll(shown);
        BackendOption now = shown.stream().filter(o -> o.name().equals(chosen)).findFirst().orElse(null);
        if (now != null && now.available()) {
            backend.set(now);
            return;
        }
        BackendOption best = null;
        for (String name : Backends.NAMES) {
            for (BackendOption o : shown) if (best == null && o.name().equals(name) && o.available()) best = o;
        }
        if (now != null) showProblem("Backend " + chosen + " is not used for " + mode.moduleName() + " (" + now.reason()
                + "); using " + (best == null ? "none" : best.name()));
        backend.set(best);
    }

    private void chooseInitialBackend(String requested) {
        String key = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        BackendOption best = null;
        for (String name : Backends.NAMES) {
            for (BackendOption o : backends) if (best == null && o.name().equals(name) && o.available()) best = o;
        }
        if (!key.equals("auto")) {
            for (BackendOption o : backends) {
                if (!o.name().equals(key)) continue;
                if (o.available()) {
                    backend.set(o);
                    return;
                }
                showProblem("-D" + Backends.PROPERTY + "=" + key + " asks for an unavailable backend (" + o.reason()
                        + "); using " + (best == null ? "none" : best.name()));
                backend.set(best);
                return;
            }
            showProblem("-D" + Backends.PROPERTY + "=" + requested + " names no backend (expected scalar, simd, cuda or "
                    + "auto); using " + (best == null ? "none" : best.name()));
        }
        backend.set(best);
    }

    /** Applies remembered settings (theme, zoom, colour map, tab). */
    public void restore(WindowState s) {
        theme.set(s.theme());
        zoom.set(clampZoom(s.zoom()));
        colorMap.set(s.colorMap());
        selectedPane.set(PaneId.byTitle(s.selectedTab()));
    }

    /** The remembered settings with the window's current bounds. */
    public WindowState snapshot(double x, double y, double width, double height, boolean maximized) {
        return new WindowState(x, y, width, height, maximized,
                selectedPane.get() == null ? "" : selectedPane.get().title(), theme.get(), zoom.get(), colorMap.get());
    }

    public void zoomIn() {
        zoom.set(clampZoom(zoom.get() * ZOOM_STEP));
    }

    public void zoomOut() {
        zoom.set(clampZoom(zoom.get() / ZOOM_STEP));
    }

    public void resetZoom() {
        zoom.set(1.0);
    }

    /** The root style that scales every control's font: {@code -fx-font-size: 13.0px} at zoom 1. */
    public String rootFontStyle() {
        return String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT_PX * zoom.get());
    }

    /** Shows a one-line problem in the window's banner (only the first line of a longer text). */
    public void showProblem(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        problem.set(nl < 0 ? t : t.substring(0, nl));
    }

    public void dismissProblem() {
        problem.set("");
    }

    /** Takes down {@code text} if the banner still shows it (not a problem shown since by something else). */
    public void withdrawProblem(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        if (problem.get().equals(nl < 0 ? t : t.substring(0, nl))) problem.set("");
    }

    private static double clampZoom(double z) {
        double rounded = Math.round(z * 1000) / 1000.0;
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, rounded));
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public ObjectProperty<ColorMap> colorMapProperty() {
        return colorMap;
    }

    /** What every chart follows: theme colours, zoomed fonts and the colour map. */
    public ReadOnlyObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance.getReadOnlyProperty();
    }

    public ObservableList<BackendOption> backends() {
        return backendsReadOnly;
    }

    /** The chosen backend: the engine service runs on it. Choosing an unavailable one is refused with its reason. */
    public ObjectProperty<BackendOption> backendProperty() {
        return backend;
    }

    /** Live throughput for the status bar (steps/s), set by the engine service; "" when idle. */
    public StringProperty throughputProperty() {
        return throughput;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** The banner's one-line problem, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The tab shown; null until the window shows one (or when the remembered title names no pane). */
    public ObjectProperty<PaneId> selectedPaneProperty() {
        return selectedPane;
    }
}
