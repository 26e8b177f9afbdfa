package org.rnnexplorer.service;

import org.rnnexplorer.engine.MemoryEstimate;
import org.rnnexplorer.engine.MemoryEstimate.Factor;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.train.task.Task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The heap a training run needs, from its spec and its task, before the session allocates anything: the RNN's pass
 * ({@link MemoryEstimate#ofRnn}) plus optimiser state, the readout head and the batches. Checked by the session for
 * every spec (the window's and the CLI's), and by {@code rnnx train} first, to name its own flags.
 */
public final class RunMemory {

    private RunMemory() {
    }

    /** The estimate of a run; {@code task} is {@code spec.task().create()}, which allocates only its data. */
    public static MemoryEstimate estimate(RunSpec spec, Task task) {
        RnnConfig config = spec.config().withInputSize(Math.max(1, task.inputSize()));
        long steps = steps(spec);
        long batch = batch(spec);
        MemoryEstimate e = MemoryEstimate.ofRnn(config, steps, batch, MemoryEstimate.Use.TRAINING);
        double parameters = 4.0 * config.parameterCount();
        e.add("optimiser state", parameters * spec.optimizer().map(o -> optimizerSlots(o.kind(), o.args())).orElse(0),
                EnumSet.of(Factor.HIDDEN_SIZE, Factor.NUM_LAYERS));
        long out = Math.max(1, task.outputSize());
        e.array("the prediction", EnumSet.of(Factor.STEPS, Factor.BATCH), steps, batch, out);
        // Prediction, its gradient and the target; the batch's input in both layouts.
        e.add("batches", 4.0 * steps * batch * (3.0 * out + 2.0 * config.inputSize()),
                EnumSet.of(Factor.STEPS, Factor.BATCH));
        // The training charts' histories: the loss, its average, the gradient norms and clip flag; an update ratio per
        // parameter tensor (the head's two beside the RNN's); rho and sigma per layer and direction. At 2,048 points
        // each they are 64 KB a series: 100,000 layers came to 38 GB that no part above counted.
        e.add("training charts", chartSeries(config) * MetricHistory.maxBytes(EngineService.HISTORY_CAPACITY),
                EnumSet.of(Factor.NUM_LAYERS));
        if (spec.tbpttChunk().isPresent() && task instanceof CharText text) {
            // A TBPTT stream is the whole corpus one-hot, split into N rows.
            e.add("the one-hot corpus", 4.0 * spec.task().text().length() * text.vocabularySize(),
                    EnumSet.of(Factor.INPUT_SIZE));
            e.array("the one-hot corpus", EnumSet.of(Factor.INPUT_SIZE), spec.task().text().length(),
                    text.vocabularySize());
        }
        return e;
    }

    /** The most metric histories a run of this model keeps ({@link RunHistories}). */
    static double chartSeries(RnnConfig config) {
        long tensorsPerDirection = 2 + (config.bias() ? 2 : 0) + (config.projSize() > 0 ? 1 : 0);
        return 5 + 2 + (double) config.stateCount() * (tensorsPerDirection + 2);
    }

    /** The settings' names in the window's words. */
    public static final Map<Factor, String> SETTING_NAMES = Map.of(Factor.HIDDEN_SIZE, "hidden size",
            Factor.NUM_LAYERS, "layers", Factor.STEPS, "sequence length", Factor.BATCH, "batch size",
            Factor.INPUT_SIZE, "input size");

    /**
     * Refuses a spec the heap cannot hold, naming the setting at fault with {@code names} ({@link #SETTING_NAMES},
     * or the CLI's flags), e.g. {@code hidden size 30000 needs about 21.6 GB (...); the heap can give 4.8 GB}.
     */
    public static void require(RunSpec spec, Task task, Map<Factor, String> names) {
        require(spec, task, names, "TBPTT chunk");
    }

    /**
     * {@link #require(RunSpec, Task, Map)}, naming a TBPTT chunk longer than the task's T with {@code tbpttName}
     * (a chunk of 10^8 steps was blamed on the batch size).
     */
    public static void require(RunSpec spec, Task task, Map<Factor, String> names, String tbpttName) {
        estimate(spec, task).require(factors -> describe(spec, task, factors, names, tbpttName));
    }

    /**
     * {@link #require(RunSpec, Task, Map)}'s array-size part alone (see {@link MemoryEstimate#requireArrays}): no
     * collection, no heap measurement, so a window may check it as a setting is typed.
     */
    public static void requireArrays(RunSpec spec, Task task, Map<Factor, String> names) {
        estimate(spec, task).requireArrays(factors -> describe(spec, task, factors, names, "TBPTT chunk"));
    }

    /**
     * The steps a pass holds: the task's T ({@link #taskSteps}), or a longer TBPTT chunk. Not the chunk's length alone:
     * before any chunk the session explores one batch of the task's full T (Session.explore, forward and backward).
     * Priced at the chunk, a text run of 100,000 windows passed the check and then ran out of a 6 GB heap in that pass.
     * A chunk is cut from a stream (Session.iterate): a text's strands of about length/N characters, else one batch of
     * the task's T; a chunk longer than its stream is the stream (a chunk of 10^8 on T = 100 is whole-sequence BPTT).
     */
    static long steps(RunSpec spec) {
        long steps = taskSteps(spec);
        if (spec.tbpttChunk().isEmpty()) return steps;
        String text = spec.task().text();
        long stream = text != null ? Math.max(1, (text.length() - 1L) / Math.max(1, batch(spec))) : steps;
        return Math.max(steps, Math.min(spec.tbpttChunk().getAsInt(), stream));
    }

    /** T of a spec: the fixed batch's own, else the task's sequence length (copy memory adds its 20 marks). */
    static long taskSteps(RunSpec spec) {
        TaskSpec t = spec.task();
        if (t.fixed() != null) {
            var x = t.fixed().input();
            return x.rank() == 2 || !spec.config().batchFirst() ? x.dim(0) : x.dim(1);
        }
        return t.name().toLowerCase(Locale.ROOT).equals("copy") ? (long) t.steps() + 20 : t.steps();
    }

    private static long batch(RunSpec spec) {
        TaskSpec t = spec.task();
        if (t.fixed() != null) {
            var x = t.fixed().input();
            return x.rank() == 2 ? 1 : spec.config().batchFirst() ? x.dim(0) : x.dim(1);
        }
        return spec.batchSize();
    }

    /** Tensors of state per parameter tensor: momentum buffers, Adam's moments, accumulators. */
    static int optimizerSlots(OptimizerKind optimizer, Map<String, Object> args) {
        boolean momentum = args.get("momentum") instanceof Number m && m.doubleValue() != 0;
        return switch (optimizer) {
            case ADAM -> Boolean.TRUE.equals(args.get("amsgrad")) ? 3 : 2;
            case RMSPROP -> 1 + (momentum ? 1 : 0) + (Boolean.TRUE.equals(args.get("centered")) ? 1 : 0);
            case ADAGRAD -> 1;
            case SGD -> momentum ? 1 : 0;
        };
    }

    /** The setting a refusal names: the one furthest above its usual value among those the part grows with. */
    private static String describe(RunSpec spec, Task task, Set<Factor> factors, Map<Factor, String> names,
                                   String tbpttName) {
        Factor worst = null;
        double worstRatio = -1;
        for (Factor f : factors) {
            double ratio = switch (f) {
                case HIDDEN_SIZE -> spec.config().hiddenSize() / 100.0;
                case NUM_LAYERS -> spec.config().numLayers();
                case STEPS -> steps(spec) / 100.0;
                case BATCH -> batch(spec) / 16.0;
                case INPUT_SIZE -> 0;
            };
            if (ratio > worstRatio) {
                worst = f;
                worstRatio = ratio;
            }
        }
        if (worst == null) return "the run";
        if (worst == Factor.STEPS && steps(spec) > taskSteps(spec)) {
            int chunk = spec.tbpttChunk().getAsInt();
            return tbpttName + " " + chunk + (steps(spec) < chunk ? " (the whole " + steps(spec) + "-step stream)" : "");
        }
        String value = switch (worst) {
            case HIDDEN_SIZE -> Integer.toString(spec.config().hiddenSize());
            case NUM_LAYERS -> Integer.toString(spec.config().numLayers());
            // The copy task's sequences are its seq_len blanks plus 20 marks: name the number the user gave.
            case STEPS -> spec.task().fixed() == null && steps(spec) != spec.task().steps()
                    ? spec.task().steps() + " (the copy task's sequences are " + steps(spec) + " steps: "
                            + spec.task().steps() + " blanks and its 20 marks)"
                    : Long.toString(steps(spec));
            case BATCH -> Long.toString(batch(spec));
            case INPUT_SIZE -> Integer.toString(task.inputSize());
        };
        return names.getOrDefault(worst, worst.name().toLowerCase(Locale.ROOT)) + " " + value;
    }
}
