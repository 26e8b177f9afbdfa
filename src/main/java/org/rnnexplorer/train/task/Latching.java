package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

/**
 * Bengio, Simard &amp; Frasconi 1994's latching problem: the class of a sequence is decided by its first L inputs,
 * and only noise follows up to length T; the final output must carry the class. With one tanh unit and no head
 * it is the paper's setting.
 *
 * <p>Input (T, N, 1): +1 (class 1) or −1 (class 0) for t &lt; L, then N(0, σ²). Target (N, 1): +0.8 or −0.8, values
 * a tanh unit can reach; readout LAST, MSE. Classes are equally likely.
 */
public final class Latching implements Task {
    /** The target magnitude. */
    public static final double TARGET = 0.8;

    private final int steps;
    private final int latchSteps;
    private final double noiseStd;

    /**
     * @param steps      T, the sequence length
     * @param latchSteps L, the steps that carry the class (1 ≤ L ≤ T)
     * @param noiseStd   σ of the noise after step L (≥ 0)
     */
    public Latching(int steps, int latchSteps, double noiseStd) {
        TaskChecks.atLeast("T", steps, 1);
        TaskChecks.atLeast("L", latchSteps, 1);
        if (latchSteps > steps) {
            throw new TrainingConfigException("L", "L must be at most T, got L=" + latchSteps
                    + ", T=" + steps);
        }
        if (!(noiseStd >= 0)) throw new TrainingConfigException("noise", "noise must be ≥ 0");
        this.steps = steps;
        this.latchSteps = latchSteps;
        this.noiseStd = noiseStd;
    }

    @Override
    public String name() {
        return "latching";
    }

    @Override
    public String description() {
        return "Latching (Bengio et al. 1994), T=" + steps + ": the class is set by the first " + latchSteps
                + " inputs, then noise";
    }

    @Override
    public int inputSize() {
        return 1;
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

    /** 0.8² = 0.64: always predicting 0, the mean of the two targets. */
    @Override
    public double chanceBaseline() {
        return TARGET * TARGET;
    }

    @Override
    public String baselineDescription() {
        return "MSE 0.64 of always predicting 0 (targets ±0.8)";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        int n = batchSize;
        float[] x = new float[steps * n];
        float[] y = new float[n];
        for (int b = 0; b < n; b++) {
            boolean positive = random.nextBoolean();
            y[b] = (float) (positive ? TARGET : -TARGET);
            for (int t = 0; t < steps; t++) {
                x[t * n + b] = t < latchSteps ? (positive ? 1f : -1f) : (float) (noiseStd * TaskChecks.gaussian(random));
            }
        }
        return new Batch(new Tensor(new int[] {steps, n, 1}, x), new Target.Values(new Tensor(new int[] {n, 1}, y)), null);
    }
}
