package org.rnnexplorer.service;

import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Saturation;
import org.rnnexplorer.engine.Spectra;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Traces;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.train.DirectionProbe;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.LossResult;
import org.rnnexplorer.train.Losses;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.Optimizer;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.train.Pass;
import org.rnnexplorer.train.StepMetrics;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.Tbptt;
import org.rnnexplorer.train.TimestepProbes;
import org.rnnexplorer.train.Trainer;
import org.rnnexplorer.train.TrainerOptions;
import org.rnnexplorer.train.TrainingConfigException;
import org.rnnexplorer.train.task.Batch;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.train.task.Seeds;
import org.rnnexplorer.train.task.Task;
import org.rnnexplorer.train.task.TaskRunner;
import org.rnnexplorer.train.task.TextSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * One configured run: model, backend, trainer and task. Confined to the engine thread, which builds it, steps it
 * and reads the latest pass out of it.
 */
final class Session implements AutoCloseable {
    private final RunSpec spec;
    private final Task task;
    private final Model model;
    private final Network network;
    private final Trainer trainer;
    private final TaskRunner runner;
    private final String backendName;
    /** The backend the run's network computes on (a sampler's network too). */
    private final Backend backend;
    private Tbptt tbptt;
    private long streamsDrawn;
    private int[] lastLengths;
    private double lastLoss = Double.NaN;
    private boolean hasPass;
    /** The weights the latest pass ran with (its update came after), for small Elman RNNs only; else null. */
    private RnnParameters passWeights;
    /** Predictions beside targets of the latest pass (a task with real-valued targets, not TBPTT), or null. */
    private Predictions lastPredictions;
    /** The followed sequence of the latest pass as characters (the text task), or null. */
    private TextTrace lastText;
    /** The stream the TBPTT chunks come from, time-major (L_total, N, …), or null. */
    private Batch tbpttStream;

    /**
     * @throws IllegalArgumentException (including RnnConfigException, TrainingConfigException) for a spec that
     *                                  cannot run, with a one-line message
     */
    Session(RunSpec spec) {
        this.spec = spec;
        this.task = spec.task().create();
        RunMemory.require(spec, task, RunMemory.SETTING_NAMES); // before the model, the backend or a batch exists
        if (task instanceof FixedBatchTask && spec.initialModel().isEmpty()) {
            throw new TrainingConfigException("weights", "a fixed batch trains given weights");
        }
        this.model = spec.initialModel().isPresent() ? spec.initialModel().get().copy() : initialModel(spec, task);
        this.backend = spec.backend().select(model.config().mode());
        this.backendName = backend.name();
        this.network = new Network(model, backend);
        try {
            TrainerOptions options = TrainerOptions.defaults()
                    .withTraining(model.config().dropout() > 0, spec.seed())
                    .withMode(ForwardMode.TRACE);
            Optimizer optimizer = spec.optimizer().map(o -> Optimizers.create(o.kind(), o.args())).orElse(null);
            this.trainer = new Trainer(network, optimizer, spec.clipping(), task.loss(), options);
            this.runner = task instanceof FixedBatchTask ? null : new TaskRunner(task, trainer, spec.batchSize(), spec.seed());
            if (spec.tbpttChunk().isPresent()) Tbptt.requireTargetAtEveryStep(task.readout(), task.name());
        } catch (RuntimeException ex) {
            network.close();
            throw ex;
        }
    }

    /** The RNN initialised from the spec, with a PyTorch-default readout head sized for the task. */
    static Model initialModel(RunSpec spec, Task task) {
        RnnConfig config = spec.config();
        if (config.inputSize() != task.inputSize()) {
            config = config.withInputSize(task.inputSize()); // the task decides what the input looks like
        }
        RnnParameters rnn = Initializers.create(config, spec.init(), spec.seed());
        if (spec.spectralRadius().isPresent()) {
            Initializers.rescaleSpectralRadius(rnn, spec.spectralRadius().getAsDouble());
        }
        Linear head = Linear.pytorchDefault(config.outputSize(), task.outputSize(), spec.seed() + 1);
        return new Model(rnn, head, task.readout());
    }

    RunSpec spec() {
        return spec;
    }

    Task task() {
        return task;
    }

    Model model() {
        return model;
    }

    Network network() {
        return network;
    }

    Trainer trainer() {
        return trainer;
    }

    String backendName() {
        return backendName;
    }

    long iteration() {
        return trainer.stepCount();
    }

    /**
     * A forward and backward pass on the batch the next step will train on, without updating anything: how the
     * current model sees its data, for the explorer's views before training starts.
     */
    double explore() {
        keepPassWeights();
        Batch b = nextBatch();
        ForwardOptions options = new ForwardOptions(ForwardMode.TRACE, false, 0, null);
        Network.Forward f = network.forward(b.input(), initialState(), b.lengths(), options);
        LossResult lr = Losses.compute(task.loss(), f.prediction(), b.target());
        network.backward(f, lr.gradPrediction(), null);
        lastLengths = b.lengths();
        lastLoss = lr.loss();
        lastPredictions = predictions(f.prediction(), b);
        lastText = textOf(b, f.prediction());
        hasPass = true;
        return lastLoss;
    }

    /** The pass's predictions beside the batch's targets; none for the explorer's fixed batch (its target is a stand-in). */
    private Predictions predictions(Tensor prediction, Batch b) {
        if (task instanceof FixedBatchTask) return null;
        return Predictions.of(trainer.stepCount(), task.readout(),
                prediction, b.target(), network.rnn().lastLayout(), b.lengths());
    }

    /** The followed sequence of a text-task batch and the pass's logits for it, both in the model's layout; else null. */
    private TextTrace textOf(Batch batch, Tensor prediction) {
        if (!(task instanceof CharText text) || !(batch.target() instanceof Target.Classes classes)) return null;
        InputLayout layout = network.rnn().lastLayout();
        int b = followed(layout.batch()), steps = layout.steps(), n = layout.batch();
        IntUnaryOperator row = t -> layout.batchFirst() ? b * steps + t : t * n + b;
        return TextTrace.of(text, steps, row, batch.input(), classes.indices(), row, prediction);
    }

    /** The followed sequence of a TBPTT chunk: the time-major stream's steps [start, start + length). */
    private TextTrace chunkTextOf(Tbptt.ChunkResult r) {
        if (!(task instanceof CharText text) || !(tbpttStream.target() instanceof Target.Classes classes)) return null;
        InputLayout layout = network.rnn().lastLayout();
        int b = followed(layout.batch()), steps = r.length(), n = layout.batch();
        return TextTrace.of(text, steps, t -> (r.start() + t) * n + b, tbpttStream.input(), classes.indices(),
                t -> layout.batchFirst() ? b * steps + t : t * n + b, r.pass().prediction());
    }

    /** b: the sequence the explorer follows, within a batch of N. */
    private int followed(int batch) {
        return Math.min(spec.probes().batchIndex(), batch - 1);
    }

    /**
     * Text drawn from the current weights ({@link TextSampler}), run on a copy of them in a network of its own: the
     * latest pass's traces stay as they were, for the explorer reads them again (a BPTT step's probes).
     */
    String sampleText(String seedText, int length, double temperature, SplittableRandom random) {
        if (!(task instanceof CharText text)) throw new IllegalStateException("sampling needs a run on the text task");
        try (Network copy = new Network(model.copy(), backend)) {
            return TextSampler.sample(copy, text, seedText, length, temperature, random);
        }
    }

    /** h0 of a fixed batch, else null (zeros). */
    private Tensor initialState() {
        return task instanceof FixedBatchTask fixed ? fixed.fixed().h0() : null;
    }

    /** The batch of the next step, in the model's layout. */
    private Batch nextBatch() {
        return runner == null ? task.batch(spec.batchSize(), null) : runner.batch(trainer.stepCount());
    }

    /** One optimiser update: a whole batch, or the next TBPTT chunk of the current stream. */
    StepMetrics iterate() {
        if (!spec.trains()) throw new IllegalStateException("this run explores; it has no optimiser to step");
        keepPassWeights();
        StepMetrics m;
        if (spec.tbpttChunk().isPresent()) {
            if (tbptt == null || !tbptt.hasNext()) {
                Batch stream = task instanceof CharText text ? text.stream(spec.batchSize())
                        : task.batch(spec.batchSize(), Seeds.forStep(spec.seed(), streamsDrawn));
                streamsDrawn++;
                tbptt = new Tbptt(trainer, stream.input(), stream.target(), spec.tbpttChunk().getAsInt(), 1);
                tbpttStream = stream;
            }
            Tbptt.ChunkResult r = tbptt.next();
            m = r.metrics();
            lastLengths = null;
            lastPredictions = null;
            lastText = chunkTextOf(r);
        } else {
            Batch b = nextBatch();
            // Trainer.step split in two, to keep the pass's prediction.
            Pass pass = trainer.accumulate(b.input(), initialState(), b.lengths(), b.target());
            m = trainer.update();
            lastLengths = b.lengths();
            lastPredictions = predictions(pass.prediction(), b);
            lastText = textOf(b, pass.prediction());
        }
        lastLoss = m.loss();
        hasPass = true;
        return m;
    }

    /** The latest pass's predictions beside its targets, or null (see {@link Predictions#of}). */
    Predictions predictions() {
        return lastPredictions;
    }

    /**
     * Copies the weights the coming pass runs with, when its BPTT steps are small enough to show as arithmetic
     * ({@link TraceSnapshot#ARITHMETIC_MAX_HIDDEN}): the optimiser changes them in place before the capture.
     */
    private void keepPassWeights() {
        RnnConfig c = model.config();
        passWeights = !c.isGated() && c.hiddenSize() <= TraceSnapshot.ARITHMETIC_MAX_HIDDEN ? model.rnn().copy() : null;
        network.keepGradOutput(passWeights != null);
    }

    /** ∂L/∂output of the followed sequence b, (T, D·H), or null when the pass's weights were not kept. */
    private float[] gradOutputOf(int b) {
        Tensor grad = network.lastGradOutput();
        if (passWeights == null || grad == null) return null;
        InputLayout layout = network.rnn().lastLayout();
        int width = model.config().outputSize();
        return sequence(new Tensor(layout.traceShape(width), layout.toTimeMajor(grad.data(), width)), b,
                layout.batch(), width);
    }

    /**
     * Reads the latest pass out of the kernel.
     *
     * @param probes whether to compute the costly per-step Jacobian quantities
     */
    TraceSnapshot capture(boolean probes) {
        if (!hasPass) return null;
        Rnn rnn = network.rnn();
        RnnConfig config = rnn.config();
        InputLayout layout = rnn.lastLayout();
        int steps = layout.steps();
        int batch = layout.batch();
        int b = followed(batch);
        int length = lastLengths == null ? steps : lastLengths[b];
        int h = config.hiddenSize();
        if (config.isGated()) {
            List<DirectionTrace> gated = GatedCapture.capture(rnn, b, lastLengths, initialState(), probes);
            return new TraceSnapshot(trainer.stepCount(), config, steps, batch, b, length, lastLoss, List.copyOf(gated),
                    null, null, lastText);
        }
        List<DirectionProbe> probed = probes ? TimestepProbes.compute(rnn, lastLengths, b, spec.probes().products()) : null;
        List<DirectionTrace> out = new ArrayList<>();
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < config.numDirections(); d++) {
                Tensor hidden = rnn.hidden(k, d);
                Tensor grad = rnn.gradHidden(k, d);
                DirectionProbe p = probed == null ? null : probed.get(k * config.numDirections() + d);
                float[] w = rnn.parameters().weightHh(k, d);
                double rho = probes ? Spectra.spectralRadius(w, h) : Double.NaN;
                double sigma = probes ? Spectra.largestSingularValue(w, h, h) : Double.NaN;
                out.add(new DirectionTrace(k, d, sequence(hidden, b, batch, h), sequence(rnn.preactivation(k, d), b, batch, h),
                        sequence(grad, b, batch, h), Traces.normPerTimestep(grad),
                        p == null ? null : p.jacobianNorm(), p == null ? null : p.productLogNorm(),
                        p == null ? Saturation.fractionPerStep(config.nonlinearity(), hidden.data(), hidden.dim(0), batch, h,
                                lastLengths) : p.inactiveFraction(),
                        rho, sigma));
            }
        }
        return new TraceSnapshot(trainer.stepCount(), config, steps, batch, b, length, lastLoss, List.copyOf(out),
                passWeights, gradOutputOf(b), lastText);
    }

    /**
     * A rough cost, in floating-point operations, of probing one pass: per layer and direction, the Jacobian factor
     * of every step by Lanczos (about 2·64·H² per step) and, when asked for, the running products (2·H³ per step).
     */
    double probeFlopsEstimate() {
        RnnConfig c = model.config();
        double h = c.hiddenSize();
        InputLayout layout = network.rnn().lastLayout();
        double steps = layout != null ? layout.steps() : Math.max(1, spec.task().steps());
        double perStep = 128 * h * h + (spec.probes().products() ? 2 * h * h * h : 0);
        if (c.isGated()) { // the state Jacobian (S, S), S = H_out + H or H, into the (H_out, S) running product
            double out = c.outputHiddenSize(), state = c.mode() == CellMode.LSTM ? out + h : h;
            perStep = 128 * out * out + 2 * out * state * state + 2 * c.gateRows() * out;
        }
        return c.numLayers() * c.numDirections() * steps * perStep;
    }

    /** Rows of one sequence from a (T, B, H) or (T, H) trace: (T, H). */
    private static float[] sequence(Tensor trace, int b, int batch, int h) {
        int steps = trace.dim(0);
        float[] out = new float[steps * h];
        float[] src = trace.data();
        for (int t = 0; t < steps; t++) System.arraycopy(src, (t * batch + b) * h, out, t * h, h);
        return out;
    }

    @Override
    public void close() {
        network.close();
    }
}
