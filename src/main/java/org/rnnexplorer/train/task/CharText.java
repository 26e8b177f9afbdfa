package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Character-level language modelling of a text (char-rnn): predict each next character. The vocabulary is the
 * text's distinct characters (Unicode code points) in ascending order. Inputs are one-hot (T, N, V); targets the
 * next characters' indices (T, N); readout ALL, cross-entropy.
 */
public final class CharText implements Task {
    private final int[] codePoints;
    private final int[] vocabulary;
    private final int[] encoded;
    private final int steps;

    /**
     * @param text  the corpus (at least steps + 1 characters)
     * @param steps T, characters per example
     */
    public CharText(String text, int steps) {
        TaskChecks.atLeast("T", steps, 1);
        this.codePoints = text.codePoints().toArray();
        if (codePoints.length < steps + 1) {
            throw new TrainingConfigException("text", "the text has " + codePoints.length + " characters; T=" + steps
                    + " needs at least " + (steps + 1));
        }
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int c : codePoints) distinct.add(c);
        this.vocabulary = distinct.stream().mapToInt(Integer::intValue).toArray();
        this.encoded = encodePoints(codePoints);
        this.steps = steps;
    }

    /** V. */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** The vocabulary's code points, ascending (index = class). */
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    /** Class indices of a string's characters. */
    public int[] encode(String s) {
        return encodePoints(s.codePoints().toArray());
    }

    /** The string of some class indices. */
    public String decode(int[] classes) {
        StringBuilder sb = new StringBuilder();
        for (int c : classes) sb.appendCodePoint(vocabulary[c]);
        return sb.toString();
    }

    /** One-hot rows of some class indices: (len, V). */
    public float[] oneHot(int[] classes) {
        float[] x = new float[classes.length * vocabulary.length];
        for (int i = 0; i < classes.length; i++) x[i * vocabulary.length + classes[i]] = 1f;
        return x;
    }

    @Override
    public String name() {
        return "chars";
    }

    @Override
    public String description() {
        return "Character-level model of a " + codePoints.length + "-character text (" + vocabulary.length
                + " distinct characters), T=" + steps;
    }

    @Override
    public int inputSize() {
        return vocabulary.length;
    }

    @Override
    public int outputSize() {
        return vocabulary.length;
    }

    @Override
    public LossKind loss() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public Readout readout() {
        return Readout.ALL;
    }

    /**
     * The entropy (nats) of the text's character frequencies: the cross-entropy of a model that knows how common
     * each character is but ignores context. (A model knowing nothing scores ln V, higher.)
     */
    @Override
    public double chanceBaseline() {
        int[] counts = new int[vocabulary.length];
        for (int c : encoded) counts[c]++;
        double h = 0;
        for (int count : counts) {
            double p = (double) count / encoded.length;
            if (p > 0) h -= p * Math.log(p);
        }
        return h;
    }

    @Override
    public String baselineDescription() {
        return "cross-entropy of the text's character frequencies (unigram entropy); ln V = "
                + String.format(Locale.ROOT, "%.3f", Math.log(vocabulary.length)) + " knowing nothing";
    }

    /** N windows of T+1 characters at uniformly random offsets. */
    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        int[] starts = new int[batchSize];
        for (int b = 0; b < batchSize; b++) starts[b] = random.nextInt(encoded.length - steps);
        return windows(starts, steps);
    }

    /**
     * The whole text as one stream for truncated BPTT, as char-rnn batches it: cut into N contiguous strands of
     * ⌊(len − 1)/N⌋ characters, strand b starting at b·⌊(len − 1)/N⌋.
     *
     * @return input (L_total, N, V), target (L_total, N)
     */
    public Batch stream(int batchSize) {
        TaskChecks.batch(batchSize);
        int strand = (encoded.length - 1) / batchSize;
        if (strand < 1) {
            throw new TrainingConfigException("batch_size", "a " + encoded.length + "-character text cannot make "
                    + batchSize + " strands");
        }
        int[] starts = new int[batchSize];
        for (int b = 0; b < batchSize; b++) starts[b] = b * strand;
        return windows(starts, strand);
    }

    private Batch windows(int[] starts, int length) {
        int n = starts.length, v = vocabulary.length;
        float[] x = new float[length * n * v];
        int[] y = new int[length * n];
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < length; t++) {
                x[(t * n + b) * v + encoded[starts[b] + t]] = 1f;
                y[t * n + b] = encoded[starts[b] + t + 1];
            }
        }
        return new Batch(new Tensor(new int[] {length, n, v}, x), new Target.Classes(new int[] {length, n}, y), null);
    }

    private int[] encodePoints(int[] points) {
        int[] out = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            int idx = Arrays.binarySearch(vocabulary, points[i]);
            if (idx < 0) {
                throw new TrainingConfigException("text", "'" + new String(Character.toChars(points[i]))
                        + "' is not in the text's vocabulary");
            }
            out[i] = idx;
        }
        return out;
    }
}
