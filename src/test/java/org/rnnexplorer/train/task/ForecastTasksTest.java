package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sine and user-series forecasting: targets are the next inputs, baselines are persistence. */
class ForecastTasksTest {

    @Test
    void sineTargetIsTheNextInput() {
        SineForecast task = new SineForecast(25, 12, 0);
        Batch b = task.batch(3, new SplittableRandom(5));
        float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t + 1 < 25; t++) assertEquals(x[(t + 1) * 3 + s], y[t * 3 + s]);
            // Consecutive values of one sine: x_{t+1} = 2cos ω·x_t − x_{t−1}.
            for (int t = 1; t + 1 < 25; t++) {
                assertEquals(2 * Math.cos(2 * Math.PI / 12) * x[t * 3 + s] - x[(t - 1) * 3 + s], x[(t + 1) * 3 + s], 1e-6);
            }
        }
    }

    @Test
    void sinePersistenceScoresTheBaseline() {
        SineForecast task = new SineForecast(10, 16, 0.1);
        SplittableRandom random = new SplittableRandom(6);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < 400; i++) {
            Batch b = task.batch(50, random);
            float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
            for (int k = 0; k < x.length; k++) {
                sum += (double) (y[k] - x[k]) * (y[k] - x[k]);
                count++;
            }
        }
        assertEquals(1 - Math.cos(2 * Math.PI / 16) + 2 * 0.01, task.chanceBaseline(), 1e-15);
        assertEquals(task.chanceBaseline(), sum / count, 0.02 * task.chanceBaseline());
    }

    @Test
    void seriesWindowsAreConsecutiveSteps() {
        float[] series = new float[20 * 2];
        for (int i = 0; i < series.length; i++) series[i] = i;
        SeriesForecast task = new SeriesForecast(series, 2, 6);
        Batch b = task.batch(4, new SplittableRandom(7));
        assertArrayEquals(new int[] {6, 4, 2}, b.input().shape());
        float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
        for (int s = 0; s < 4; s++) {
            float start = x[s * 2];
            assertTrue(start % 2 == 0 && start / 2 <= 20 - 1 - 6);
            for (int t = 0; t < 6; t++) {
                for (int f = 0; f < 2; f++) {
                    assertEquals(start + 2 * t + f, x[(t * 4 + s) * 2 + f]);
                    assertEquals(start + 2 * (t + 1) + f, y[(t * 4 + s) * 2 + f]);
                }
            }
        }
    }

    @Test
    void wholeSeriesBaselineIsTheMeanSquaredStep() {
        float[] series = {0, 1, 3, 2, 2, 5};
        SeriesForecast whole = new SeriesForecast(series, 1, 5);
        assertEquals((1 + 4 + 1 + 0 + 9) / 5.0, whole.chanceBaseline(), 1e-12);
    }

    @Test
    void windowedBaselineIsTheExpectationOverWindows() {
        SplittableRandom data = new SplittableRandom(8);
        float[] series = new float[60 * 3];
        for (int i = 0; i < series.length; i++) series[i] = (float) (data.nextDouble() * (1 + (i / 3) % 7));
        SeriesForecast task = new SeriesForecast(series, 3, 9);
        // Exact expectation by enumerating every window start.
        double sum = 0;
        int starts = 60 - 9;
        for (int s = 0; s < starts; s++) {
            for (int t = 0; t < 9; t++) {
                for (int f = 0; f < 3; f++) {
                    double d = (double) series[(s + t + 1) * 3 + f] - series[(s + t) * 3 + f];
                    sum += d * d;
                }
            }
        }
        assertEquals(sum / (starts * 9 * 3), task.chanceBaseline(), 1e-12);
    }

    @Test
    void badSeriesAreRejectedWithTheirPosition() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> new SeriesForecast(new float[] {1, 2, Float.NaN, 4}, 2, 1));
        assertEquals("series[1, 0] is NaN; the series must be finite", e.getMessage());
        assertThrows(TrainingConfigException.class, () -> new SeriesForecast(new float[] {1, 2, 3}, 2, 1));
        assertThrows(TrainingConfigException.class, () -> new SeriesForecast(new float[] {1, 2, 3}, 1, 3));
    }

    @Test
    void latchingClassLivesInTheFirstSteps() {
        Latching task = new Latching(30, 4, 0.2);
        Batch b = task.batch(500, new SplittableRandom(9));
        float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
        double noise = 0;
        int positives = 0;
        for (int s = 0; s < 500; s++) {
            float sign = Math.signum(y[s]);
            assertEquals(0.8f, Math.abs(y[s]));
            if (sign > 0) positives++;
            for (int t = 0; t < 4; t++) assertEquals(sign, x[t * 500 + s]);
            for (int t = 4; t < 30; t++) noise += (double) x[t * 500 + s] * x[t * 500 + s];
        }
        assertEquals(0.2, Math.sqrt(noise / (500 * 26)), 0.01);
        assertTrue(positives > 200 && positives < 300);
        assertEquals(0.64, task.chanceBaseline(), 1e-15);
    }
}
