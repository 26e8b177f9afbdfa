package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

/**
 * Next-step forecasting of the user's own time series (L, F): each example is a window of W consecutive steps,
 * input x_s..x_{s+W−1}, target x_{s+1}..x_{s+W}, with s uniform in [0, L−1−W]. Readout ALL, MSE. Values are used as
 * given (standardise beforehand if the scales differ).
 */
public final class SeriesForecast implements Task {
    private final float[] series;
    private final int length;
    private final int features;
    private final int window;

    /**
     * @param series   (L, F) row-major
     * @param features F
     * @param window   W, steps per example, 1 ≤ W ≤ L−1 (L−1: the whole series)
     */
    public SeriesForecast(float[] series, int features, int window) {
        TaskChecks.atLeast("features", features, 1);
        if (series.length % features != 0) {
            throw new TrainingConfigException("series", "a series of " + series.length + " values is not (L, "
                    + features + ")");
        }
        this.length = series.length / features;
        if (length < 2) {
            throw new TrainingConfigException("series", "a series of " + length + " step" + (length == 1 ? "" : "s")
                    + " cannot be forecast: it needs at least 2 (one to read, one to predict)");
        }
        if (window < 1 || window > length - 1) {
            throw new TrainingConfigException("window", "window must be in [1, " + (length - 1) + "] for a series of "
                    + length + " steps, got " + window);
        }
        for (int i = 0; i < series.length; i++) {
            if (!Float.isFinite(series[i])) {
                throw new TrainingConfigException("series", "series[" + (i / features) + ", " + (i % features) + "] is "
                        + series[i] + "; the series must be finite");
            }
        }
        this.series = series.clone();
        this.features = features;
        this.window = window;
    }

    @Override
    public String name() {
        return "series";
    }

    @Override
    public String description() {
        return "Next-step forecast of a " + length + "-step series with " + features + " feature(s), windows of "
                + window;
    }

    @Override
    public int inputSize() {
        return features;
    }

    @Override
    public int outputSize() {
        return features;
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
     * The expected MSE of persistence (predicting x_{t+1} = x_t) under this task's sampling: each transition
     * t → t+1 weighted by how many window positions contain it.
     */
    @Override
    public double chanceBaseline() {
        int starts = length - window; // s in [0, L-1-W]
        double sum = 0;
        for (int t = 0; t < length - 1; t++) {
            int covering = Math.min(t, starts - 1) - Math.max(0, t - window + 1) + 1;
            if (covering <= 0) continue;
            double sq = 0;
            for (int f = 0; f < features; f++) {
                double d = (double) series[(t + 1) * features + f] - series[t * features + f];
                sq += d * d;
            }
            sum += covering * sq / features;
        }
        return sum / ((double) starts * window);
    }

    @Override
    public String baselineDescription() {
        return "MSE of predicting the previous value (persistence) over the windows sampled";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        int n = batchSize, f = features;
        float[] x = new float[window * n * f];
        float[] y = new float[window * n * f];
        for (int b = 0; b < n; b++) {
            int s = random.nextInt(length - window);
            for (int t = 0; t < window; t++) {
                System.arraycopy(series, (s + t) * f, x, (t * n + b) * f, f);
                System.arraycopy(series, (s + t + 1) * f, y, (t * n + b) * f, f);
            }
        }
        return new Batch(new Tensor(new int[] {window, n, f}, x), new Target.Values(new Tensor(new int[] {window, n, f}, y)),
                null);
    }
}
