package org.rnnexplorer.engine.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The cell-specific reads of the seam on every available backend: a kernel refuses, with the same message, what its
 * cell does not have (an RNN's gates and cell state, a GRU's cell state and pre-activations), and an LSTM kernel
 * refuses a c0 of the wrong shape by name.
 */
class CellContractTest {
    private static final int T = 3, B = 2;

    private static List<Backend> backends() {
        List<Backend> out = new ArrayList<>();
        for (Backends.Entry e : Backends.all()) {
            if (e.availability().available() && e.backend().availability(CellMode.GRU).available()) out.add(e.backend());
        }
        return out;
    }

    private static RnnKernel traced(Backend backend, RnnConfig config) {
        RnnKernel k = backend.createKernel(config);
        k.setParameters(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 3));
        k.forward(new SequenceBatch(T, B, new float[T * B * config.inputSize()], null, null, null), ForwardMode.TRACE);
        return k;
    }

    /**
     * N = 0 is allowed (PyTorch returns empty tensors and zero weight gradients). The simd kernels looped over every
     * one of T's steps with nothing in them (a (2^31 - 1, 0, I) .npy took 15 s) and the gated one failed on its unsized
     * buffers; each backend now runs none and answers at once.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed claim: the old loop took minutes here
    void anEmptyBatchRunsNoStepsAndHasZeroGradients() {
        int steps = Integer.MAX_VALUE;
        for (RnnConfig c : List.of(new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0.0, true),
                new RnnConfig(CellMode.LSTM, 3, 4, 2, true, false, 0.0, true, 2),
                new RnnConfig(CellMode.GRU, 3, 4, 2, true, false, 0.0, true, 0))) {
            for (Backend b : backends()) {
                try (Rnn rnn = new Rnn(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 3), b)) {
                    RnnOutput out = rnn.forward(Tensor.zeros(steps, 0, 3), null, null, null,
                            ForwardOptions.inference().withMode(ForwardMode.TRAINING));
                    String what = b.name() + " " + c.torchRepr();
                    assertArrayEquals(new int[] {steps, 0, 2 * c.outputHiddenSize()}, out.output().shape(), what);
                    assertArrayEquals(new int[] {4, 0, c.outputHiddenSize()}, out.finalHidden().shape(), what);
                    RnnGradients g = rnn.backward(Tensor.zeros(steps, 0, 2 * c.outputHiddenSize()), null,
                            null);
                    assertArrayEquals(new int[] {steps, 0, 3}, g.input().shape(), what);
                    for (var e : g.parameters().asMap().entrySet()) {
                        for (float v : e.getValue()) assertEquals(0f, v, what + " " + e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void anElmanKernelHasNoGatesAndNoCellState() {
        RnnConfig rnn = RnnConfig.of(3, 4);
        for (Backend b : backends()) {
            try (RnnKernel k = traced(b, rnn)) {
                float[] th = new float[T * B * 4];
                assertEquals("only an LSTM or a GRU has gates",
                        assertThrows(UnsupportedOperationException.class, () -> k.readGate(0, 0, 0, th)).getMessage(), b.name());
                assertEquals("only an LSTM has a cell state c_t",
                        assertThrows(UnsupportedOperationException.class, () -> k.readCell(0, 0, th)).getMessage(), b.name());
                assertEquals("only an LSTM has a cell state c_n", assertThrows(UnsupportedOperationException.class,
                        () -> k.backward(null, null, new float[B * 4])).getMessage(), b.name());
            }
        }
    }

    @Test
    void aGruKernelHasNoCellStateAndNoSinglePreactivation() {
        RnnConfig gru = new RnnConfig(CellMode.GRU, 3, 4, 1, true, false, 0.0, false, 0);
        for (Backend b : backends()) {
            try (RnnKernel k = traced(b, gru)) {
                float[] th = new float[T * B * 4];
                assertEquals("pre-activations a_t are the Elman RNN's; gated cells have gates",
                        assertThrows(UnsupportedOperationException.class, () -> k.readPreactivation(0, 0, th)).getMessage());
                assertEquals("only an LSTM has a cell state c_n",
                        assertThrows(UnsupportedOperationException.class, () -> k.readFinalCell(new float[B * 4])).getMessage());
                assertEquals("no gate 3 in GRU(3, 4) (gates r, z, n)",
                        assertThrows(IllegalArgumentException.class, () -> k.readGate(0, 0, 3, th)).getMessage());
            }
        }
    }

    @Test
    void anLstmKernelRefusesAc0OfTheWrongShapeByName() {
        RnnConfig lstm = new RnnConfig(CellMode.LSTM, 3, 4, 1, true, false, 0.0, false, 2);
        for (Backend b : backends()) {
            try (RnnKernel k = b.createKernel(lstm)) {
                k.setParameters(Initializers.create(lstm, Initializers.Scheme.PYTORCH_DEFAULT, 3));
                SequenceBatch bad = new SequenceBatch(T, B, new float[T * B * 3], null, null, null, new float[B * 2]);
                assertEquals("c0 holds 4 elements, expected (D·num_layers, B, H) = (1, 2, 4)",
                        assertThrows(IllegalArgumentException.class, () -> k.forward(bad, ForwardMode.TRACE)).getMessage(),
                        b.name());
            }
        }
    }
}
