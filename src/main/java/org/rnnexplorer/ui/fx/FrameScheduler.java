package org.rnnexplorer.ui.fx;

import javafx.animation.AnimationTimer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Runs each requested redraw at most once per frame: a control that receives many updates between two pulses
 * marks itself dirty here and draws once, on the next pulse. FX thread only.
 */
public final class FrameScheduler {

    private static final LinkedHashSet<Runnable> PENDING = new LinkedHashSet<>();
    // Created on first use: an AnimationTimer needs the started toolkit.
    private static AnimationTimer timer;
    private static boolean running;

    private FrameScheduler() {
    }

    /**
     * Asks for {@code redraw} to run on the next pulse; asking again before then changes nothing. The same
     * Runnable instance must be passed each time (keep it in a field), since identity is what coalesces.
     */
    public static void requestFrame(Runnable redraw) {
        PENDING.add(redraw);
        if (!running) {
            running = true;
            if (timer == null) {
                timer = new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        long c0 = FxTimings.cpuNanos();
                        long t0 = System.nanoTime();
                        flush();
                        FxTimings.record("frame redraws", System.nanoTime() - t0, FxTimings.cpuNanos() - c0);
                    }
                };
            }
            timer.start();
        }
    }

    /** Runs every pending redraw now (also what the pulse does); tests call it to avoid waiting for a pulse. */
    public static void flush() {
        if (PENDING.isEmpty()) {
            if (timer != null) timer.stop();
            running = false;
            return;
        }
        List<Runnable> batch = new ArrayList<>(PENDING);
        PENDING.clear();
        for (Runnable r : batch) r.run();
    }
}
