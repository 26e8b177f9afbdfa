package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BatchTest {

    @Test
    void batchFirstLayoutTransposesInputAndPerStepTargets() {
        // (L=2, N=3, I=1) with value 10·t + n.
        Tensor x = Tensor.of(new float[] {0, 1, 2, 10, 11, 12}, 2, 3, 1);
        Batch perStep = new Batch(x, new Target.Classes(new int[] {2, 3}, new int[] {0, 1, 2, 3, 4, 5}), null);
        Batch bf = perStep.inLayout(true);
        assertArrayEquals(new int[] {3, 2, 1}, bf.input().shape());
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, bf.input().data());
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, ((Target.Classes) bf.target()).indices());
        Target.Values perSequence = new Target.Values(Tensor.of(new float[] {7, 8, 9}, 3, 1));
        assertSame(perSequence, new Batch(x, perSequence, null).inLayout(true).target(), "(N, O) has no time axis");
        assertSame(perStep, perStep.inLayout(false));
    }
}
