package org.rnnexplorer.ui.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.ui.state.ModelState;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the shape table says h_n holds under lengths (packed sequences), checked against the engine's h_n: the
 * forward direction stops at each sequence's t = length − 1, the reverse one at t = 0. It said "after the last step"
 * beside a packed batch, and the diagram spoke of a reverse direction under a unidirectional model.
 */
class ShapeTableLengthsTest {

    @ParameterizedTest(name = "{0}, bidirectional {1}")
    @CsvSource({"RNN_TANH, false", "RNN_TANH, true", "LSTM, false", "LSTM, true", "GRU, true"})
    void hNIsTheStateTheTableSaysUnderLengths(CellMode mode, boolean bidirectional) {
        ModelViewModel vm = new ModelViewModel();
        vm.cellModeProperty().set(mode);
        vm.inputSizeProperty().set("4");
        vm.hiddenSizeProperty().set("6");
        vm.numLayersProperty().set("2");
        vm.bidirectionalProperty().set(bidirectional);
        vm.batchFirstProperty().set(true);
        vm.seqLenProperty().set("5");
        vm.batchProperty().set("3");
        vm.lengthsProperty().set("5,3,2");
        vm.h0Property().set(false);
        ModelState state = vm.stateProperty().get();
        String hN = ShapeTable.rows(state).stream().filter(r -> r.tensor().equals("h_n")).findFirst().orElseThrow().note();
        assertEquals("batch_first does not apply to h_n; " + (bidirectional
                ? "row 2k is layer k forward (last step t = length − 1), 2k+1 reverse (its last step is t = 0)"
                : "row k is layer k's state after each sequence's last valid step, t = length − 1"), hN);

        RnnConfig c = state.config();
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        int[] lengths = {5, 3, 2};
        int n = 3, steps = 5, h = 6, d = bidirectional ? 2 : 1;
        float[] x = new float[n * steps * 4];
        Random random = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        RnnOutput out;
        try (Rnn rnn = new Rnn(p, Backends.select("scalar", mode))) {
            out = rnn.forward(new Tensor(new int[] {n, steps, 4}, x), null, null, lengths, ForwardOptions.inference());
        }
        // The top layer's rows of h_n against its output (N, L, D·H) where the table says they were taken.
        int top = d * (c.numLayers() - 1);
        for (int s = 0; s < n; s++) {
            for (int u = 0; u < h; u++) {
                float forward = out.finalHidden().data()[(top * n + s) * h + u];
                assertEquals(out.output().data()[(s * steps + lengths[s] - 1) * d * h + u], forward, 0f,
                        "sequence " + s + ": forward h_n is its output at t = length − 1");
                if (bidirectional) {
                    float reverse = out.finalHidden().data()[((top + 1) * n + s) * h + u];
                    assertEquals(out.output().data()[(s * steps) * d * h + h + u], reverse, 0f,
                            "sequence " + s + ": reverse h_n is its output at t = 0");
                }
            }
        }
    }
}
