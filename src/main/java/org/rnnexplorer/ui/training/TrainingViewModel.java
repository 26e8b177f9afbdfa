package org.rnnexplorer.ui.training;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.engine.Numbers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.RunMemory;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.Optimizers;
import org.rnnexplorer.train.Tbptt;
import org.rnnexplorer.train.TrainingConfigException;
import org.rnnexplorer.train.task.Task;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.state.TrainingSettings;
import org.rnnexplorer.ui.state.TrainingSettingsException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The Training pane: task, initialisation, optimiser, clipping, TBPTT, batch size and seed; run, pause, step and
 * reset. The model's hidden size, layers, nonlinearity, bias, batch_first, dropout and bidirectional come from the
 * Model &amp; shapes form, input_size from the task.
 *
 * <p><b>One live run.</b> The window has one engine service ({@code ExplorerWindow.live()}), which the Hidden states
 * and Gradient flow panes show. Run, Step and Reset here (and the presets) configure it with this pane's
 * {@link RunSpec}: from then on {@link #activeProperty()} is true and those panes follow the training. Leaving
 * training is explicit: {@link #leave()} (the pane's "Back to exploring" button) or an edit of the model, the Model
 * &amp; shapes form or the Weights pane's weights (the window calls {@code leave()} then, so that the edit stands),
 * after which the service explores the form's model again. Switching tabs does not leave training, so its hidden
 * states and gradients can be watched. With the "Weights pane" initialisation the next Run starts from the edit.
 *
 * <p>Controls are strings as typed; {@link #problemProperty()} names the first one that cannot run. No scene types:
 * tested without JavaFX. FX thread only.
 */
public final class TrainingViewModel implements TrainingSettings {

    /** How the RNN is initialised for a run. */
    public enum Init {
        PYTORCH_DEFAULT("PyTorch default", "pytorch_default", Initializers.Scheme.PYTORCH_DEFAULT),
        ORTHOGONAL("orthogonal W_hh", "orthogonal", Initializers.Scheme.ORTHOGONAL),
        IDENTITY("identity (IRNN)", "identity", Initializers.Scheme.IDENTITY),
        WEIGHTS_PANE("Weights pane", "weights", null);

        private final String label;
        private final String workspaceName;
        private final Initializers.Scheme scheme;

        Init(String label, String workspaceName, Initializers.Scheme scheme) {
            this.label = label;
            this.workspaceName = workspaceName;
            this.scheme = scheme;
        }

        /** The initialiser, or null for the Weights pane's weights. */
        public Initializers.Scheme scheme() {
            return scheme;
        }

        public String workspaceName() {
            return workspaceName;
        }

        static Init fromWorkspace(String name) {
            for (Init i : values()) if (i.workspaceName.equals(name)) return i;
            throw new IllegalArgumentException("unknown init " + name);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public enum Clip {
        NONE("none"), NORM("clip_grad_norm_"), VALUE("clip_grad_value_");

        private final String label;

        Clip(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Tasks the pane offers ({@link TaskSpec#NAMES}; text and series need data, see {@link #setCorpus}). */
    public static final List<String> TASKS = TaskSpec.NAMES;
    public static final List<String> NORM_TYPES = List.of("2", "1", "inf");

    private final ServiceBridge live;
    private final TrainingContext context;

    private final ObjectProperty<String> task = new SimpleObjectProperty<>(this, "task", "adding");
    private final StringProperty steps = new SimpleStringProperty(this, "steps", "50");
    private final ObjectProperty<Init> init = new SimpleObjectProperty<>(this, "init", Init.PYTORCH_DEFAULT);
    private final StringProperty rho = new SimpleStringProperty(this, "rho", "");
    private final ObjectProperty<String> optimizer = new SimpleObjectProperty<>(this, "optimizer", "sgd");
    private final StringProperty lr = new SimpleStringProperty(this, "lr", "0.01");
    private final StringProperty momentum = new SimpleStringProperty(this, "momentum", "0");
    private final StringProperty beta1 = new SimpleStringProperty(this, "beta1", "0.9");
    private final StringProperty beta2 = new SimpleStringProperty(this, "beta2", "0.999");
    private final ObjectProperty<Clip> clipping = new SimpleObjectProperty<>(this, "clipping", Clip.NONE);
    private final StringProperty maxNorm = new SimpleStringProperty(this, "maxNorm", "1.0");
    private final ObjectProperty<String> normType = new SimpleObjectProperty<>(this, "normType", "2");
    private final StringProperty clipValue = new SimpleStringProperty(this, "clipValue", "5.0");
    private final StringProperty tbpttChunk = new SimpleStringProperty(this, "tbpttChunk", "0");
    private final StringProperty batchSize = new SimpleStringProperty(this, "batchSize", "16");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "0");

    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    /** The control {@link #problem} is about, by its keyword (steps, lr, betas, max_norm, ...), or "". */
    private final ReadOnlyStringWrapper problemField = new ReadOnlyStringWrapper(this, "problemField", "");
    private final ReadOnlyStringWrapper dataName = new ReadOnlyStringWrapper(this, "dataName", "");
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    private final ReadOnlyLongWrapper settingsVersion =
            new ReadOnlyLongWrapper(this, "settingsVersion", 0);
    private final ReadOnlyObjectWrapper<ServiceSnapshot> training = new ReadOnlyObjectWrapper<>(this, "training");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Not training: the live run explores the Model & shapes form.");
    private final ReadOnlyStringWrapper predictions = new ReadOnlyStringWrapper(this, "predictions", "");
    private final BooleanBinding momentumApplies;
    private final BooleanBinding betasApply;

    private final List<Runnable> runListeners = new CopyOnWriteArrayList<>();
    private String corpus;
    /** The text task's corpus when none was opened (the app: the bundled sample); none unless set. */
    private Supplier<Optional<PaneRequests.Corpus>> defaultCorpus = Optional::empty;
    private float[] series;
    private int seriesFeatures;
    private RunSpec configured;
    private boolean dirty = true;
    /** See {@link #movedOnlyByAPresetRun()}. */
    private boolean presetRun;
    /**
     * What every status line of the current run adds: the form's input_size it changed before it started, e.g.
     * " · input_size 10 → 2 (…)", and whether it goes on with a trained head; else empty.
     */
    private String runNote = "";

    public TrainingViewModel(ServiceBridge live, TrainingContext context) {
        this.live = live;
        this.context = context;
        momentumApplies = Bindings.createBooleanBinding(() -> List.of("sgd", "rmsprop").contains(optimizer.get()), optimizer);
        betasApply = Bindings.createBooleanBinding(() -> "adam".equals(optimizer.get()), optimizer);
        // Before the controls' own listener validates the settings: text chosen without a corpus takes the default one.
        // (An invalidation listener: JavaFX tells those before change listeners, in the order they were added.)
        task.addListener(o -> {
            if ("text".equals(task.get()) && corpus == null) {
                defaultCorpus.get().ifPresent(c -> {
                    corpus = c.text();
                    dataName.set(c.name());
                });
            }
        });
        Observable[] controls = {task, steps, init, rho, optimizer, lr, momentum, beta1, beta2, clipping, maxNorm, normType,
            clipValue, tbpttChunk, batchSize, seed};
        for (Observable o : controls) o.addListener(x -> settingsChanged());
        live.snapshotProperty().addListener((o, a, s) -> snapshotArrived(s));
        validate();
    }

    // --- commands ---

    /** Trains: a fresh run when the settings changed (or none is active), else continues the current one. */
    public void run() {
        runListeners.forEach(Runnable::run);
        presetRun = false;
        ServiceSnapshot now = training.get();
        if (!dirty && active.get() && now != null) {
            switch (now.state()) {
                case PAUSED -> {
                    live.resume();
                    return;
                }
                case IDLE -> {
                    live.runIterations(RUN_LENGTH);
                    return;
                }
                case RUNNING -> {
                    return;
                }
                default -> {
                    // STOPPED or FAILED: start again from the settings
                }
            }
        }
        if (configureFresh()) live.runIterations(RUN_LENGTH);
    }

    /** A fresh run from the settings that trains {@code iterations} and stops there (a preset's budget). */
    public void runFor(long iterations) {
        runListeners.forEach(Runnable::run);
        if (configureFresh()) {
            presetRun = true;
            live.runIterations(iterations);
        }
    }

    /**
     * Whether the weights this pane's run moved are a preset's own run, which the preset reproduces: {@link #runFor}
     * started it (with the preset's settings and seed) and neither Run nor Step trained it further. Reset keeps it:
     * the run back at iteration 0 is still the preset's.
     */
    public boolean movedOnlyByAPresetRun() {
        return presetRun;
    }

    /** Called when Run starts or continues training (the A/B view pauses its runs then). */
    public void addRunListener(Runnable listener) {
        runListeners.add(listener);
    }

    /** Suspends the run after the current iteration. */
    public void pause() {
        if (active.get()) live.pause();
    }

    /** One training iteration (pausing a running loop first); configures a fresh run first if needed. */
    public void step() {
        presetRun = false;
        ServiceSnapshot now = training.get();
        boolean fresh = dirty || !active.get() || now == null
                || now.state() == RunState.STOPPED || now.state() == RunState.FAILED;
        if (fresh && !configureFresh()) return;
        if (!fresh && now.state() == RunState.RUNNING) live.pause();
        live.stepIteration();
    }

    /** A fresh run from the current settings, shown at iteration 0 (the initial model on the first batch). */
    public void reset() {
        configureFresh();
    }

    /** Stops training and hands the live run back to exploring the form's model. */
    public void leave() {
        if (!active.get()) return;
        live.cancel();
        active.set(false);
        dirty = true;
        status.set(leftStatus(training.get()));
        context.exploreAgain();
    }

    /**
     * The status after leaving training. The charts and predictions below keep the run that was left (they change
     * only when a new run starts), so the line says whose they are: they need not match the form's model any more.
     * E.g. "Not training: the live run explores the Model &amp; shapes form. The charts keep the last run: RNN(2, 64),
     * adding, left at iteration 2000. Run or Step starts a fresh one."
     */
    static String leftStatus(ServiceSnapshot last) {
        String exploring = "Not training: the live run explores the Model & shapes form.";
        if (last == null || last.history().loss().size() == 0) return exploring;
        return exploring + " The charts keep the last run: " + last.spec().config().torchRepr() + ", "
                + last.spec().task().name() + ", left at iteration " + last.iteration()
                + ". Run or Step starts a fresh one.";
    }

    /**
     * Marks the settings as changed outside this pane (the form's model, the Weights pane's weights): the next Run
     * or Step starts a fresh run.
     */
    public void settingsChanged() {
        dirty = true;
        validate();
        settingsVersion.set(settingsVersion.get() + 1);
        ServiceSnapshot now = training.get();
        if (active.get() && now != null) status.set(describe(now) + runNote + EDITED);
    }

    /**
     * What the status adds while the controls differ from the run on the charts: an lr typed in mid-run changed
     * nothing, and nothing said that the run went on with the old one until Run started a fresh run.
     */
    static final String EDITED = " · settings edited: they apply to the fresh run that Run, Step or Reset starts";

    /** The Weights pane's weights changed: a fresh run is due only when the run starts from them. */
    public void weightsChanged() {
        if (init.get() == Init.WEIGHTS_PANE) settingsChanged();
        else validate();
    }

    private boolean configureFresh() {
        RunSpec spec;
        try {
            spec = buildSpec();
            // The heap's check too, before the run on the charts is given up: the service would make it only after.
            RunMemory.require(spec, spec.task().create(), RunMemory.SETTING_NAMES);
        } catch (TrainingSettingsException e) {
            showProblem(e);
            return false;
        } catch (MemoryBudget.MemoryLimitException | MemoryBudget.ArraySizeException | TrainingConfigException e) {
            showProblem(e instanceof TrainingConfigException c ? new TrainingSettingsException(c.field(), c.getMessage())
                    : TrainingSettingsException.namedIn(settingAtFault(e.getMessage()), e.getMessage()));
            return false;
        }
        showProblem(null);
        // The task decides input_size: the form takes it first, so that the weights trained are the form's (a form
        // change leaves any run and marks the settings changed, both before this run starts).
        int formInput = context.form().config().inputSize(), taskInput = spec.config().inputSize();
        context.adoptInputSize(taskInput);
        configured = spec;
        dirty = false;
        active.set(true);
        training.set(null);
        predictions.set("");
        // Kept on every status line of this run: the first snapshot came so soon that "Starting" and its note went
        // unseen, and the form's input_size had changed without a word.
        runNote = (formInput == taskInput ? ""
                : " · input_size " + formInput + " → " + taskInput + " (the task's input features)")
                + (startsFromTrainedHead(spec) ? " · " + TRAINED_HEAD : "");
        status.set("Starting: " + spec.task().name() + " …" + runNote);
        live.configure(spec, (s, failure) -> configurationAnswered(spec, s, failure));
        return true;
    }

    /**
     * Where a run's weights started when not from the Weights pane's, e.g. "orthogonal W_hh, seed 3 (the run's own
     * init)": the trained weights shown then do not descend from the ones the Weights pane names (it said
     * "trained, from PyTorch default, seed 0" of weights trained from an orthogonal W_hh). Null for a run from the
     * Weights pane's weights.
     */
    public static String freshInitOf(RunSpec spec) {
        if (spec.initialModel().isPresent()) return null;
        String scheme = switch (spec.init()) {
            case PYTORCH_DEFAULT -> Init.PYTORCH_DEFAULT.label;
            case ORTHOGONAL -> Init.ORTHOGONAL.label;
            case IDENTITY -> Init.IDENTITY.label;
        };
        String rho = spec.spectralRadius().isPresent()
                ? String.format(Locale.ROOT, " rescaled to ρ = %s", Numbers.g(spec.spectralRadius().getAsDouble(), 4)) : "";
        return scheme + rho + ", seed " + spec.seed() + " (the run's own init)";
    }

    /** What the status says of a run from the Weights pane that goes on with the head trained with those weights. */
    public static final String TRAINED_HEAD = "the head trained with these weights goes on";

    /** Whether the run starts from the head the context holds (not a fresh one). */
    private boolean startsFromTrainedHead(RunSpec spec) {
        Linear trained = context.head();
        return trained != null && spec.initialModel().isPresent() && spec.initialModel().get().head() != null
                && Arrays.equals(spec.initialModel().get().head().weight(), trained.weight());
    }

    /**
     * The service's answer to {@code spec}. A spec it refused (its memory estimate, or a check only the engine makes)
     * leaves it with no run: no snapshot of that run ever comes, so without this the pane said "Starting" for good.
     * Training then ends and the refusal shows as the pane's problem until a setting changes.
     */
    private void configurationAnswered(RunSpec spec, ServiceSnapshot s, Throwable failure) {
        if (spec != configured || !active.get()) return; // a newer run, or leaving, came first
        String why;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } else if (s.state() == RunState.FAILED && s.spec() != spec) {
            why = s.message();
        } else {
            return;
        }
        leave();
        problemField.set("");
        problem.set("The run cannot start: " + why.replace('\n', ' '));
    }

    private void snapshotArrived(ServiceSnapshot s) {
        if (s == null || configured == null || s.spec() != configured) return;
        ServiceSnapshot before = training.get();
        if (active.get()) status.set(describe(s) + runNote + (dirty ? EDITED : ""));
        // Copies the run sent before it heard it was left still reach the charts: the line names the iteration they
        // end at (it said "left at iteration 2751" over charts and predictions of iteration 2930).
        else status.set(leftStatus(s));
        if (before == null || before.predictions() != s.predictions()) {
            predictions.set(PredictionsText.of(s.predictions(), s.spec().task().name()));
        }
        // Last: whoever sees this snapshot in trainingProperty() finds the status and predictions of it already set.
        training.set(s);
    }

    /** e.g. "running · iteration 250 · loss 0.1702 (chance 0.1667) · 310 it/s". */
    static String describe(ServiceSnapshot s) {
        StringBuilder sb = new StringBuilder(s.stateInWords()).append(" · iteration ").append(s.iteration());
        double loss = s.lossAtIteration();
        if (Double.isNaN(loss) && s.trace() != null) loss = s.trace().loss();
        if (!Double.isNaN(loss)) sb.append(" · loss ").append(Numbers.g(loss, 4));
        double chance = s.history().baseline();
        if (!Double.isNaN(chance)) sb.append(String.format(Locale.ROOT, " (chance %.4g)", chance));
        if (s.state() == RunState.RUNNING && s.iterationsPerSecond() > 0) {
            sb.append(String.format(Locale.ROOT, " · %.0f it/s", s.iterationsPerSecond()));
        }
        return sb.toString();
    }

    // --- the spec ---

    /** The controls' problem, or none (null): its line, and the control it names. */
    private void showProblem(TrainingSettingsException e) {
        problemField.set(e == null ? "" : e.field());
        problem.set(e == null ? "" : e.getMessage());
    }

    /** Checks the controls against the form and the weights; sets or clears {@link #problemProperty()}. */
    private void validate() {
        try {
            buildSpec();
            showProblem(null);
        } catch (TrainingSettingsException e) {
            showProblem(e);
        }
    }

    /**
     * The run the controls describe.
     *
     * @throws TrainingSettingsException naming the first control that cannot run
     */
    @Override
    public RunSpec buildSpec() {
        ModelState form = context.form();
        if (form == null) throw new TrainingSettingsException("model", "the Model & shapes form has no valid model yet");
        int t = positiveInt("T", steps.get());
        TaskSpec taskSpec = taskSpec(task.get(), t);
        Task created;
        try {
            created = taskSpec.create();
        } catch (TrainingConfigException e) {
            throw new TrainingSettingsException(e.field(), e.getMessage());
        }
        RnnConfig config = form.config().withInputSize(created.inputSize());
        int n = positiveInt("batch_size", batchSize.get());
        int chunk = nonNegativeInt("TBPTT chunk", tbpttChunk.get());
        if (chunk > 0) {
            try {
                Tbptt.requireTargetAtEveryStep(created.readout(), created.name());
            } catch (TrainingConfigException e) {
                throw new TrainingSettingsException("TBPTT chunk", e.getMessage()
                        + " (use 0, or the text, sine, copy or series task)");
            }
        }
        long s = longValue("seed", seed.get());
        double radius = Double.NaN;
        if (!rho.get().isBlank()) {
            radius = number("ρ", rho.get());
            if (!(radius > 0)) throw new TrainingSettingsException("ρ", "the spectral radius must be positive, got " + rho.get().trim());
        }
        Model start = null;
        Init i = init.get();
        if (config.isGated()) requireElmanSettings(config, i, radius);
        if (i == Init.WEIGHTS_PANE) {
            if (!Double.isNaN(radius)) {
                throw new TrainingSettingsException("ρ", "rescaling applies to a fresh initialisation; rescale the "
                        + "Weights pane's weights with its Rescale to ρ button instead");
            }
            RnnParameters w = context.weights();
            if (w == null) throw new TrainingSettingsException("init", "the Weights pane has no weights yet");
            if (!w.config().shape().sameParametersAs(config.shape())) {
                throw new TrainingSettingsException("init", "the Weights pane's W_ih reads input_size "
                        + w.config().inputSize() + " but task " + created.name() + " has " + created.inputSize()
                        + " input features; set input_size to " + created.inputSize() + " in Model & shapes");
            }
            // The head trained with these weights goes on with them when it reads them and gives the task's outputs
            // (a workspace keeps it); else a fresh one, seeded from the run's seed.
            Linear trained = context.head();
            boolean fits = trained != null && trained.inFeatures() == config.outputSize()
                    && trained.outFeatures() == created.outputSize();
            start = new Model(w.withConfig(config), fits ? trained.copy()
                    : Linear.pytorchDefault(config.outputSize(), created.outputSize(), s + 1), created.readout());
        }
        String opt = optimizer.get();
        Map<String, Object> args = optimizerArgs(opt);
        try {
            Optimizers.create(opt, args);
        } catch (TrainingConfigException e) {
            throw new TrainingSettingsException(e.field(), e.getMessage());
        }
        GradientClipping clip = clippingSetting();
        Initializers.Scheme scheme = i.scheme() == null ? Initializers.Scheme.PYTORCH_DEFAULT : i.scheme();
        RunSpec.Builder spec = RunSpec.builder(config, taskSpec)
                .initialModel(start).batchSize(n).optimizer(OptimizerKind.parse(opt), args).clipping(clip)
                .tbpttChunk(chunk).seed(s).backend(BackendChoice.parse(context.backend()))
                .probes(RunSpec.ProbeSettings.defaults());
        RunSpec built = (Double.isNaN(radius) ? spec.init(scheme) : spec.init(scheme, radius)).build();
        // Arrays beyond a Java array's limit are refused as they are typed (batch 10⁸ passed until Step, and the
        // refusal then cost the run on the charts); the heap's own check waits for Run (configureFresh).
        try {
            RunMemory.requireArrays(built, created, RunMemory.SETTING_NAMES);
        } catch (MemoryBudget.ArraySizeException e) {
            throw TrainingSettingsException.namedIn(settingAtFault(e.getMessage()), e.getMessage());
        }
        return built;
    }

    /** The control a memory refusal is about, from the setting its message starts with (RunMemory.SETTING_NAMES). */
    private static String settingAtFault(String message) {
        if (message.startsWith("batch size")) return "batch_size";
        if (message.startsWith("sequence length")) return "T";
        if (message.startsWith("TBPTT chunk")) return "TBPTT chunk";
        return "model"; // hidden size, layers, input size: the Model & shapes form's
    }

    /** IRNN and ρ act on an Elman RNN's one W_hh block; an LSTM's or GRU's stacks gate blocks. */
    private static void requireElmanSettings(RnnConfig config, Init i, double radius) {
        String module = "nn." + config.mode().moduleName();
        if (i == Init.IDENTITY) {
            throw new TrainingSettingsException("init", "the identity initialisation (IRNN) is nn.RNN's; " + module
                    + "'s W_hh stacks " + config.mode().gateCount()
                    + " gate blocks: choose PyTorch default or orthogonal W_hh");
        }
        if (!Double.isNaN(radius)) {
            throw new TrainingSettingsException("ρ", "rescaling to a spectral radius is defined for nn.RNN's W_hh, not "
                    + module + "'s gate blocks; leave ρ blank");
        }
    }

    private TaskSpec taskSpec(String name, int t) {
        return switch (name) {
            case "text" -> {
                if (corpus == null) {
                    throw new TrainingSettingsException("task", "the text task needs a corpus: File ▸ Open sample ▸ "
                            + "moby-dick-ch1-3.txt, or choose another task");
                }
                yield TaskSpec.text(corpus, t);
            }
            case "series" -> {
                if (series == null) {
                    throw new TrainingSettingsException("task", "the series task needs a series: File ▸ Open sample ▸ "
                            + "us-births-1994-2003.csv, or choose another task");
                }
                yield TaskSpec.series(series, seriesFeatures, t);
            }
            default -> TaskSpec.of(name, t);
        };
    }

    /** PyTorch keyword arguments of the chosen optimiser from the controls that apply to it. */
    private Map<String, Object> optimizerArgs(String opt) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("lr", number("lr", lr.get()));
        switch (opt) {
            case "sgd", "rmsprop" -> args.put("momentum", number("momentum", momentum.get()));
            case "adam" -> args.put("betas", List.of(number("betas", beta1.get()), number("betas", beta2.get())));
            default -> {
                // adagrad: lr only
            }
        }
        return args;
    }

    private GradientClipping clippingSetting() {
        try {
            return switch (clipping.get()) {
                case NONE -> GradientClipping.none();
                case NORM -> GradientClipping.norm(positive("max_norm", maxNorm.get()),
                        "inf".equals(normType.get()) ? Double.POSITIVE_INFINITY : number("norm_type", normType.get()));
                case VALUE -> GradientClipping.value(positive("clip_value", clipValue.get()));
            };
        } catch (TrainingConfigException e) {
            throw new TrainingSettingsException(e.field(), e.getMessage());
        }
    }

    private static double number(String field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new TrainingSettingsException(field, "must be a number, got '" + t + "'");
        }
    }

    private static double positive(String field, String text) {
        double v = number(field, text);
        if (!(v > 0)) throw new TrainingSettingsException(field, "must be positive, got " + text.trim());
        return v;
    }

    private static long longValue(String field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TrainingSettingsException(field, "must be an integer, got '" + t + "'");
        }
    }

    private static int nonNegativeInt(String field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            int v = Integer.parseInt(t);
            if (v < 0) throw new TrainingSettingsException(field, "must be 0 or more, got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new TrainingSettingsException(field, "must be an integer, got '" + t + "'");
        }
    }

    private static int positiveInt(String field, String text) {
        int v = nonNegativeInt(field, text);
        if (v == 0) throw new TrainingSettingsException(field, "must be positive, got 0");
        return v;
    }

    // --- sampling (the text task) ---

    /** The most characters one Sample press draws in the window (the CLI's --sample allows more). */
    public static final int MAX_SAMPLE_CHARACTERS = 10_000;

    private final StringProperty sampleLength = new SimpleStringProperty(this, "sampleLength", "300");
    private final StringProperty sampleTemperature = new SimpleStringProperty(this, "sampleTemperature", "1.0");
    private final StringProperty sampleStart = new SimpleStringProperty(this, "sampleStart", "");
    private final ReadOnlyStringWrapper sampleHeader = new ReadOnlyStringWrapper(this, "sampleHeader", "");
    private final ReadOnlyStringWrapper sampleText = new ReadOnlyStringWrapper(this, "sampleText", "");
    private final ReadOnlyStringWrapper sampleProblem = new ReadOnlyStringWrapper(this, "sampleProblem", "");
    private final ReadOnlyBooleanWrapper sampling = new ReadOnlyBooleanWrapper(this, "sampling", false);
    /** Presses so far: each draws with seed + presses, so pressing again gives another sample. */
    private long samplesDrawn;

    /**
     * Draws text from the training run's weights as they stand (char-rnn's sampling): the start text is read, then
     * each next character drawn from softmax(logits / temperature) and fed back. Without a run on the text task, a
     * fresh one is set up first, so an untrained model's gibberish can be seen before training. Never waits: the
     * sample arrives on the FX thread.
     */
    public void sample() {
        if (sampling.get()) return;
        int length;
        double temperature;
        try {
            length = positiveInt("characters", sampleLength.get());
            if (length > MAX_SAMPLE_CHARACTERS) {
                throw new TrainingSettingsException("characters", "at most " + MAX_SAMPLE_CHARACTERS + " in the window, got "
                        + length);
            }
            temperature = number("temperature", sampleTemperature.get());
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new TrainingSettingsException("temperature", "must be 0 (the most likely character) or positive, got "
                        + sampleTemperature.get().trim());
            }
        } catch (TrainingSettingsException e) {
            sampleProblem.set(e.getMessage());
            return;
        }
        boolean onText = active.get() && configured != null && "text".equals(configured.task().name());
        if (!onText && !("text".equals(task.get()) && configureFresh())) {
            sampleProblem.set(problem.get().isEmpty() ? "sampling needs the text task" : problem.get());
            return;
        }
        String corpusText = configured.task().text();
        String start = sampleStart.get().isEmpty() ? corpusText.substring(0, corpusText.offsetByCodePoints(0, 1))
                : sampleStart.get();
        long drawSeed = configured.seed() + samplesDrawn++;
        sampling.set(true);
        sampleProblem.set("");
        live.sampleText(start, length, temperature, drawSeed, (s, failure) -> {
            sampling.set(false);
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                sampleProblem.set("sample: " + cause.getMessage());
                return;
            }
            sampleHeader.set(String.format(Locale.ROOT, "Iteration %,d · temperature %s · %d characters after \"%s\":",
                    s.iteration(), sampleTemperature.get().trim(), length, start));
            sampleText.set(start + s.text());
        });
    }

    /** How many characters Sample draws (1 to {@link #MAX_SAMPLE_CHARACTERS}). */
    public StringProperty sampleLengthProperty() {
        return sampleLength;
    }

    /** The softmax temperature of Sample: below 1 more conservative, above 1 more varied, 0 the likeliest. */
    public StringProperty sampleTemperatureProperty() {
        return sampleTemperature;
    }

    /** The text Sample reads first; empty for the corpus's first character. */
    public StringProperty sampleStartProperty() {
        return sampleStart;
    }

    /** Which weights and settings the sample below it came from, e.g. "Iteration 1,200 · temperature 1.0 · …". */
    public ReadOnlyStringProperty sampleHeaderProperty() {
        return sampleHeader.getReadOnlyProperty();
    }

    /** The start text and the characters drawn after it. */
    public ReadOnlyStringProperty sampleTextProperty() {
        return sampleText.getReadOnlyProperty();
    }

    /** Why Sample drew nothing, in one line, or "". */
    public ReadOnlyStringProperty sampleProblemProperty() {
        return sampleProblem.getReadOnlyProperty();
    }

    /** While a sample is being drawn. */
    public ReadOnlyBooleanProperty samplingProperty() {
        return sampling.getReadOnlyProperty();
    }

    // --- data for the text and series tasks ---

    /**
     * Where the text task's corpus comes from when the task is chosen before any text was opened, e.g. the bundled
     * {@code moby-dick-ch1-3.txt}, as {@code rnnx train --task text} defaults to it.
     */
    public void setDefaultCorpus(Supplier<Optional<PaneRequests.Corpus>> source) {
        defaultCorpus = source == null ? Optional::empty : source;
    }

    /** The corpus of the text task; chooses the text task. */
    public void setCorpus(String text, String name) {
        corpus = text;
        dataName.set(name);
        task.set("text");
        settingsChanged();
    }

    /** (L, F) values of the series task, row-major; chooses the series task. */
    public void setSeries(float[] values, int features, String name) {
        series = values.clone();
        seriesFeatures = features;
        dataName.set(name);
        task.set("series");
        settingsChanged();
    }

    // --- workspace ---

    /**
     * The controls as a workspace section.
     *
     * @throws TrainingSettingsException when a control does not parse (a workspace stores numbers)
     */
    @Override
    public Workspace.Training toWorkspace() {
        String opt = optimizer.get();
        return new Workspace.Training(task.get(), positiveInt("T", steps.get()), init.get().workspaceName(),
                rho.get().isBlank() ? Double.NaN : number("ρ", rho.get()), opt, optimizerArgs(opt), clippingForSave(),
                nonNegativeInt("TBPTT chunk", tbpttChunk.get()), positiveInt("batch_size", batchSize.get()),
                longValue("seed", seed.get()), corpus, series, seriesFeatures);
    }

    /** The controls as a comparable value ({@link #toWorkspace()}), or the line saying which one does not parse. */
    public Object settingsValue() {
        try {
            return toWorkspace();
        } catch (TrainingSettingsException unparsable) {
            return unparsable.getMessage();
        }
    }

    /** Clipping as set, remembering the norm/value fields' numbers even when clipping is off. */
    private GradientClipping clippingForSave() {
        double norm = number("max_norm", maxNorm.get()), value = number("clip_value", clipValue.get());
        double type = "inf".equals(normType.get()) ? Double.POSITIVE_INFINITY : number("norm_type", normType.get());
        GradientClipping.Kind kind = switch (clipping.get()) {
            case NONE -> GradientClipping.Kind.NONE;
            case NORM -> GradientClipping.Kind.NORM;
            case VALUE -> GradientClipping.Kind.VALUE;
        };
        return new GradientClipping(kind, norm, type, value, false);
    }

    /** Sets every control from a workspace section (or a preset). Leaves training. */
    public void apply(Workspace.Training t) {
        leave();
        corpus = t.corpus();
        series = t.series();
        seriesFeatures = t.seriesFeatures();
        dataName.set(corpus != null ? "text of " + corpus.length() + " characters"
                : series != null ? "series of " + series.length / Math.max(1, seriesFeatures) + " steps" : "");
        task.set(t.task());
        steps.set(Integer.toString(t.steps()));
        init.set(Init.fromWorkspace(t.init()));
        rho.set(Double.isNaN(t.rho()) ? "" : format(t.rho()));
        optimizer.set(t.optimizer());
        Object l = t.optimizerArgs().get("lr");
        if (l instanceof Number x) lr.set(format(x.doubleValue()));
        if (t.optimizerArgs().get("momentum") instanceof Number m) momentum.set(format(m.doubleValue()));
        if (t.optimizerArgs().get("betas") instanceof List<?> b && b.size() == 2) {
            beta1.set(format(((Number) b.get(0)).doubleValue()));
            beta2.set(format(((Number) b.get(1)).doubleValue()));
        }
        GradientClipping g = t.clipping();
        clipping.set(switch (g.kind()) {
            case NONE -> Clip.NONE;
            case NORM -> Clip.NORM;
            case VALUE -> Clip.VALUE;
        });
        if (!Double.isNaN(g.maxNorm())) maxNorm.set(format(g.maxNorm()));
        normType.set(Double.isInfinite(g.normType()) ? "inf" : format(g.normType()));
        if (!Double.isNaN(g.clipValue())) clipValue.set(format(g.clipValue()));
        tbpttChunk.set(Integer.toString(t.tbpttChunk()));
        batchSize.set(Integer.toString(t.batchSize()));
        seed.set(Long.toString(t.seed()));
        settingsChanged();
    }

    /** A double as the shortest text that parses back to it (integers without ".0" where the field takes them). */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    // --- properties ---

    public ObjectProperty<String> taskProperty() { return task; }
    public StringProperty stepsProperty() { return steps; }
    public ObjectProperty<Init> initProperty() { return init; }
    /** Spectral radius to rescale every W_hh to after initialisation; blank keeps the initialiser's. */
    public StringProperty rhoProperty() { return rho; }
    public ObjectProperty<String> optimizerProperty() { return optimizer; }
    public StringProperty lrProperty() { return lr; }
    public StringProperty momentumProperty() { return momentum; }
    public StringProperty beta1Property() { return beta1; }
    public StringProperty beta2Property() { return beta2; }
    public ObjectProperty<Clip> clippingProperty() { return clipping; }
    public StringProperty maxNormProperty() { return maxNorm; }
    /** "2", "1" or "inf". */
    public ObjectProperty<String> normTypeProperty() { return normType; }
    public StringProperty clipValueProperty() { return clipValue; }
    /** 0: backpropagate through whole sequences. */
    public StringProperty tbpttChunkProperty() { return tbpttChunk; }
    public StringProperty batchSizeProperty() { return batchSize; }
    public StringProperty seedProperty() { return seed; }

    /** Whether the chosen optimiser takes momentum (SGD, RMSprop). */
    public BooleanBinding momentumAppliesBinding() { return momentumApplies; }

    /** Whether the chosen optimiser takes betas (Adam). */
    public BooleanBinding betasApplyBinding() { return betasApply; }

    /**
     * The first control that cannot run, as one line starting with its name, or why the service refused the last run
     * ("The run cannot start: …", until a setting changes), or "".
     */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }

    /** The control the problem line is about (its keyword: steps, batch_size, lr, betas, max_norm, ...), or "". */
    public ReadOnlyStringProperty problemFieldProperty() { return problemField.getReadOnlyProperty(); }

    /** What the text or series task trains on, e.g. "moby-dick-ch1-3.txt", or "". */
    public ReadOnlyStringProperty dataNameProperty() { return dataName.getReadOnlyProperty(); }

    /** True while the live run is this pane's training (the other panes then show it). */
    public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }

    /** The latest snapshot of this pane's training run (kept after leaving, for its charts), or null. */
    public ReadOnlyObjectProperty<ServiceSnapshot> trainingProperty() { return training.getReadOnlyProperty(); }

    /**
     * The latest traced pass's predictions beside its targets for a few sequences (tasks with real-valued targets),
     * or "".
     */
    public ReadOnlyStringProperty predictionsProperty() { return predictions.getReadOnlyProperty(); }

    /** One line: state, iteration, loss against chance, throughput. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Counts changes of the settings (this pane's controls, or the model and weights they take): the A/B view watches it. */
    @Override
    public ReadOnlyLongProperty settingsVersionProperty() { return settingsVersion.getReadOnlyProperty(); }

    /** The spec of the current (or last) training run, or null. */
    public RunSpec configuredSpec() { return configured; }
}
