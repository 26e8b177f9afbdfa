package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddingProblemTest {

    @Test
    void uniformVariantMarksOneValueInEachHalfAndSumsThem() {
        AddingProblem task = AddingProblem.uniform(40);
        Batch b = task.batch(16, new SplittableRandom(1));
        assertArrayEquals(new int[] {40, 16, 2}, b.input().shape());
        assertNull(b.lengths());
        float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
        assertArrayEquals(new int[] {16, 1}, b.target().shape());
        for (int n = 0; n < 16; n++) {
            int first = 0, second = 0;
            double sum = 0;
            for (int t = 0; t < 40; t++) {
                float v = x[(t * 16 + n) * 2], marker = x[(t * 16 + n) * 2 + 1];
                assertTrue(v >= 0 && v < 1);
                assertTrue(marker == 0 || marker == 1);
                if (marker == 1) {
                    sum += v;
                    if (t < 20) first++;
                    else second++;
                }
            }
            assertEquals(1, first);
            assertEquals(1, second);
            assertEquals(sum, y[n], 1e-6);
        }
        assertEquals(LossKind.MSE, task.loss());
        assertEquals(Readout.LAST, task.readout());
    }

    @Test
    void predictingOneScoresTheBaselineOfOneSixth() {
        AddingProblem task = AddingProblem.uniform(20);
        double[] mse = predictConstant(task, 1.0, 40_000);
        assertEquals(1.0 / 6.0, task.chanceBaseline());
        // Var((X1+X2−1)²) = E[(S−1)⁴] − (1/6)² with E[(S−1)⁴] = 1/15: standard error √(1/15 − 1/36)/√n.
        assertEquals(task.chanceBaseline(), mse[0], 4 * Math.sqrt(1.0 / 15 - 1.0 / 36) / Math.sqrt(mse[1]));
    }

    @Test
    void hochreiterSchmidhuberSequencesFollowThePaper() {
        int t0 = 30;
        AddingProblem task = AddingProblem.hochreiterSchmidhuber(t0);
        Batch b = task.batch(200, new SplittableRandom(2));
        int maxLen = t0 + t0 / 10, n = 200;
        assertArrayEquals(new int[] {maxLen, n, 2}, b.input().shape());
        float[] x = b.input().data(), y = ((Target.Values) b.target()).values().data();
        for (int s = 0; s < n; s++) {
            int len = b.lengths()[s];
            assertTrue(len >= t0 && len <= maxLen, "length " + len);
            double sum = 0;
            int marked = 0;
            for (int t = 0; t < maxLen; t++) {
                float v = x[(t * n + s) * 2], m = x[(t * n + s) * 2 + 1];
                if (t >= len) {
                    assertEquals(0f, v);
                    assertEquals(0f, m);
                    continue;
                }
                assertTrue(v >= -1 && v <= 1);
                if (m == 1) {
                    marked++;
                    sum += v;
                    assertTrue(t < t0 / 2 - 1, "X2 lies among the first T/2 − 1 pairs");
                    if (t == 0) assertEquals(0f, v, "a marked first pair counts as zero");
                } else if (t == 0 || t == len - 1) {
                    assertEquals(-1f, m, "first and last pairs are marked −1");
                } else {
                    assertEquals(0f, m);
                }
            }
            assertEquals(2, marked);
            assertEquals(0.5 + sum / 4, y[s], 1e-6);
            boolean earlyMark = false;
            for (int t = 0; t < 10; t++) earlyMark |= x[(t * n + s) * 2 + 1] == 1;
            assertTrue(earlyMark, "X1 is one of the first ten pairs");
        }
    }

    @Test
    void hochreiterSchmidhuberBaselineIsTheTargetsVariance() {
        AddingProblem task = AddingProblem.hochreiterSchmidhuber(100);
        double[] mse = predictConstant(task, 0.5, 40_000);
        // About 1/24: (0.9 + 1 − 0.9/48)/48 for T = 100.
        assertEquals((0.9 + 1 - 0.9 / 48) / 48, task.chanceBaseline(), 1e-12);
        // (y − 0.5)² has variance at most E[((X1+X2)/4)⁴] − baseline² ≈ 0.0027: allow four standard errors.
        assertEquals(task.chanceBaseline(), mse[0], 4 * Math.sqrt(0.0027 / mse[1]));
    }

    @Test
    void tooShortSequencesAreRejected() {
        assertThrows(TrainingConfigException.class, () -> AddingProblem.hochreiterSchmidhuber(8));
        assertThrows(TrainingConfigException.class, () -> AddingProblem.uniform(1));
    }

    /** {MSE of predicting c for every sequence, number of sequences}. */
    static double[] predictConstant(AddingProblem task, double c, int sequences) {
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        int count = 0;
        while (count < sequences) {
            Batch b = task.batch(500, random);
            for (float v : ((Target.Values) b.target()).values().data()) {
                sum += (v - c) * (v - c);
                count++;
            }
        }
        return new double[] {sum / count, count};
    }
}
