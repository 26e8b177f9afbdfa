package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Losses;
import org.rnnexplorer.train.Target;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyMemoryTest {

    @Test
    void sequenceIsSymbolsBlanksDelimiterBlanks() {
        int t0 = 15, n = 4;
        CopyMemory task = new CopyMemory(t0);
        Batch b = task.batch(n, new SplittableRandom(3));
        int len = t0 + 20;
        assertArrayEquals(new int[] {len, n, 10}, b.input().shape());
        assertArrayEquals(new int[] {len, n}, b.target().shape());
        float[] x = b.input().data();
        int[] y = ((Target.Classes) b.target()).indices();
        for (int s = 0; s < n; s++) {
            int[] code = new int[len];
            for (int t = 0; t < len; t++) {
                int ones = 0;
                for (int c = 0; c < 10; c++) {
                    if (x[(t * n + s) * 10 + c] == 1) {
                        ones++;
                        code[t] = c;
                    }
                }
                assertEquals(1, ones, "one-hot");
            }
            for (int t = 0; t < len; t++) {
                if (t < 10) assertTrue(code[t] >= 1 && code[t] <= 8, "a symbol");
                else if (t == t0 + 9) assertEquals(9, code[t], "the delimiter after T − 1 blanks");
                else assertEquals(0, code[t], "blank");
                int expected = t >= t0 + 10 ? code[t - t0 - 10] : 0;
                assertEquals(expected, y[t * n + s], "target at " + t);
            }
        }
    }

    @Test
    void memorylessStrategyScoresTheBaseline() {
        // Certain blanks, then a uniform guess among the 8 symbols: cross-entropy 10·ln 8/(T+20).
        int t0 = 50, n = 3, len = t0 + 20, classes = 9;
        CopyMemory task = new CopyMemory(t0);
        Batch b = task.batch(n, new SplittableRandom(4));
        float[] logits = new float[len * n * classes];
        for (int t = 0; t < len; t++) {
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < classes; c++) {
                    boolean likely = t < t0 + 10 ? c == 0 : c >= 1;
                    logits[(t * n + s) * classes + c] = likely ? 0f : -1e4f;
                }
            }
        }
        double loss = Losses.crossEntropy(new Tensor(new int[] {len, n, classes}, logits), (Target.Classes) b.target()).loss();
        assertEquals(10 * Math.log(8) / (t0 + 20), task.chanceBaseline(), 1e-15);
        assertEquals(task.chanceBaseline(), loss, 3e-8, "the baseline, to the float32 the loss is given in");
    }
}
