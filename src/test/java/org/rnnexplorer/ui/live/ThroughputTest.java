package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status bar's throughput, from the snapshots of a real training run. */
class ThroughputTest {

    @Test
    void runningShowsIterationsPerSecondAndMillisecondsPerIterationPausedShowsWhereIdleShowsNothing() throws Exception {
        RnnConfig config = new RnnConfig(3, 8, 1, Nonlinearity.TANH, true, true, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot idle = LiveRuns.explore(service, config, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1), 20, 2, 1,
                    LiveRuns::withSgd);
            assertEquals("", Throughput.describe(idle));
            java.util.concurrent.CompletableFuture<ServiceSnapshot> running = new java.util.concurrent.CompletableFuture<>();
            service.addListener(s -> {
                if (s.state() == RunState.RUNNING && s.iterationsPerSecond() > 0) running.complete(s);
            });
            service.start();
            ServiceSnapshot s = running.get(60, TimeUnit.SECONDS);
            String text = Throughput.describe(s);
            double ips = s.iterationsPerSecond();
            assertTrue(text.startsWith("iteration " + s.iteration() + " · "), text);
            assertTrue(text.endsWith(" ms/it on scalar"), text);
            String[] parts = text.split(" · ");
            double shownIps = Double.parseDouble(parts[1].replace(" it/s", ""));
            double shownMs = Double.parseDouble(parts[2].replace(" ms/it on scalar", ""));
            assertEquals(ips, shownIps, 0.01 * ips, "three significant digits");
            assertEquals(1000 / ips, shownMs, 0.01 * 1000 / ips);
            ServiceSnapshot paused = LiveRuns.await(service.pause());
            assertEquals("paused at iteration " + paused.iteration(), Throughput.describe(paused));
        }
    }

    @Test
    void threeSignificantDigitsAcrossMagnitudes() {
        assertEquals("1234", Throughput.threeDigits(1234.4));
        assertEquals("56.8", Throughput.threeDigits(56.78));
        assertEquals("5.68", Throughput.threeDigits(5.678));
        assertEquals("0.0568", Throughput.threeDigits(0.05678));
    }
}
