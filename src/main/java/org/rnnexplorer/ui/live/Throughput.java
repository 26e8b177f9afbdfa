package org.rnnexplorer.ui.live;

import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;

import java.util.Locale;

/** The status bar's live throughput: what the engine does per second while training runs. */
public final class Throughput {

    private Throughput() {
    }

    /**
     * {@code iteration 120 · 14.2 it/s · 70.4 ms/it on simd}, with the paused iteration when paused, and "" when nothing
     * runs.
     */
    public static String describe(ServiceSnapshot s) {
        if (s == null) return "";
        if (s.state() == RunState.PAUSED) return "paused at iteration " + s.iteration();
        if (s.state() != RunState.RUNNING) return "";
        double ips = s.iterationsPerSecond();
        if (!(ips > 0)) return "iteration " + s.iteration();
        String on = s.backendName() == null || s.backendName().isEmpty() ? "" : " on " + s.backendName();
        return String.format(Locale.ROOT, "iteration %d · %s it/s · %s ms/it%s", s.iteration(), threeDigits(ips),
                threeDigits(1000 / ips), on);
    }

    /** Three significant digits without exponent for the magnitudes throughput takes (0.01 … 1e6). */
    static String threeDigits(double v) {
        if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (v >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
