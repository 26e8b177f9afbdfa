package org.rnnexplorer.ui.fx;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.OptimizerKind;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge's command order on a real engine service, with the engine thread held so that the order is fixed. */
class ServiceBridgeTest {

    private static RunSpec adding(int hidden) {
        return RunSpec.builder(new RnnConfig(2, hidden, 1, Nonlinearity.TANH, true, false, 0, false),
                TaskSpec.of("adding", 6)).batchSize(2).optimizer(OptimizerKind.SGD, Map.of("lr", 0.1)).seed(0).backend(BackendChoice.SCALAR)
                .probes(RunSpec.ProbeSettings.none()).build();
    }

    /**
     * Explore specs of a burst still waiting when training configures its own run are dropped, not built after it:
     * the form's input_size change before a run queued one, which replaced the run just configured and stepped.
     */
    @Test
    void aDirectConfigureSupersedesTheLatestSpecStillWaiting() throws Exception {
        try (ServiceBridge bridge = new ServiceBridge(Runnable::run)) {
            bridge.configure(adding(3)).get(30, TimeUnit.SECONDS);
            CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
            bridge.service().addStepListener(m -> {
                if (entered.getCount() == 0) return;
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // holds the engine thread: what follows queues behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            bridge.stepIteration();
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            RunSpec exploreBuilding = adding(4), exploreWaiting = adding(5), training = adding(6);
            bridge.configureLatest(exploreBuilding); // handed to the service, queued behind the held step
            bridge.configureLatest(exploreWaiting);  // waits for it
            CompletableFuture<ServiceSnapshot> configured = new CompletableFuture<>();
            bridge.configure(training, (s, ex) -> configured.complete(s));
            CompletableFuture<ServiceSnapshot> stepped = bridge.stepIteration();
            release.countDown();
            assertSame(training, configured.get(30, TimeUnit.SECONDS).spec());
            assertEquals(1, stepped.get(30, TimeUnit.SECONDS).iteration());
            // Whatever was still to come has come: a command queued now runs after it.
            ServiceSnapshot last = bridge.service().pause().get(30, TimeUnit.SECONDS);
            assertSame(training, last.spec(), "the training run stays the service's run");
            assertEquals(1, last.iteration());
        }
    }

    /** A burst of explore specs builds its first and its newest, and the service ends on the newest. */
    @Test
    void aBurstBuildsTheNewestSpecLast() throws Exception {
        try (ServiceBridge bridge = new ServiceBridge(Runnable::run)) {
            RunSpec newest = null;
            for (int h = 2; h < 12; h++) {
                newest = adding(h);
                bridge.configureLatest(newest);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (bridge.service().snapshot().spec() != newest && System.nanoTime() < end) Thread.sleep(5);
            ServiceSnapshot last = bridge.service().pause().get(30, TimeUnit.SECONDS);
            assertSame(newest, last.spec());
        }
    }
}
