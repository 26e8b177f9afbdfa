package org.rnnexplorer.service;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.task.CharText;

import java.util.function.IntUnaryOperator;

/**
 * The followed sequence of a pass on the text task, as characters: what the model read at each step, what came
 * next, and how likely the model found it. Karpathy, Johnson &amp; Fei-Fei (2015) colour such text by one unit's
 * activation to show what a unit tracks (quotes, line length, inside a word).
 *
 * @param read            (T) the code point of x_t
 * @param next            (T) the code point of the target at t, the character after x_t
 * @param nextProbability (T) softmax(logits_t)[next_t]: the probability the pass gave the character that came
 */
public record TextTrace(int[] read, int[] next, float[] nextProbability) {

    public TextTrace {
        if (read.length != next.length || read.length != nextProbability.length) {
            throw new IllegalArgumentException("read, next and nextProbability need one entry per step, got "
                    + read.length + ", " + next.length + " and " + nextProbability.length);
        }
    }

    /** T. */
    public int steps() {
        return read.length;
    }

    /** The first {@code steps} steps. */
    public TextTrace first(int steps) {
        return new TextTrace(java.util.Arrays.copyOf(read, steps), java.util.Arrays.copyOf(next, steps),
                java.util.Arrays.copyOf(nextProbability, steps));
    }

    /** The characters read, x_0 … x_{T−1}, as a string. */
    public String readText() {
        return new String(read, 0, read.length);
    }

    /**
     * Reads one sequence of a text pass out of its tensors.
     *
     * @param text          the task, whose vocabulary maps classes to characters
     * @param steps         T
     * @param inputRow      t → the row of {@code input} and {@code targets} holding the sequence's step t
     * @param input         one-hot rows of V
     * @param targets       class indices, one per row of {@code input}
     * @param predictionRow t → the row of {@code logits} holding step t
     * @param logits        rows of V: the model's output before the softmax
     */
    static TextTrace of(CharText text, int steps, IntUnaryOperator inputRow, Tensor input, int[] targets,
                        IntUnaryOperator predictionRow, Tensor logits) {
        int[] vocabulary = text.vocabulary();
        int v = vocabulary.length;
        float[] x = input.data(), z = logits.data();
        int[] read = new int[steps], next = new int[steps];
        float[] probability = new float[steps];
        for (int t = 0; t < steps; t++) {
            int row = inputRow.applyAsInt(t);
            int hot = 0;
            for (int c = 1; c < v; c++) if (x[row * v + c] > x[row * v + hot]) hot = c;
            read[t] = vocabulary[hot];
            int target = targets[row];
            next[t] = vocabulary[target];
            probability[t] = (float) softmaxAt(z, predictionRow.applyAsInt(t) * v, v, target);
        }
        return new TextTrace(read, next, probability);
    }

    /** softmax(z[offset … offset+v))[k], computed in double around the row's maximum. */
    private static double softmaxAt(float[] z, int offset, int v, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < v; c++) max = Math.max(max, z[offset + c]);
        double sum = 0;
        for (int c = 0; c < v; c++) sum += Math.exp(z[offset + c] - max);
        return Math.exp(z[offset + k] - max) / sum;
    }
}
