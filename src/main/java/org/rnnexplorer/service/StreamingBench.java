package org.rnnexplorer.service;

import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.train.Trainer;
import org.rnnexplorer.train.TrainerOptions;
import org.rnnexplorer.train.task.Task;
import org.rnnexplorer.train.task.TaskRunner;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What streaming costs: training iterations per second of the engine alone (trainer and task, nothing published)
 * against the same training through {@link EngineService} with full per-timestep traces published, probes on
 * (within their budget) and a consumer reading every snapshot's trace at 60 Hz as the window does.
 */
public final class StreamingBench {

    private StreamingBench() {
    }

    /**
     * @param msPerIterationAlone    engine alone
     * @param msPerIterationStreamed through the service, traces streaming
     * @param snapshotsRead          snapshots the simulated window read during the streamed run
     */
    public record Result(int steps, int batch, int hidden, String backend, int iterations, double msPerIterationAlone,
                         double msPerIterationStreamed, long snapshotsRead) {
        /** Streamed time over engine-alone time: the target is at most 1.2. */
        public double overhead() {
            return msPerIterationStreamed / msPerIterationAlone;
        }
    }

    /** The spec both runs train: the sine task, tanh RNN with PyTorch's default init, plain SGD. */
    static RunSpec spec(int steps, int batch, int hidden, String backend) {
        RnnConfig config = new RnnConfig(1, hidden, 1, Nonlinearity.TANH, true, false, 0, false);
        return RunSpec.builder(config, TaskSpec.of("sine", steps)).batchSize(batch)
                .optimizer(OptimizerKind.SGD, Map.of("lr", 0.01)).clipping(GradientClipping.norm(1.0, 2)).seed(1)
                .backend(BackendChoice.parse(backend)).probes(RunSpec.ProbeSettings.defaults()).build();
    }

    /**
     * Runs both, alternating warm-up then measurement.
     *
     * @param iterations measured iterations of each run (after a warm-up of the same count)
     */
    /** Refuses a shape the heap cannot hold, naming the setting with {@code names} (the CLI's flags). */
    public static void requireMemory(int steps, int batch, int hidden, String backend,
                                     Map<org.rnnexplorer.engine.MemoryEstimate.Factor, String> names) {
        RunSpec spec = spec(steps, batch, hidden, backend);
        RunMemory.require(spec, spec.task().create(), names);
    }

    public static Result run(int steps, int batch, int hidden, String backend, int iterations) throws Exception {
        RunSpec spec = spec(steps, batch, hidden, backend);
        String backendName = spec.backend().select(spec.config().mode()).name();
        alone(spec, iterations); // warm-up: JIT and the backend's buffers
        double alone = alone(spec, iterations);
        long[] read = new long[1];
        streamed(spec, iterations, read); // warm-up
        double streamed = streamed(spec, iterations, read);
        return new Result(steps, batch, hidden, backendName, iterations, alone, streamed, read[0]);
    }

    /** ms per iteration of the trainer stepping the task, nothing else. */
    private static double alone(RunSpec spec, int iterations) {
        Task task = spec.task().create();
        // The backend for the spec's cell, as the service's Session picks it (auto passes cuda over where it asks).
        try (Network network = new Network(Session.initialModel(spec, task), spec.backend().select(spec.config().mode()))) {
            Trainer trainer = new Trainer(network, Optimizers.create(spec.optimizer().orElseThrow().kind(), spec.optimizer().orElseThrow().args()),
                    spec.clipping(), task.loss(), TrainerOptions.defaults().withTraining(false, spec.seed()));
            TaskRunner runner = new TaskRunner(task, trainer, spec.batchSize(), spec.seed());
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) runner.step();
            return (System.nanoTime() - t0) / 1e6 / iterations;
        }
    }

    /** ms per iteration through the service while a consumer reads snapshots at 60 Hz. */
    private static double streamed(RunSpec spec, int iterations, long[] snapshotsRead) throws Exception {
        try (EngineService service = new EngineService()) {
            service.configure(spec).get();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread window = new Thread(() -> {
                long lastVersion = -1;
                double sink = 0;
                while (running.get()) {
                    ServiceSnapshot s = service.snapshot();
                    if (s.version() != lastVersion && s.trace() != null) {
                        lastVersion = s.version();
                        // What a frame reads: every direction's hidden states and gradient norms.
                        for (DirectionTrace d : s.trace().directions()) {
                            for (float v : d.hidden()) sink += v;
                            for (double g : d.gradNorm()) sink += g;
                        }
                        snapshotsRead[0]++;
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(16);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (sink == 42) snapshotsRead[0]--; // keeps the reads from being optimised away
            }, "rnnx-bench-window");
            window.setDaemon(true);
            window.start();
            long t0 = System.nanoTime();
            ServiceSnapshot end = service.runIterations(iterations).get();
            double ms = (System.nanoTime() - t0) / 1e6 / iterations;
            running.set(false);
            window.join();
            if (end.state() != RunState.IDLE) throw new IllegalStateException("streamed run ended " + end.state() + ": " + end.message());
            return ms;
        }
    }
}
