package org.rnnexplorer.service;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;
import org.rnnexplorer.train.task.AddingProblem;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.train.task.CopyMemory;
import org.rnnexplorer.train.task.Latching;
import org.rnnexplorer.train.task.SeriesForecast;
import org.rnnexplorer.train.task.SineForecast;
import org.rnnexplorer.train.task.Task;

import java.util.List;
import java.util.Locale;

/**
 * Which task a run trains on.
 *
 * @param name     adding, adding-1997, copy, latching, sine, text, series
 * @param steps    sequence length T (for copy memory: the number of blanks)
 * @param text     the corpus of the text task (null otherwise)
 * @param series   the (L, F) values of the series task, row-major (null otherwise)
 * @param features F of the series task
 * @param fixed    for {@code fixed}: the one batch every step trains on (rnnx train's fixed-batch form), else null
 */
public record TaskSpec(String name, int steps, String text, float[] series, int features, FixedBatch fixed) {

    /**
     * One batch in the model's own layout, trained on at every step.
     *
     * @param input   (L, N, I), (N, L, I) for a batch-first model, or (L, I)
     * @param target  of the prediction's shape (MSE) or its shape without the class axis (cross-entropy)
     * @param lengths valid steps per sequence, or null
     * @param h0      initial state (not trained: PyTorch's h0 without requires_grad), or null for zeros
     */
    public record FixedBatch(Tensor input, Target target, int[] lengths, Tensor h0, LossKind loss, Readout readout) {
    }

    /** Task names accepted by {@link #create()}. */
    public static final List<String> NAMES = List.of("adding", "adding-1997", "copy", "latching", "sine", "text", "series");

    public static TaskSpec of(String name, int steps) {
        return new TaskSpec(name, steps, null, null, 0, null);
    }

    public static TaskSpec text(String corpus, int steps) {
        return new TaskSpec("text", steps, corpus, null, 0, null);
    }

    public static TaskSpec series(float[] values, int features, int window) {
        return new TaskSpec("series", window, null, values, features, null);
    }

    public static TaskSpec fixed(FixedBatch batch) {
        // The batch carries its own length (and layout); steps is only a positive placeholder here.
        return new TaskSpec("fixed", batch.input().dim(0), null, null, 0, batch);
    }

    /**
     * Builds the generator.
     *
     * @throws TrainingConfigException for an unknown name or missing data
     */
    public Task create() {
        if (fixed != null) return new FixedBatchTask(fixed);
        if (steps <= 0) throw new TrainingConfigException("steps", "the sequence length must be positive, got " + steps);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adding" -> AddingProblem.uniform(steps);
            case "adding-1997" -> AddingProblem.hochreiterSchmidhuber(steps);
            case "copy" -> new CopyMemory(steps);
            case "latching" -> new Latching(steps, Math.max(1, Math.min(steps, 3)), 0.2);
            case "sine" -> new SineForecast(steps, 16.0, 0.05);
            case "text" -> {
                if (text == null || text.isEmpty()) throw new TrainingConfigException("text", "the text task needs a corpus");
                yield new CharText(text, steps);
            }
            case "series" -> {
                if (series == null || features <= 0) {
                    throw new TrainingConfigException("series", "the series task needs (L, F) values");
                }
                yield new SeriesForecast(series, features, steps);
            }
            default -> throw new TrainingConfigException("task", "unknown task '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + ")");
        };
    }
}
