package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

/**
 * Forecast the next value of a sine wave of a fixed period, random phase, and optional observation noise.
 * Input (T, N, 1): x_0..x_{T−1}; target (T, N, 1): x_1..x_T; readout ALL, MSE.
 */
public final class SineForecast implements Task {
    private final int steps;
    private final double period;
    private final double noiseStd;

    /**
     * @param steps    T
     * @param period   steps per cycle (&gt; 0)
     * @param noiseStd σ of Gaussian noise added to every observed value (inputs and targets)
     */
    public SineForecast(int steps, double period, double noiseStd) {
        TaskChecks.atLeast("T", steps, 1);
        if (!(period > 0)) throw new TrainingConfigException("period", "period must be positive, got " + period);
        if (!(noiseStd >= 0)) throw new TrainingConfigException("noise", "noise must be ≥ 0, got " + noiseStd);
        this.steps = steps;
        this.period = period;
        this.noiseStd = noiseStd;
    }

    @Override
    public String name() {
        return "sine";
    }

    @Override
    public String description() {
        return "Sine forecasting, T=" + steps + ", period " + period + " steps: predict the next value";
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
        return Readout.ALL;
    }

    /**
     * The MSE of persistence (predicting x_{t+1} = x_t), averaged over the random phase:
     * E[(sin(θ+ω) − sin θ)²] = 1 − cos ω, plus 2σ² from the two noisy observations.
     */
    @Override
    public double chanceBaseline() {
        return 1 - StrictMath.cos(2 * Math.PI / period) + 2 * noiseStd * noiseStd;
    }

    @Override
    public String baselineDescription() {
        return "MSE of predicting the last value seen (persistence): 1 − cos(2π/period) + 2σ²";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        int n = batchSize;
        float[] x = new float[steps * n];
        float[] y = new float[steps * n];
        double omega = 2 * Math.PI / period;
        for (int b = 0; b < n; b++) {
            double phase = 2 * Math.PI * random.nextDouble();
            double[] observed = new double[steps + 1];
            for (int t = 0; t <= steps; t++) {
                observed[t] = StrictMath.sin(omega * t + phase) + (noiseStd > 0 ? noiseStd * TaskChecks.gaussian(random) : 0);
            }
            for (int t = 0; t < steps; t++) {
                x[t * n + b] = (float) observed[t];
                y[t * n + b] = (float) observed[t + 1];
            }
        }
        return new Batch(new Tensor(new int[] {steps, n, 1}, x),
                new Target.Values(new Tensor(new int[] {steps, n, 1}, y)), null);
    }
}
