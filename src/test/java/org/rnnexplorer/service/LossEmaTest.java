package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss's moving average the service publishes, against one computed here over the raw per-iteration losses. */
class LossEmaTest {

    @Test
    void thePublishedEmaIsTheSpan50MovingAverageOfTheRawLosses() throws Exception {
        int iterations = 120;
        List<Double> raw = Collections.synchronizedList(new ArrayList<>());
        try (EngineService service = new EngineService()) {
            service.addStepListener(m -> raw.add(m.loss()));
            service.configure(EngineServiceTest.tinySpec()).get(30, TimeUnit.SECONDS);
            ServiceSnapshot end = service.runIterations(iterations).get(60, TimeUnit.SECONDS);
            assertEquals(iterations, end.iteration());
            assertEquals(iterations, raw.size());
            MetricHistory.Series ema = end.history().lossEma();
            assertEquals(1, ema.stride(), "a short run is not decimated: one point per iteration");
            assertEquals(iterations, ema.size());
            // pandas' ewm(span=50, adjust=False): s_1 = x_1, s_k = s_(k−1) + α·(x_k − s_(k−1)), α = 2/51.
            double alpha = 2.0 / 51, s = raw.getFirst();
            double furthest = 0;
            for (int k = 0; k < iterations; k++) {
                if (k > 0) s = (1 - alpha) * s + alpha * raw.get(k);
                assertEquals(k + 1.0, ema.x()[k]);
                assertEquals(s, ema.y()[k], 1e-12 * Math.abs(s), "EMA at iteration " + (k + 1));
                furthest = Math.max(furthest, Math.abs(raw.get(k) - s) / s);
            }
            assertTrue(furthest > 0.05, "the average smooths: it departs from the raw losses by " + furthest);
            assertEquals(50, TrainingHistory.EMA_SPAN);
        }
    }

    /** A run the watchdog stopped at a non-finite loss: no average there (a gap), not the previous one again. */
    @Test
    void theAverageHasAGapWhereTheLossOverflowed() throws Exception {
        RunSpec exploding = EngineServiceTest.tinySpec().toBuilder()
                .config(new org.rnnexplorer.engine.RnnConfig(2, 64, 1, org.rnnexplorer.engine.Nonlinearity.TANH, true,
                        false, 0, false))
                .task(TaskSpec.of("adding", 100)).batchSize(16)
                .init(org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 1.5)
                .optimizer(org.rnnexplorer.train.OptimizerKind.SGD, java.util.Map.of("lr", 0.1))
                .clipping(org.rnnexplorer.train.GradientClipping.none()).seed(0).probes(RunSpec.ProbeSettings.none()).build();
        try (EngineService service = new EngineService()) {
            service.configure(exploding).get(30, TimeUnit.SECONDS);
            ServiceSnapshot end = service.runIterations(100).get(60, TimeUnit.SECONDS);
            assertEquals(RunState.STOPPED, end.state(), end.message());
            MetricHistory.Series loss = end.history().loss(), ema = end.history().lossEma();
            int last = loss.size() - 1;
            assertEquals(end.iteration() + 1, (long) loss.x()[last], "the stopped step's loss is kept");
            assertTrue(Double.isInfinite(loss.y()[last]), "loss " + loss.y()[last]);
            assertTrue(Double.isNaN(ema.y()[last]), "EMA at the stop: " + ema.y()[last]);
            for (int k = 0; k < last; k++) assertTrue(Double.isFinite(ema.y()[k]), "EMA at iteration " + (k + 1));
            assertEquals(loss.y()[last - 1], end.lossAtIteration(), "the loss of iteration " + end.iteration());
        }
    }
}
