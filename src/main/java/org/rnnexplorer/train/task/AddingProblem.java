package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;

import java.util.SplittableRandom;

/**
 * The adding problem: sum two marked values of a long sequence, read at its end. Input channels are (value, marker);
 * the target is one number per sequence (readout LAST, MSE).
 *
 * <p>{@link Variant#HOCHREITER_SCHMIDHUBER_1997} (the LSTM paper's experiment 4): values U[-1, 1]; lengths uniform
 * in [T, T + T/10] (padded to T + T/10, given as lengths so each sequence is read at its own last step); one of the
 * first ten pairs is marked 1 (X1), then one of the first T/2 − 1 still unmarked pairs (X2); the first and last
 * pairs are marked −1 unless marked 1; a marked first pair has its value set to 0; target 0.5 + (X1 + X2)/4.
 *
 * <p>{@link Variant#UNIFORM_SUM} (the modern form of Le, Jaitly &amp; Hinton 2015 and later): length T, values
 * U[0, 1], one marker in each half, target X1 + X2.
 */
public final class AddingProblem implements Task {

    public enum Variant { HOCHREITER_SCHMIDHUBER_1997, UNIFORM_SUM }

    private final int steps;
    private final Variant variant;

    /**
     * @param steps T, the (minimal) sequence length: at least 10 (the 1997 variant needs T/2 − 1 ≥ 4 positions for
     *              X2), at least 2 for the uniform variant
     */
    public AddingProblem(int steps, Variant variant) {
        TaskChecks.atLeast("T", steps, variant == Variant.UNIFORM_SUM ? 2 : 10);
        this.steps = steps;
        this.variant = variant;
    }

    public static AddingProblem hochreiterSchmidhuber(int steps) {
        return new AddingProblem(steps, Variant.HOCHREITER_SCHMIDHUBER_1997);
    }

    public static AddingProblem uniform(int steps) {
        return new AddingProblem(steps, Variant.UNIFORM_SUM);
    }

    public int steps() {
        return steps;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public String name() {
        return variant == Variant.UNIFORM_SUM ? "adding" : "adding-1997";
    }

    @Override
    public String description() {
        return variant == Variant.UNIFORM_SUM
                ? "Adding problem, T=" + steps + ": sum the two marked U[0,1] values, read at the last step"
                : "Adding problem (Hochreiter & Schmidhuber 1997), T=" + steps
                + ": 0.5 + (X1+X2)/4 for the two marked U[-1,1] values, lengths T..T+T/10";
    }

    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public Readout readout() {
        return Readout.LAST;
    }

    /**
     * The MSE of always predicting the target's mean, i.e. the target's variance. Uniform: Var(X1 + X2) = 2/12 =
     * 1/6 (predicting 1). 1997: (Var X1 + Var X2)/16 with Var X = (1/3)·P(X's pair is not the first), about 1/24
     * (predicting 0.5).
     */
    @Override
    public double chanceBaseline() {
        if (variant == Variant.UNIFORM_SUM) return 1.0 / 6.0;
        int firstTen = Math.min(10, steps);
        int m = steps / 2 - 1;
        double pX1First = 1.0 / firstTen;
        double pX2First = 0;
        for (int p1 = 1; p1 < firstTen; p1++) pX2First += (1.0 / firstTen) / (p1 < m ? m - 1 : m);
        return ((1 - pX1First) + (1 - pX2First)) / 3.0 / 16.0;
    }

    @Override
    public String baselineDescription() {
        return variant == Variant.UNIFORM_SUM ? "MSE 1/6 of always predicting 1 (the mean of X1+X2)"
                : "MSE of always predicting 0.5 (the target's mean), about 1/24";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        return variant == Variant.UNIFORM_SUM ? uniformBatch(batchSize, random) : hsBatch(batchSize, random);
    }

    private Batch uniformBatch(int n, SplittableRandom random) {
        float[] x = new float[steps * n * 2];
        float[] y = new float[n];
        int half = steps / 2;
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < steps; t++) x[(t * n + b) * 2] = (float) random.nextDouble();
            int p1 = random.nextInt(half);
            int p2 = half + random.nextInt(steps - half);
            x[(p1 * n + b) * 2 + 1] = 1f;
            x[(p2 * n + b) * 2 + 1] = 1f;
            y[b] = x[(p1 * n + b) * 2] + x[(p2 * n + b) * 2];
        }
        return new Batch(new Tensor(new int[] {steps, n, 2}, x), new Target.Values(new Tensor(new int[] {n, 1}, y)), null);
    }

    private Batch hsBatch(int n, SplittableRandom random) {
        int maxLength = steps + steps / 10;
        float[] x = new float[maxLength * n * 2];
        float[] y = new float[n];
        int[] lengths = new int[n];
        int m = steps / 2 - 1;
        for (int b = 0; b < n; b++) {
            int len = steps + random.nextInt(steps / 10 + 1);
            lengths[b] = len;
            for (int t = 0; t < len; t++) x[(t * n + b) * 2] = (float) (2 * random.nextDouble() - 1);
            int p1 = random.nextInt(Math.min(10, steps));
            // One of the first m pairs other than p1 (when p1 is among them).
            int p2 = random.nextInt(p1 < m ? m - 1 : m);
            if (p1 < m && p2 >= p1) p2++;
            x[(b) * 2 + 1] = -1f;
            x[((len - 1) * n + b) * 2 + 1] = -1f;
            for (int p : new int[] {p1, p2}) {
                x[(p * n + b) * 2 + 1] = 1f;
                if (p == 0) x[b * 2] = 0f;
            }
            y[b] = (float) (0.5 + (x[(p1 * n + b) * 2] + (double) x[(p2 * n + b) * 2]) / 4.0);
        }
        return new Batch(new Tensor(new int[] {maxLength, n, 2}, x), new Target.Values(new Tensor(new int[] {n, 1}, y)),
                lengths);
    }
}
