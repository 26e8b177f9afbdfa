package org.rnnexplorer.ui;

import javafx.application.Platform;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The window's threads and engine services, owned and closed in one place: the three run slots' services and the
 * single-thread executors that keep slow work off the FX thread, each for work that must not wait behind another's.
 */
public final class ExplorerServices implements AutoCloseable {
    /** Weight initialisations and spectra. */
    final ExecutorService weights = Executors.newSingleThreadExecutor(daemon("rnnx-weights"));
    /** Chart and trace exports. */
    final ExecutorService exports = Executors.newSingleThreadExecutor(daemon("rnnx-export"));
    /** Turns passes into heatmap grids for the live panes, newest pass only (LatestWork). */
    final ExecutorService tracePrep = Executors.newSingleThreadExecutor(daemon("rnnx-trace-prep"));
    /** Files, the pitfall studies and the PyTorch comparison: work that must not wait behind weight edits. */
    final ExecutorService lab = Executors.newSingleThreadExecutor(daemon("rnnx-lab"));
    /** Keeps unsaved work in the recovery directory ({@link RecoveryViewModel}): large writes, off every other queue. */
    final ExecutorService recovery = Executors.newSingleThreadExecutor(daemon("rnnx-recovery"));
    /** Hands results back to the FX thread. */
    final Executor fx = Platform::runLater;
    private final Map<RunSlot, ServiceBridge> runs = new EnumMap<>(RunSlot.class);

    ExplorerServices() {
        for (RunSlot slot : RunSlot.values()) runs.put(slot, new ServiceBridge(fx));
    }

    /** The engine service of a run slot: MAIN feeds the live panes, A, B and C the A/B view. */
    ServiceBridge run(RunSlot slot) {
        return runs.get(slot);
    }

    @Override
    public void close() {
        runs.values().forEach(ServiceBridge::close);
        tracePrep.shutdownNow();
        lab.shutdownNow();
        weights.shutdownNow();
        exports.shutdown(); // an export being written finishes
        recovery.shutdown(); // so does a recovery write; the window's close removed its file after it
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
