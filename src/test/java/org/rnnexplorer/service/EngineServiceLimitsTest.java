package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's path: a spec the heap cannot hold, or an Error on the engine thread, ends in FAILED with a message. */
class EngineServiceLimitsTest {

    @Test
    void anErrorOnTheEngineThreadFailsTheRunInsteadOfLeavingTheCallerWaiting() throws Exception {
        try (EngineService service = new EngineService()) {
            RunSpec spec = EngineServiceTest.tinySpec();
            service.configure(spec).get(30, TimeUnit.SECONDS);
            service.runIterations(3).get(30, TimeUnit.SECONDS);
            service.addStepListener(m -> {
                throw new OutOfMemoryError("Java heap space");
            });
            ServiceSnapshot end = service.runIterations(5).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, end.state());
            assertTrue(end.message().startsWith("out of memory (Java heap space) with a heap of at most "), end.message());
            // The dropped run is still named, with its curves: the Training pane matches snapshots by spec, and a
            // FAILED snapshot of no run left it saying "running" with the last line it had.
            assertSame(spec, end.spec());
            assertTrue(end.iteration() >= 3, "iteration " + end.iteration());
            assertEquals(end.iteration(), end.history().loss().size(), "every iteration it did stays charted");
            // The engine thread survived: it still answers.
            assertEquals(RunState.FAILED, service.stepIteration().get(30, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void aStackOverflowInACommandIsAnsweredToo() throws Exception {
        try (EngineService service = new EngineService()) {
            service.configure(EngineServiceTest.tinySpec()).get(30, TimeUnit.SECONDS);
            service.addStepListener(m -> {
                throw new StackOverflowError();
            });
            ServiceSnapshot s = service.stepIteration().get(30, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, s.state());
            assertTrue(s.message().startsWith("stack overflow"), s.message());
        }
    }

    @Test
    void aSpecNoHeapCanHoldIsRefusedWithAMessageNamingTheSetting() throws Exception {
        RnnConfig huge = new RnnConfig(1, 1000, 100_000, Nonlinearity.TANH, true, false, 0.0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(EngineServiceTest.tinySpec().withConfig(huge)).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, s.state());
            assertTrue(s.message().startsWith("layers 100000 needs about "), s.message());
            assertTrue(s.message().contains("; the heap can give "), s.message());
        }
    }

    @Test
    void theEstimateCountsEveryChartSeriesARunKeeps() throws Exception {
        // An Elman RNN keeps every kind of series (rho and sigma too); an LSTM with a projection the most ratios.
        RnnConfig rnn = new RnnConfig(2, 6, 2, Nonlinearity.TANH, true, false, 0.0, true);
        RnnConfig lstm = new RnnConfig(CellMode.LSTM, 2, 6, 2, true, false, 0.0, true, 3);
        for (RnnConfig c : new RnnConfig[] {rnn, lstm}) {
            try (EngineService service = new EngineService()) {
                service.configure(EngineServiceTest.tinySpec().withConfig(c)).get(30, TimeUnit.SECONDS);
                TrainingHistory h = service.runIterations(3).get(30, TimeUnit.SECONDS).history();
                int kept = 5 + h.updateRatios().size() + h.spectralRadius().size() + h.sigmaMax().size();
                String what = h.updateRatios().keySet() + " " + h.spectralRadius().keySet();
                if (c.isGated()) assertTrue(kept <= RunMemory.chartSeries(c), what);
                else assertEquals(kept, RunMemory.chartSeries(c), 0.0, what);
            }
        }
        // 100,000 one-unit layers over 2 steps: the charts are what cannot fit (38 GB at 2,048 points a series).
        RnnConfig deep = new RnnConfig(1, 1, 100_000, Nonlinearity.TANH, true, false, 0.0, false);
        RunSpec deepSpec = EngineServiceTest.tinySpec().toBuilder().config(deep).build();
        var parts = RunMemory.estimate(deepSpec, deepSpec.task().create()).parts();
        var largest = parts.stream().max((a, b) -> Double.compare(a.bytes(), b.bytes())).orElseThrow();
        assertEquals("training charts", largest.name(), parts.toString());
        assertTrue(largest.bytes() > 30e9, parts.toString());
    }

    @Test
    void aSpecWhoseWeightsNoJavaArrayCanHoldNamesTheTensor() throws Exception {
        RnnConfig wide = new RnnConfig(1, 65536, 1, Nonlinearity.TANH, true, false, 0.0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(EngineServiceTest.tinySpec().withConfig(wide)).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, s.state());
            assertTrue(s.message().startsWith("hidden size 65536: weight_hh_l0 of shape (65536, 65536)"), s.message());
        }
    }
}
