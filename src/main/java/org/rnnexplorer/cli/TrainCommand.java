package org.rnnexplorer.cli;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.MemoryEstimate;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Numbers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnConfigException;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Csv;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.IoWriter;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.OutputPlan;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;
import org.rnnexplorer.io.WeightsFile;
import org.rnnexplorer.io.WeightsMetadata;
import org.rnnexplorer.io.SampleDirectory;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunMemory;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.ModelStateDict;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.StepMetrics;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;
import org.rnnexplorer.train.task.Task;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code rnnx train}: training through the engine service, headless. Two forms: a task run (seeded generator, model
 * and optimiser from options) and the fixed-batch form that reproduces a PyTorch loop over one batch step for step.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an RNN, LSTM or GRU: on a task (--task, --mode), or K full-batch steps on one batch "
                + "(--weights --input --target; the file's tensors decide the cell).",
                "Writes every step's metrics (--log, .json or .csv) and the final weights (--out .safetensors)."})
final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // ---- what to train on ----
    @Option(names = "--task", paramLabel = "adding|adding-1997|copy|latching|sine|text|csv",
            description = "Train on a generated task (see sample-data/README.md).")
    String task;

    @Option(names = "--weights", paramLabel = "INIT.safetensors|INIT.pt",
            description = "Initial weights: the RNN's state_dict (safetensors or torch.save .pt/.pth), optionally with "
                    + "head.weight/head.bias.")
    Path weights;

    @Option(names = "--input", paramLabel = "X.npy", description = "Fixed batch input (user layout); FILE.npz:KEY works.")
    String input;

    @Option(names = "--target", paramLabel = "Y.npy",
            description = "Fixed batch target: prediction's shape (mse) or class indices without the class axis (ce).")
    String target;

    @Option(names = "--lengths", paramLabel = "N1,N2,...", description = "Valid steps per sequence.")
    String lengthsText;

    /** --lengths as integers (null when not given), parsed at the start of {@link #call()}. */
    int[] lengths;

    @Option(names = "--readout", paramLabel = "all|last", description = "Predict at every step, or from the last.")
    String readout;

    @Option(names = "--loss", paramLabel = "mse|ce", description = "Mean squared error or cross-entropy.")
    String loss;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Module prefix of the RNN's keys in --weights.")
    String prefix;

    // ---- model (task form) ----
    @Option(names = "--mode", paramLabel = "rnn|lstm|gru",
            description = "The cell (task form; default rnn): nn.RNN (tanh, or relu with --nonlinearity), nn.LSTM or "
                    + "nn.GRU. LSTM and GRU take no --nonlinearity, --init identity or --rho (refused: those are "
                    + "defined on one square W_hh, and theirs stacks 4 or 3 gate blocks).")
    String mode;

    @Option(names = "--proj-size", paramLabel = "P", description = "LSTM only (task form): proj_size P < H; h_t has P "
            + "features (default 0: no projection).")
    Integer projSize;

    @Option(names = "--hidden-size", defaultValue = "100", description = "H (default ${DEFAULT-VALUE}).")
    int hiddenSize;

    @Option(names = "--num-layers", defaultValue = "1", description = "Layers (default ${DEFAULT-VALUE}).")
    int numLayers;

    @Option(names = "--nonlinearity", paramLabel = "tanh|relu", description = "Default tanh, or the weights' __metadata__.")
    String nonlinearity;

    @Option(names = "--batch-first", negatable = true, description = "Input/output are (N,L,*).")
    Boolean batchFirst;

    @Option(names = "--bidirectional", description = "A bidirectional RNN (task form).")
    boolean bidirectional;

    @Option(names = "--no-bias", description = "No b_ih, b_hh (task form).")
    boolean noBias;

    @Option(names = "--dropout", defaultValue = "0", description = "Inter-layer dropout (task form).")
    double dropout;

    @Option(names = "--init", defaultValue = "default", paramLabel = "default|orthogonal|identity",
            description = "Initialisation (task form; default ${DEFAULT-VALUE}): default is PyTorch's U(-1/sqrt(H), "
                    + "1/sqrt(H)) for every parameter; orthogonal then makes each W_hh orthogonal (for LSTM and GRU "
                    + "each gate block of W_hh, as nn.init.orthogonal_ applied per chunk); identity is the IRNN (nn.RNN "
                    + "only).")
    String init;

    @Option(names = "--rho", paramLabel = "R", description = "Rescale each W_hh to spectral radius R after init (nn.RNN only).")
    Double rho;

    // ---- task options ----
    @Option(names = "--seq-len", defaultValue = "100", description = "T: sequence length (copy: blanks) (default ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch-size", defaultValue = "16", description = "N (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds init, batches and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--text", paramLabel = "FILE", description = "Corpus of --task text (default: the bundled sample-data/moby-dick-ch1-3.txt).")
    Path text;

    @Option(names = "--series", paramLabel = "FILE.csv|FILE.npy", description = "Time series of --task csv: (L, F).")
    String series;

    @Option(names = "--no-header", description = "--series CSV has no header row: every row is data (columns c0, c1, ...).")
    boolean noHeader;

    @Option(names = "--tbptt", defaultValue = "0", paramLabel = "K",
            description = "Truncated BPTT chunk length; 0 backpropagates through whole sequences.")
    int tbptt;

    /** Sampling holds the text in memory and prints it at once: a bound keeps that small next to the run. */
    static final int MAX_SAMPLE = 1_000_000;

    @Option(names = "--sample", defaultValue = "0", paramLabel = "N",
            description = "Text task: print N sampled characters at the end (at most 1,000,000), after the weights "
                    + "and log are written.")
    int sample;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature (default ${DEFAULT-VALUE}).")
    double temperature;

    // ---- optimiser ----
    @Option(names = "--optimizer", paramLabel = "sgd|adam|rmsprop|adagrad", description = "Required with --weights; default sgd for tasks.")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate (default: PyTorch's for Adam, RMSprop, Adagrad; SGD has "
            + "none: required with --weights, 0.01 in the task form).")
    Double lr;

    @Option(names = "--momentum")
    Double momentum;

    @Option(names = "--dampening")
    Double dampening;

    @Option(names = "--nesterov")
    boolean nesterov;

    @Option(names = "--weight-decay")
    Double weightDecay;

    @Option(names = "--betas", split = ",", paramLabel = "B1,B2")
    double[] betas;

    @Option(names = "--eps")
    Double eps;

    @Option(names = "--amsgrad")
    boolean amsgrad;

    @Option(names = "--alpha", description = "RMSprop smoothing constant.")
    Double alpha;

    @Option(names = "--centered", description = "Centered RMSprop.")
    boolean centered;

    @Option(names = "--lr-decay", description = "Adagrad learning-rate decay.")
    Double lrDecay;

    @Option(names = "--initial-accumulator-value", description = "Adagrad initial accumulator.")
    Double initialAccumulator;

    @ArgGroup(exclusive = true)
    ClipOptions clip;

    static final class ClipOptions {
        @Option(names = "--clip-norm", paramLabel = "F", description = "clip_grad_norm_ with max_norm F.")
        Double norm;

        @Option(names = "--clip-value", paramLabel = "F", description = "clip_grad_value_ with clip_value F.")
        Double value;
    }

    @Option(names = "--clip-norm-type", defaultValue = "2", paramLabel = "2|inf", description = "Norm type of --clip-norm.")
    String clipNormType;

    // ---- running and output ----
    @Option(names = "--steps", required = true, paramLabel = "K", description = "Optimiser steps.")
    long steps;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "scalar|simd|cuda|auto")
    String backend;

    @Option(names = "--out", paramLabel = "FINAL.safetensors", converter = OutputPath.ToSafetensors.class,
            description = "Final weights.")
    Path out;

    @Option(names = "--log", paramLabel = "LOG.json|LOG.csv", converter = OutputPath.ToLog.class,
            description = "Every step's metrics.")
    Path log;

    @Option(names = "--checkpoint-every", paramLabel = "K",
            description = "Also write --out after every K steps while training (atomically, marked checkpoint_at_step): "
                    + "a killed run leaves its last checkpoint.")
    Long checkpointEvery;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    private SafetensorsFile initFile;
    private ModelStateDict.Naming naming;

    @Override
    public Integer call() throws Exception {
        lengths = Flags.integers("--lengths", lengthsText);
        if ((task == null) == (weights == null)) {
            throw new IllegalArgumentException("give either --task, or --weights with --input and --target");
        }
        if (weights != null && (mode != null || projSize != null)) {
            throw new IllegalArgumentException((mode != null ? "--mode" : "--proj-size") + " is for the task form; with "
                    + "--weights the file's tensors decide the cell");
        }
        if (steps <= 0) throw new IllegalArgumentException("--steps must be positive, got " + steps);
        if (checkpointEvery != null) {
            Flags.atLeast("--checkpoint-every", checkpointEvery, 1);
            if (out == null) throw new IllegalArgumentException("--checkpoint-every writes to --out: give --out FILE.safetensors");
        }
        checkNumbers();
        refuseFlagsOfTheOtherForm();
        OutputPlan plan = new OutputPlan()
                .input("--weights", weights)
                .input("--input", input == null ? null : Npz.fileOf(input))
                .input("--target", target == null ? null : Npz.fileOf(target))
                .input("--text", "text".equalsIgnoreCase(task) ? corpusPath() : null)
                .input("--series", series == null ? null : Npz.fileOf(series))
                .output("--out", out)
                .output("--log", log);
        plan.check(); // before any work: a bad --out must not cost a training run
        RunSpec runSpec = task != null ? taskSpec() : fixedBatchSpec();
        requireMemory(runSpec);
        AtomicReference<StepMetrics> last = new AtomicReference<>();
        String sampled = null;
        ServiceSnapshot end;
        try (plan; ShutdownRequest stop = ShutdownRequest.install(ShutdownRequest.DEFAULT_BOUND);
             TrainingLog trainingLog = log == null ? null : TrainingLog.open(plan, log);
             CheckpointWriter checkpoints = checkpointEvery == null ? null
                     : new CheckpointWriter(out, c -> weightsWriter(c.model(), null, c.step()));
             EngineService service = new EngineService()) {
            if (checkpoints != null) service.addCheckpointListener(checkpointEvery, checkpoints::offer);
            service.addStepListener(m -> {
                last.set(m);
                if (trainingLog != null) trainingLog.append(m);
            });
            ServiceSnapshot ready = service.configure(runSpec).get();
            if (ready.state() == RunState.FAILED) {
                // The loss checks class indices against the model's classes, and the target's shape against the
                // prediction's: name the file they came from.
                String m = ready.message();
                boolean outOfBounds = m.startsWith("Target ");
                boolean aboutTarget = target != null && (outOfBounds || m.startsWith("MSE target ")
                        || m.startsWith("cross-entropy target "));
                throw new IllegalArgumentException(aboutTarget ? target + ": " + m
                        + (outOfBounds ? " (the model predicts fewer classes)" : "") : m);
            }
            CompletableFuture<ServiceSnapshot> run = service.runIterations(steps);
            end = awaitWithProgress(service, run, stop, trainingLog, checkpoints);
            if (trainingLog != null && trainingLog.failure() != null) throw trainingLog.failure();
            if (checkpoints != null) {
                checkpoints.close(); // a checkpoint still being written lands before the final weights, not after
                if (checkpoints.failure() != null) throw checkpoints.failure();
            }
            long stepsDone = last.get() == null ? 0 : last.get().step();
            Long interruptedAt = stop.requested() && stepsDone < steps ? stepsDone : null;
            // Outputs before anything else can go wrong (sampling): all of them, or none.
            if (trainingLog != null) {
                trainingLog.finish(plan, TrainingLog.summary(end.history().baseline(), end.backendName(),
                        end.nonFinite() == null ? null : end.nonFinite().describe(), interruptedAt));
            }
            boolean trained = end.state() != RunState.FAILED && end.state() != RunState.STOPPED;
            boolean writesWeights = out != null && trained;
            if (writesWeights) plan.stage(out, weightsWriter(end.model(), interruptedAt, null));
            plan.commit();
            if (interruptedAt != null) {
                spec.commandLine().getErr().println("rnnx: interrupted at step " + interruptedAt + "; "
                        + (writesWeights ? "weights written to " + out : "no weights written") + ", "
                        + (log != null ? "log written to " + log : "no --log"));
                spec.commandLine().getErr().flush();
                stop.outputsWritten();
                return 143; // the JVM's own status wins when a signal started the shutdown: 130 or 143
            }
            stop.outputsWritten();
            // A run that did not finish leaves --out as its last checkpoint, if it took one: say which step that is.
            String kept = checkpoints == null || checkpoints.lastWrittenStep() < 0 ? ""
                    : "; " + out + " holds the checkpoint at step " + checkpoints.lastWrittenStep();
            if (end.state() == RunState.FAILED) throw new IllegalStateException(end.message() + kept);
            if (end.state() == RunState.STOPPED) {
                throw new IllegalStateException("training " + end.message() + (log != null ? " (log written to " + log + ")" : "")
                        + kept);
            }
            if (sample > 0 && end.state() == RunState.IDLE && runSpec.task().text() != null) {
                String corpus = runSpec.task().text();
                sampled = service.sampleText(corpus.substring(0, corpus.offsetByCodePoints(0, 1)), sample, temperature,
                        seed).get();
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        StepMetrics lastStep = last.get();
        if (lastStep != null) {
            o.printf(Locale.ROOT, "step %d: loss %s, grad norm %s%s%n", lastStep.step(), Numbers.g(lastStep.loss(), 6),
                    Numbers.g(lastStep.gradNorm(), 4), Double.isNaN(end.history().baseline()) ? "" : String.format(Locale.ROOT,
                            " (chance baseline %.4g)", end.history().baseline()));
        }
        if (sampled != null) o.println(CliErrors.printableText(sampled));
        o.flush();
        return 0;
    }

    /** NaN, negative or zero where they mean nothing: refused before anything is read or built. */
    /** Flags of the --weights form only: a task decides its data, loss and readout itself. */
    static final List<String> WEIGHTS_FORM = List.of("--input", "--target", "--lengths", "--readout", "--loss", "--prefix");
    /** Flags of the task form only: with --weights the file decides the model, --input the data. */
    static final List<String> TASK_FORM = List.of("--hidden-size", "--num-layers", "--bidirectional", "--no-bias",
            "--dropout", "--init", "--rho", "--seq-len", "--batch-size", "--text", "--series", "--no-header", "--tbptt",
            "--sample", "--temperature");

    /**
     * A flag the chosen form (or task) does not use is refused, naming it, rather than silently ignored: a run that
     * differs from what its command line says is worse than no run.
     */
    private void refuseFlagsOfTheOtherForm() {
        var parsed = spec.commandLine().getParseResult();
        for (String flag : task != null ? WEIGHTS_FORM : TASK_FORM) {
            if (!parsed.hasMatchedOption(flag)) continue;
            throw new IllegalArgumentException(flag + (task != null
                    ? " is for the --weights form; --task " + task + " makes its own data, loss and readout"
                    : " is for the --task form; with --weights the file decides the model and --input the data"));
        }
        if (task == null) return;
        String t = task.trim().toLowerCase(Locale.ROOT);
        for (String flag : List.of("--text", "--sample", "--temperature")) {
            if (parsed.hasMatchedOption(flag) && !t.equals("text")) {
                throw new IllegalArgumentException(flag + " is for --task text, not --task " + task);
            }
        }
        for (String flag : List.of("--series", "--no-header")) {
            if (parsed.hasMatchedOption(flag) && !t.equals("csv") && !t.equals("series")) {
                throw new IllegalArgumentException(flag + " is for --task csv, not --task " + task);
            }
        }
    }

    private void checkNumbers() {
        Flags.atLeast("--hidden-size", hiddenSize, 1);
        Flags.atLeast("--num-layers", numLayers, 1);
        if (projSize != null) Flags.atLeast("--proj-size", projSize, 0);
        Flags.atLeast("--seq-len", seqLen, 1);
        Flags.atLeast("--batch-size", batchSize, 1);
        Flags.atLeast("--tbptt", tbptt, 0);
        Flags.within("--sample", sample, 0, MAX_SAMPLE);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1], got " + dropout);
        }
        Flags.finitePositive("--rho", rho);
        Flags.finiteAtLeast("--temperature", temperature, 0);
        // Negative optimiser arguments get PyTorch's own messages from the optimiser; NaN slips past those checks.
        Flags.finite("--lr", lr);
        Flags.finite("--momentum", momentum);
        Flags.finite("--dampening", dampening);
        Flags.finite("--weight-decay", weightDecay);
        Flags.finite("--eps", eps);
        Flags.finite("--alpha", alpha);
        Flags.finite("--lr-decay", lrDecay);
        Flags.finite("--initial-accumulator-value", initialAccumulator);
        if (betas != null) for (double b : betas) Flags.finite("--betas", b);
        if (clip != null) {
            Flags.finiteAtLeast("--clip-norm", clip.norm, 0);
            Flags.finiteAtLeast("--clip-value", clip.value, 0);
        }
    }

    /**
     * Refuses, before the service allocates anything, a run the heap cannot hold (or whose arrays no Java array can
     * hold), naming the flag that makes it large. The task is built here only to learn its input and output sizes.
     */
    private void requireMemory(RunSpec runSpec) {
        Task t;
        try {
            t = runSpec.task().create();
        } catch (TrainingConfigException ex) {
            String flag = switch (ex.field()) {
                case "window", "steps", "T" -> "--seq-len " + seqLen;
                case "text" -> "--text " + (text != null ? text : "(the sample corpus)");
                case "series" -> "--series " + series;
                default -> null;
            };
            throw flag == null ? ex : new IllegalArgumentException(flag + ": " + ex.getMessage());
        }
        Map<MemoryEstimate.Factor, String> names = task != null
                ? Map.of(MemoryEstimate.Factor.HIDDEN_SIZE, "--hidden-size", MemoryEstimate.Factor.NUM_LAYERS, "--num-layers",
                        MemoryEstimate.Factor.STEPS, "--seq-len", MemoryEstimate.Factor.BATCH, "--batch-size",
                        MemoryEstimate.Factor.INPUT_SIZE, "--task " + task + " input size")
                : Map.of(MemoryEstimate.Factor.HIDDEN_SIZE, "--weights " + weights + " hidden size",
                        MemoryEstimate.Factor.NUM_LAYERS, "--weights " + weights + " layers",
                        MemoryEstimate.Factor.STEPS, "--input " + input + " sequence length",
                        MemoryEstimate.Factor.BATCH, "--input " + input + " batch size",
                        MemoryEstimate.Factor.INPUT_SIZE, "--input " + input + " input size");
        RunMemory.require(runSpec, t, names, "--tbptt");
    }

    /**
     * Waits for the run, drawing the progress bar on a terminal; on a shutdown request or a failed log write, cancels
     * the run, which stops after the step in progress and keeps what the model learned.
     */
    private ServiceSnapshot awaitWithProgress(EngineService service, CompletableFuture<ServiceSnapshot> run,
                                              ShutdownRequest stop, TrainingLog trainingLog,
                                              CheckpointWriter checkpoints) throws Exception {
        boolean bar = !quiet && System.console() != null;
        PrintWriter err = spec.commandLine().getErr();
        boolean cancelled = false;
        while (true) {
            try {
                ServiceSnapshot s = run.get(100, TimeUnit.MILLISECONDS);
                if (bar) err.print("\r" + " ".repeat(78) + "\r");
                err.flush();
                return s;
            } catch (TimeoutException pending) {
                if (!cancelled && (stop.requested() || trainingLog != null && trainingLog.failure() != null
                        || checkpoints != null && checkpoints.failure() != null)) {
                    service.cancel();
                    cancelled = true;
                }
                if (bar) err.print("\r" + progressLine(service.snapshot()));
                err.flush();
            }
        }
    }

    private String progressLine(ServiceSnapshot s) {
        int width = 30;
        int filled = (int) Math.min(width, width * s.iteration() / Math.max(1, steps));
        return String.format(Locale.ROOT, "[%s%s] %d/%d  loss %s  %.1f it/s", "#".repeat(filled),
                ".".repeat(width - filled), s.iteration(), steps, Numbers.g(s.history().loss().last(), 4),
                s.iterationsPerSecond());
    }

    // ---- building the run ----

    /** The text task's corpus: --text, or the bundled sample wherever rnnx runs from. */
    private Path corpusPath() {
        return text != null ? text : SampleDirectory.path().resolve(SampleDirectory.TEXT_SAMPLE);
    }

    private RunSpec taskSpec() throws Exception {
        Nonlinearity f = nonlinearity == null ? Nonlinearity.TANH : Nonlinearity.parse(nonlinearity);
        CellMode cell = cellMode(f);
        TaskSpec t = switch (task.toLowerCase(Locale.ROOT)) {
            case "text" -> {
                Path corpus = corpusPath();
                if (!Files.exists(corpus)) throw new FormatException(corpus + ": no such file (give the corpus with --text)");
                yield TaskSpec.text(org.rnnexplorer.io.TextFiles.readCorpus(corpus), seqLen);
            }
            case "csv", "series" -> {
                if (series == null) throw new IllegalArgumentException("--task csv needs --series FILE.csv or FILE.npy");
                Tensor values = readSeries(series);
                yield TaskSpec.series(values.data(), values.dim(1), seqLen);
            }
            default -> {
                // The CLI calls the series task csv: the service's own list would offer "series".
                if (!TaskSpec.NAMES.contains(task.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("unknown task '" + task + "' (expected one of " + String.join(", ",
                            TaskSpec.NAMES.stream().map(n -> n.equals("series") ? "csv" : n).toList()) + ")");
                }
                yield TaskSpec.of(task, seqLen);
            }
        };
        // input_size comes from the task; 1 is a placeholder the service replaces.
        RnnConfig config;
        try {
            config = new RnnConfig(cell, 1, hiddenSize, numLayers, !noBias, Boolean.TRUE.equals(batchFirst), dropout,
                    bidirectional, projSize == null ? 0 : projSize);
        } catch (RnnConfigException ex) {
            if (!ex.field().equals("proj_size")) throw ex;
            throw new IllegalArgumentException("--proj-size " + projSize + ": " + ex.getMessage());
        }
        Initializers.Scheme scheme = switch (init.toLowerCase(Locale.ROOT)) {
            case "default" -> Initializers.Scheme.PYTORCH_DEFAULT;
            case "orthogonal" -> Initializers.Scheme.ORTHOGONAL;
            case "identity", "irnn" -> Initializers.Scheme.IDENTITY;
            default -> throw new IllegalArgumentException("--init must be default, orthogonal or identity, got '" + init + "'");
        };
        String opt = optimizer == null ? "sgd" : optimizer;
        Map<String, Object> kwargs = optimizerArgs();
        if (opt.equals("sgd") && !kwargs.containsKey("lr")) kwargs.put("lr", 0.01);
        RunSpec.Builder spec = RunSpec.builder(config, t).batchSize(batchSize)
                .optimizer(OptimizerKind.parse(opt), kwargs).clipping(clipping()).tbpttChunk(tbptt).seed(seed)
                .backend(BackendChoice.parse(backend));
        return (rho == null ? spec.init(scheme) : spec.init(scheme, rho)).build();
    }

    /**
     * The cell of the task form from --mode (and the Elman RNN's nonlinearity). For LSTM and GRU the flags defined on
     * one square W_hh are refused in one line: --nonlinearity (their gates use sigmoid and tanh), --init identity
     * and --rho (their W_hh stacks 4 or 3 gate blocks).
     */
    private CellMode cellMode(Nonlinearity f) {
        String m = mode == null ? "rnn" : mode.toLowerCase(Locale.ROOT);
        CellMode cell = switch (m) {
            case "rnn" -> CellMode.of(f);
            case "lstm" -> CellMode.LSTM;
            case "gru" -> CellMode.GRU;
            default -> throw new IllegalArgumentException("--mode must be rnn, lstm or gru, got '" + mode + "'");
        };
        if (!cell.isGated()) return cell;
        String module = "nn." + cell.moduleName();
        if (nonlinearity != null) {
            throw new IllegalArgumentException("--nonlinearity is nn.RNN's; --mode " + m + " (" + module
                    + ") takes none: its gates use sigmoid and tanh");
        }
        String blocks = module + "'s W_hh stacks " + cell.gateCount() + " gate blocks ("
                + String.join(", ", cell.gateNames()) + ")";
        if (init.equalsIgnoreCase("identity") || init.equalsIgnoreCase("irnn")) {
            throw new IllegalArgumentException("--init " + init + " (IRNN: W_hh = I) is defined for nn.RNN only; " + blocks
                    + "; use --init default or orthogonal");
        }
        if (rho != null) {
            throw new IllegalArgumentException("--rho rescales nn.RNN's square W_hh to a spectral radius; " + blocks
                    + ", which have no one spectral radius");
        }
        return cell;
    }

    private RunSpec fixedBatchSpec() throws Exception {
        if (input == null || target == null) throw new IllegalArgumentException("--weights needs --input and --target");
        if (optimizer == null) throw new IllegalArgumentException("--optimizer is required with --weights");
        if (optimizer.trim().equalsIgnoreCase("sgd") && lr == null) {
            // PyTorch 1.13's SGD has no default lr; its message does not name the flag.
            throw new IllegalArgumentException("--lr is required with --optimizer sgd (PyTorch: parameter group didn't "
                    + "specify a value of required optimization parameter lr)");
        }
        if (loss == null) throw new IllegalArgumentException("--loss mse|ce is required with --weights");
        LossKind lossKind = LossKind.parse(loss);
        Nonlinearity f = nonlinearity == null ? null : Nonlinearity.parse(nonlinearity);
        WeightsFile w = WeightsFile.read(weights, prefix, f, batchFirst);
        ModelOptions.requireNoNonlinearityForGated(weights, w.loaded().config(), f);
        initFile = w.contents();
        RnnConfig config = w.loaded().config();
        Tensor x = Inputs.floatTensor(input, "input");
        int batchSize = x.rank() == 2 ? 1 : (config.batchFirst() ? x.dim(0) : x.dim(1));
        if (x.rank() == 3 && batchSize == 0) {
            // PyTorch runs an empty batch, but its mean loss is NaN: there is nothing to train on.
            throw new FormatException(input + ": shape " + x.shapeString() + " holds no sequences (batch size 0);"
                    + " there is nothing to train on");
        }
        NpyArray y = Npz.readArray(target);
        Target t;
        Tensor values;
        try {
            // A finite float64 beyond float32's range would become ±inf and the loss inf: named, as --input's are.
            values = lossKind == LossKind.MSE ? y.toFiniteRangeTensor() : null;
        } catch (IllegalArgumentException ex) {
            throw new FormatException(ex.getMessage());
        }
        try {
            t = lossKind == LossKind.MSE ? new Target.Values(values)
                    : isInteger(y) ? Target.classes(y.toLong(), y.shape()) : Target.classes(y.toTensor());
        } catch (IllegalArgumentException ex) {
            throw new FormatException(target + ": " + ex.getMessage());
        }
        Readout r;
        try {
            r = readout != null ? Readout.parse(readout) : Readout.infer(x.rank(), t.shape().length, lossKind);
        } catch (IllegalArgumentException ex) {
            throw readout != null ? ex : new FormatException(target + ": " + ex.getMessage()); // the target's rank
        }
        TaskSpec.FixedBatch batch = new TaskSpec.FixedBatch(x, t, lengths, null, lossKind, r);
        RunSpec.Builder spec = RunSpec.builder(config, TaskSpec.fixed(batch))
                .batchSize(batchSize)
                .optimizer(OptimizerKind.parse(optimizer), optimizerArgs()).clipping(clipping()).seed(seed)
                .backend(BackendChoice.parse(backend));
        // Building the model copies the file's tensors: a run the heap cannot hold is refused before that copy.
        requireMemory(spec.build());
        Model model;
        try {
            naming = ModelStateDict.infer(initFile.tensors().keySet());
            model = ModelStateDict.load(initFile.tensors(), config, r);
        } catch (IllegalArgumentException ex) {
            throw new FormatException(weights + ": " + ex.getMessage());
        }
        return spec.initialModel(model).build();
    }

    private static boolean isInteger(NpyArray a) {
        return a.dtype() == DType.I64 || a.dtype() == DType.I32 || a.dtype() == DType.I16 || a.dtype() == DType.I8
                || a.dtype() == DType.U8;
    }

    private Map<String, Object> optimizerArgs() {
        Map<String, Object> kw = new LinkedHashMap<>();
        if (lr != null) kw.put("lr", lr);
        if (momentum != null) kw.put("momentum", momentum);
        if (dampening != null) kw.put("dampening", dampening);
        if (nesterov) kw.put("nesterov", true);
        if (weightDecay != null) kw.put("weight_decay", weightDecay);
        if (betas != null) {
            if (betas.length != 2) throw new IllegalArgumentException("--betas takes two numbers, e.g. 0.9,0.999");
            kw.put("betas", new double[] {betas[0], betas[1]});
        }
        if (eps != null) kw.put("eps", eps);
        if (amsgrad) kw.put("amsgrad", true);
        if (alpha != null) kw.put("alpha", alpha);
        if (centered) kw.put("centered", true);
        if (lrDecay != null) kw.put("lr_decay", lrDecay);
        if (initialAccumulator != null) kw.put("initial_accumulator_value", initialAccumulator);
        return kw;
    }

    private GradientClipping clipping() {
        // Its default is 2: only a type the user gave can be a type that nothing would use.
        boolean typeGiven = spec.commandLine().getParseResult().hasMatchedOption("--clip-norm-type");
        if (typeGiven && (clip == null || clip.value != null)) {
            throw new IllegalArgumentException("--clip-norm-type is the norm of --clip-norm; "
                    + (clip == null ? "give --clip-norm F with it" : "--clip-value clips each element and has none"));
        }
        if (clip == null) return GradientClipping.none();
        if (clip.value != null) return GradientClipping.value(clip.value);
        double type = switch (clipNormType.toLowerCase(Locale.ROOT)) {
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(clipNormType);
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("--clip-norm-type must be a number or inf, got '" + clipNormType + "'");
                }
            }
        };
        if (!(type > 0)) { // NaN, zero and negative p are no norm
            throw new IllegalArgumentException("--clip-norm-type must be a number > 0 or inf, got '" + clipNormType + "'");
        }
        return GradientClipping.norm(clip.norm, type);
    }

    private Tensor readSeries(String spec) throws Exception {
        if (spec.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            try {
                return Csv.read(Path.of(spec), !noHeader).values();
            } catch (Csv.NoHeaderException ex) {
                throw new FormatException(ex.getMessage() + "; give --no-header to read every row as data");
            }
        }
        Tensor t = Npz.readArray(spec).toTensor();
        if (t.rank() == 1) return t.reshape(t.dim(0), 1);
        if (t.rank() != 2) throw new FormatException(spec + ": a time series is (L, F) or (L), got " + t.shapeString());
        return t;
    }

    // ---- writing results ----

    /**
     * The weights as a safetensors file: {@code interruptedAt} non-null marks weights saved on SIGTERM/Ctrl-C after
     * that step, {@code checkpointAt} a checkpoint written while the run went on.
     */
    private IoWriter weightsWriter(Model model, Long interruptedAt, Long checkpointAt) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        if (initFile != null) {
            // Same names and order as INIT, its metadata kept.
            Map<String, Tensor> trained = ModelStateDict.export(model, naming);
            for (var e : initFile.tensors().entrySet()) tensors.put(e.getKey(), trained.getOrDefault(e.getKey(), e.getValue()));
            meta.putAll(initFile.metadata());
            // What was trained, not what INIT said: --nonlinearity and --batch-first override its metadata, and a
            // .pt has none; a file that says tanh over ReLU-trained weights makes every later run silently wrong.
            meta.putAll(WeightsMetadata.of(model.config()));
        } else {
            tensors.putAll(ModelStateDict.export(model, new ModelStateDict.Naming("rnn.", model.hasHead() ? "head." : null)));
            meta.putAll(WeightsMetadata.of(model.config()));
            meta.put("task", task);
            meta.put("seed", Long.toString(seed));
            meta.put("steps", Long.toString(steps));
        }
        if (interruptedAt != null) meta.put("interrupted_at_step", Long.toString(interruptedAt));
        if (checkpointAt != null) meta.put("checkpoint_at_step", Long.toString(checkpointAt));
        return Safetensors.writer(tensors, meta, DType.F32);
    }
}
