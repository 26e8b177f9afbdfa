package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter order, readout indexing, the prediction's shapes, and warnings. */
class ModelTest {

    @Test
    void parametersAreRnnThenHead() {
        RnnConfig c = RnnConfig.of(3, 4).withBidirectional(true);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 1), Linear.pytorchDefault(8, 2, 2),
                Readout.ALL);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "head.weight", "head.bias"),
                m.parameterNames());
        assertArrayEquals(new int[] {2, 8}, m.parameters().get(8).shape());
        assertEquals(c.parameterCount() + 18, m.parameterCount());
        assertTrue(m.parameterArrays().get(8) == m.head().weight(), "live arrays");
    }

    @Test
    void lastReadoutReadsEachSequencesOwnLastStep() {
        // Batch-first with lengths: output[i, len_i - 1] (the idiom's output[:, -1] when all are full length).
        RnnConfig c = RnnConfig.of(2, 3).withBatchFirst(true);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 4), null, Readout.LAST);
        Tensor x = random(new Random(1), 3, 5, 2);
        int[] lengths = {5, 2, 4};
        try (Network n = new Network(m, new ScalarBackend())) {
            Network.Forward f = n.forward(x, null, lengths, ForwardOptions.inference());
            float[] out = f.rnnOutput().output().data();
            assertArrayEquals(new int[] {3, 3}, f.prediction().shape());
            for (int b = 0; b < 3; b++) {
                for (int u = 0; u < 3; u++) {
                    assertEquals(out[(b * 5 + lengths[b] - 1) * 3 + u], f.prediction().data()[b * 3 + u]);
                }
            }
        }
    }

    @Test
    void gradientOfLastReadoutLandsOnlyWhereItWasRead() {
        RnnConfig c = RnnConfig.of(2, 3);
        Tensor grad = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        org.rnnexplorer.engine.InputLayout layout = new org.rnnexplorer.engine.InputLayout(4, 2, false, false);
        Tensor g = Readout.LAST.scatter(grad, new int[] {4, 2, 3}, layout, new int[] {4, 2});
        float[] expected = new float[24];
        System.arraycopy(new float[] {1, 2, 3}, 0, expected, (3 * 2) * 3, 3);
        System.arraycopy(new float[] {4, 5, 6}, 0, expected, (1 * 2 + 1) * 3, 3);
        assertArrayEquals(expected, g.data());
        assertEquals(c.outputSize(), 3);
    }

    @Test
    void headMapsTheLastAxis() {
        RnnConfig c = RnnConfig.of(2, 3);
        Linear head = Linear.pytorchDefault(3, 4, 5);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 4), head, Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            Network.Forward f = n.forward(random(new Random(2), 5, 2), null, null, ForwardOptions.inference());
            assertArrayEquals(new int[] {5, 4}, f.prediction().shape(), "unbatched (L, O)");
            float[] h = f.features().data();
            double y = head.bias()[1];
            for (int k = 0; k < 3; k++) y += (double) head.weight()[3 + k] * h[2 * 3 + k];
            assertEquals(y, f.prediction().data()[2 * 4 + 1], 1e-6);
        }
    }

    @Test
    void readoutFollowsTheTargetsRank() {
        assertEquals(Readout.ALL, Readout.infer(3, 3, LossKind.MSE));
        assertEquals(Readout.LAST, Readout.infer(3, 2, LossKind.MSE));
        assertEquals(Readout.ALL, Readout.infer(3, 2, LossKind.CROSS_ENTROPY));
        assertEquals(Readout.LAST, Readout.infer(3, 1, LossKind.CROSS_ENTROPY));
        assertEquals(Readout.LAST, Readout.infer(2, 0, LossKind.CROSS_ENTROPY));
        assertThrows(TrainingConfigException.class, () -> Readout.infer(3, 1, LossKind.MSE));
    }

    @Test
    void bidirectionalLastReadoutWarns() {
        RnnConfig c = RnnConfig.of(2, 3).withBidirectional(true);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 4), null, Readout.LAST);
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("has seen only the last input"));
        assertEquals(List.of(), new Model(m.rnn(), null, Readout.ALL).warnings());
        assertThrows(TrainingConfigException.class, () -> new Model(m.rnn(), new Linear(3, 1), Readout.ALL),
                "a head must read D·H features");
    }

    static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) r.nextGaussian();
        return t;
    }
}
