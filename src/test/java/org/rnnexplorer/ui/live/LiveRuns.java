package org.rnnexplorer.ui.live;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.run.ExploreSpecs;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real engine runs for the live panes' view-model tests: the window's explore run on the scalar backend. */
public final class LiveRuns {

    private LiveRuns() {
    }

    /**
     * Configures {@code service} with the form's explore run (seeded N(0, 1) input in batch_first layout, loss at
     * each sequence's end, probes on) and returns its first snapshot.
     */
    public static ServiceSnapshot explore(EngineService service, RnnConfig config, RnnParameters weights, int steps,
                                          int batch, long seed) throws Exception {
        return explore(service, config, weights, steps, batch, seed, spec -> spec);
    }

    /** The same, with the spec changed first (e.g. clipping). */
    public static ServiceSnapshot explore(EngineService service, RnnConfig config, RnnParameters weights, int steps,
                                          int batch, long seed, java.util.function.UnaryOperator<org.rnnexplorer.service.RunSpec> change)
            throws Exception {
        InputSpec input = new InputSpec(steps, batch, false, null, false);
        Tensor x = config.batchFirst() ? Tensor.zeros(batch, steps, config.inputSize())
                : Tensor.zeros(steps, batch, config.inputSize());
        InputLayout layout = InputLayout.check(config, x, null, null);
        ModelState state = new ModelState(config, input, layout);
        ServiceSnapshot s = await(service.configure(change.apply(ExploreSpecs.explore(state, weights, null, seed, "scalar"))));
        assertEquals(RunState.IDLE, s.state(), s.message());
        return s;
    }

    /** The spec with plain SGD (lr 0.01), for a test that trains the explore run it set up. */
    public static org.rnnexplorer.service.RunSpec withSgd(org.rnnexplorer.service.RunSpec spec) {
        return spec.toBuilder().optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 0.01)).build();
    }

    public static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Step commands that go to a real service and keep the snapshot each produced. */
    public static final class Steps implements TimeCursorViewModel.ServiceSteps {
        private final EngineService service;
        public CompletableFuture<ServiceSnapshot> lastCommand;
        public int forwardCalls, backwardCalls;

        public Steps(EngineService service) {
            this.service = service;
        }

        @Override
        public void stepTimestepForward() {
            forwardCalls++;
            lastCommand = service.stepTimestepForward();
        }

        @Override
        public void stepTimestepBackward() {
            backwardCalls++;
            lastCommand = service.stepTimestepBackward();
        }

        /** The snapshot the last command published. */
        public ServiceSnapshot result() throws Exception {
            return await(lastCommand);
        }
    }
}
