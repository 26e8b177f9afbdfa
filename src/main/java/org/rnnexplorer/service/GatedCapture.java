package org.rnnexplorer.service;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Traces;
import org.rnnexplorer.train.GatedProbes;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an LSTM's or GRU's latest pass out of the kernel for a {@link TraceSnapshot}: per layer and direction the
 * followed sequence's h_t, c_t, gates, ∂L/∂h_t and ∂L/∂c_t, the batch's gradient norms, and (when probed) the measured
 * Jacobians of {@link GatedProbes}. Each (T, N, ·) read is reduced to its sequence before the next is made, so the
 * capture holds at most one whole-batch tensor at a time. Engine thread only.
 */
final class GatedCapture {
    private GatedCapture() {
    }

    /**
     * @param b       the followed sequence
     * @param lengths the pass's lengths, or null
     * @param h0      the pass's h_0 (D·num_layers, N, H_out) or (D·num_layers, H_out), or null for zeros
     * @param probes  whether to measure the Jacobians
     */
    static List<DirectionTrace> capture(Rnn rnn, int b, int[] lengths, Tensor h0, boolean probes) {
        RnnConfig config = rnn.config();
        int steps = rnn.lastLayout().steps(), batch = rnn.lastLayout().batch();
        int h = config.hiddenSize(), out = config.outputHiddenSize();
        int length = lengths == null ? steps : lengths[b];
        CellMode mode = config.mode();
        List<DirectionTrace> traces = new ArrayList<>();
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < config.numDirections(); d++) {
                List<float[]> gates = new ArrayList<>();
                for (int g = 0; g < mode.gateCount(); g++) gates.add(sequence(rnn.gate(k, d, g), b, batch, h));
                float[] cell = null, gradCell = null;
                double[] gradCellNorm = null;
                if (mode == CellMode.LSTM) {
                    cell = sequence(rnn.cell(k, d), b, batch, h);
                    Tensor gc = rnn.gradCell(k, d);
                    gradCell = sequence(gc, b, batch, h);
                    gradCellNorm = Traces.normPerTimestep(gc);
                }
                float[] hidden = sequence(rnn.hidden(k, d), b, batch, out);
                Tensor gh = rnn.gradHidden(k, d);
                GatedProbes.Result probed = null;
                if (probes) {
                    float[] h0Row = initialRow(h0, k * config.numDirections() + d, b, batch, out);
                    probed = GatedProbes.measure(rnn.parameters(), k, d, gates, cell, hidden, h0Row, new float[h], length);
                }
                traces.add(new DirectionTrace(k, d, hidden, null, sequence(gh, b, batch, out), Traces.normPerTimestep(gh),
                        probed == null ? null : probed.jacobianNorm(), probed == null ? null : probed.productLogNorm(),
                        null, Double.NaN, Double.NaN, new GatedTrace(mode, gates, cell, gradCell, gradCellNorm)));
            }
        }
        return traces;
    }

    /** h_0 of one (layer, direction) and sequence, (H_out); zeros without an h_0. */
    private static float[] initialRow(Tensor h0, int state, int b, int batch, int out) {
        float[] row = new float[out];
        if (h0 != null) System.arraycopy(h0.data(), (state * batch + b) * out, row, 0, out);
        return row;
    }

    /** Rows of one sequence from a (T, B, W) or (T, W) trace: (T, W). */
    static float[] sequence(Tensor trace, int b, int batch, int width) {
        int steps = trace.dim(0);
        float[] out = new float[steps * width];
        float[] src = trace.data();
        for (int t = 0; t < steps; t++) System.arraycopy(src, (t * batch + b) * width, out, t * width, width);
        return out;
    }
}
