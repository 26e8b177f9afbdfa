package org.rnnexplorer.engine.backend;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;

import java.util.ArrayList;
import java.util.List;

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
