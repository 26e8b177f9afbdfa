package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds backends by name and picks the best available one. Backends are loaded by class name so that a missing
 * Vector API module or NVIDIA driver makes that backend unavailable with a reason instead of breaking the others.
 */
public final class Backends {

    /** System property that forces the app's backend: scalar, simd, cuda or auto. */
    public static final String PROPERTY = "rnnx.backend";

    /** Backend names in order of preference for {@code auto}. */
    public static final List<String> NAMES = List.of("cuda", "simd", "scalar");

    private static final String PACKAGE = "org.rnnexplorer.engine.backend.";
    private static final Object LOCK = new Object();
    private static volatile List<Entry> entries;

    private Backends() {
    }

    /** A backend, or the reason it could not be loaded. */
    public record Entry(String name, Backend backend, Availability availability) {
    }

    /** Every known backend with its availability, in the order scalar, simd, cuda. */
    public static List<Entry> all() {
        List<Entry> e = entries;
        if (e == null) {
            synchronized (LOCK) {
                e = entries;
                if (e == null) {
                    e = List.of(load("scalar", "scalar.ScalarBackend"), load("simd", "simd.SimdBackend"),
                            load("cuda", "cuda.CudaBackend"));
                    entries = e;
                }
            }
        }
        return e;
    }

    /**
     * The backend for a name: scalar, simd, cuda, or auto (cuda, else simd, else scalar).
     *
     * @throws IllegalArgumentException for an unknown or unavailable name, with the reason
     */
    public static Backend select(String name) {
        return select(all(), name, null);
    }

    /**
     * The backend for a name that must run this cell: auto picks the best that does and does not ask to be passed
     * over for it ({@link Backend#autoSkips}: cuda for LSTM and GRU, until a GPU run has checked and timed its
     * gated kernels, so auto picks simd for them); a named backend that cannot is refused in one line.
     *
     * @throws IllegalArgumentException for an unknown or unavailable name, with the reason
     */
    public static Backend select(String name, CellMode mode) {
        return select(all(), name, mode);
    }

    /** {@link #select(String, CellMode)} among given entries; {@code mode} null means any cell. */
    static Backend select(List<Entry> entries, String name, CellMode mode) {
        String key = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) {
            for (String preferred : NAMES) {
                for (Entry e : entries) {
                    if (e.name().equals(preferred) && availability(e, mode).available()
                            && (mode == null || e.backend().autoSkips(mode).isEmpty())) {
                        return e.backend();
                    }
                }
            }
            throw new IllegalStateException("no backend is available");
        }
        for (Entry e : entries) {
            if (e.name().equals(key)) {
                if (!e.availability().available()) {
                    throw new IllegalArgumentException("backend " + key + " is unavailable: " + e.availability().reason());
                }
                Availability forMode = availability(e, mode);
                if (!forMode.available()) {
                    throw new IllegalArgumentException("backend " + key + " cannot run this " + mode.moduleName() + " ("
                            + forMode.reason() + "); use --backend auto, simd or scalar");
                }
                return e.backend();
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (expected scalar, simd, cuda or auto)");
    }

    private static Availability availability(Entry e, CellMode mode) {
        if (mode == null || !e.availability().available() || e.backend() == null) return e.availability();
        return e.backend().availability(mode);
    }

    /** One line per backend as {@code rnnx backends} prints it, e.g. {@code cuda available (RNN only; ...)}. */
    public static List<String> describeAll() {
        List<String> lines = new ArrayList<>();
        for (Entry e : all()) {
            Availability gated = availability(e, CellMode.LSTM);
            String line = Availability.describeForCells(e.name(), e.availability(), gated);
            if (gated.available() && e.backend() != null) {
                line += e.backend().autoSkips(CellMode.LSTM).map(why -> " (" + why + ")").orElse("");
            }
            lines.add(line);
        }
        return lines;
    }

    /** The names of the backends available here, best first. */
    public static List<String> availableNames() {
        List<String> out = new ArrayList<>();
        for (String preferred : NAMES) {
            for (Entry e : all()) if (e.name().equals(preferred) && e.availability().available()) out.add(e.name());
        }
        return out;
    }

    private static Entry load(String name, String className) {
        try {
            Class<?> c = Class.forName(PACKAGE + className);
            Backend b = (Backend) c.getDeclaredConstructor().newInstance();
            Availability a;
            try {
                a = b.availability();
            } catch (Throwable t) {
                a = Availability.no(describe(t));
            }
            return new Entry(name, b, a);
        } catch (ClassNotFoundException ex) {
            return new Entry(name, null, Availability.no("not built into this program"));
        } catch (Throwable t) {
            return new Entry(name, null, Availability.no(describe(t)));
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof NoClassDefFoundError || root instanceof ClassNotFoundException) {
            String missing = String.valueOf(root.getMessage());
            if (missing.contains("jdk/incubator/vector") || missing.contains("jdk.incubator.vector")) {
                return "the Vector API module is not added (run java with --add-modules jdk.incubator.vector)";
            }
            return "class not found: " + missing;
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }
}
