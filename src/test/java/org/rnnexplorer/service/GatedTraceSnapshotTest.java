package org.rnnexplorer.service;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.train.LossResult;
import org.rnnexplorer.train.Losses;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.ui.live.LiveRuns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explore pass's trace snapshot of an LSTM and a GRU (scalar backend): what it keeps equals the kernel's reads of
 * the same pass run independently, and its measured Jacobian product ‖∂h_last/∂h_t‖₂ equals finite differences of
 * the engine's own forward pass.
 */
class GatedTraceSnapshotTest {

    static final int T = 12, N = 3, I = 4;

    private static RnnConfig lstm(int layers, boolean bidirectional, int proj) {
        return new RnnConfig(CellMode.LSTM, I, 6, layers, true, false, 0, bidirectional, proj);
    }

    private static RnnConfig gru(int layers, boolean bidirectional) {
        return new RnnConfig(CellMode.GRU, I, 5, layers, true, false, 0, bidirectional, 0);
    }

    @Test
    void theSnapshotKeepsTheFollowedSequencesCellGatesAndGradientsAndTheBatchsNorms() throws Exception {
        for (RnnConfig config : new RnnConfig[] {lstm(2, true, 4), gru(2, true)}) {
            RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 3);
            try (EngineService service = new EngineService()) {
                ServiceSnapshot s = LiveRuns.explore(service, config, weights, T, N, 5);
                TraceSnapshot trace = s.trace();
                TaskSpec.FixedBatch batch = s.spec().task().fixed();
                try (Network net = new Network(s.spec().initialModel().orElseThrow().copy(), Backends.select("scalar"))) {
                    // The same pass as the service's explore: forward with a trace, the loss, backward.
                    Network.Forward f = net.forward(batch.input(), batch.h0(), batch.lengths(), ForwardOptions.evalWithTrace());
                    LossResult loss = Losses.compute(batch.loss(), f.prediction(), batch.target());
                    net.backward(f, loss.gradPrediction(), null);
                    Rnn rnn = net.rnn();
                    int h = config.hiddenSize(), out = config.outputHiddenSize(), b = trace.batchIndex();
                    for (int k = 0; k < config.numLayers(); k++) {
                        for (int d = 0; d < config.numDirections(); d++) {
                            String where = config.mode() + " " + k + "/" + d;
                            DirectionTrace dt = trace.direction(k, d);
                            GatedTrace g = dt.gated();
                            assertNull(dt.preactivation(), where);
                            assertArrayEquals(GatedCapture.sequence(rnn.hidden(k, d), b, N, out), dt.hidden(), where);
                            assertArrayEquals(GatedCapture.sequence(rnn.gradHidden(k, d), b, N, out), dt.gradHidden(), where);
                            for (int gate = 0; gate < config.mode().gateCount(); gate++) {
                                assertArrayEquals(GatedCapture.sequence(rnn.gate(k, d, gate), b, N, h), g.gates().get(gate),
                                        where + " gate " + config.mode().gateNames().get(gate));
                            }
                            assertNorms(rnn.gradHidden(k, d), dt.gradNorm(), where + " ‖∂L/∂h_t‖");
                            if (config.mode() == CellMode.LSTM) {
                                assertArrayEquals(GatedCapture.sequence(rnn.cell(k, d), b, N, h), g.cell(), where);
                                assertArrayEquals(GatedCapture.sequence(rnn.gradCell(k, d), b, N, h), g.gradCell(), where);
                                assertNorms(rnn.gradCell(k, d), g.gradCellNorm(), where + " ‖∂L/∂c_t‖");
                            } else {
                                assertNull(g.cell(), where);
                                assertNull(g.gradCellNorm(), where);
                            }
                            assertTrue(dt.probed(), where + ": a small model is probed at once");
                        }
                    }
                }
            }
        }
    }

    /** norms[t] = √Σ over batch and units of the read's slice t, within 1e-6 relative. */
    private static void assertNorms(Tensor read, double[] norms, String what) {
        int per = read.size() / read.dim(0);
        for (int t = 0; t < read.dim(0); t++) {
            double sum = 0;
            for (int i = t * per; i < (t + 1) * per; i++) sum += (double) read.data()[i] * read.data()[i];
            double want = Math.sqrt(sum);
            assertEquals(want, norms[t], 1e-6 * Math.max(want, 1e-30), what + " at t " + t);
        }
    }

    @Test
    void theMeasuredJacobianProductEqualsFiniteDifferencesOfTheEnginesForwardPass() throws Exception {
        for (RnnConfig config : new RnnConfig[] {lstm(1, true, 0), lstm(1, true, 3), gru(1, true)}) {
            RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 11);
            try (EngineService service = new EngineService()) {
                ServiceSnapshot s = LiveRuns.explore(service, config, weights, T, N, 2);
                Tensor x = s.spec().task().fixed().input(); // (T, N, I)
                int b = s.trace().batchIndex();
                for (int d = 0; d < 2; d++) {
                    DirectionTrace dt = s.trace().direction(0, d);
                    int last = d == 0 ? T - 1 : 0;
                    assertEquals(0.0, dt.productLogNorm()[last], 1e-12, "the product over no steps is I");
                    for (int t : new int[] {d == 0 ? T - 2 : 1, d == 0 ? T - 5 : 4, d == 0 ? 0 : T - 1}) {
                        double measured = Math.exp(dt.productLogNorm()[t]);
                        double fd = finiteDifferenceNorm(config, weights, d, x, b, t, dt);
                        // 1e-6: central differences of float32 states with ε = 1e-2 resolve no finer (≈ ulp(h)/ε).
                        assertEquals(fd, measured, 2e-3 * fd + 1e-6, config.mode() + " proj " + config.projSize() + " direction " + d + " t " + t);
                    }
                    // One step: the factor ‖∂h_t/∂h_t−1‖₂ is the product across one step.
                    int next = d == 0 ? last - 1 : last + 1;
                    assertEquals(Math.exp(dt.productLogNorm()[next]), dt.jacobianNorm()[last], 1e-6 * dt.jacobianNorm()[last]);
                }
            }
        }
    }

    /**
     * ‖∂h_last/∂h_t‖₂ by central differences: h_t ± ε·e_j (c_t held) run by the engine over the rest of the sequence in
     * the direction's order, with that direction's weights in a one-direction model.
     */
    private static double finiteDifferenceNorm(RnnConfig config, RnnParameters weights, int direction, Tensor x, int b,
                                               int t, DirectionTrace dt) {
        RnnConfig one = config.withBidirectional(false);
        RnnParameters p = RnnParameters.zeros(one);
        String suffix = direction == 1 ? "_reverse" : "";
        for (String name : p.asMap().keySet()) {
            float[] src = weights.get(name + suffix);
            System.arraycopy(src, 0, p.get(name), 0, src.length);
        }
        int steps = direction == 0 ? T - 1 - t : t; // what is left after t
        int in = config.inputSize(), h = config.hiddenSize(), out = config.outputHiddenSize();
        float[] rest = new float[steps * in];
        for (int i = 0; i < steps; i++) {
            int s = direction == 0 ? t + 1 + i : t - 1 - i;
            System.arraycopy(x.data(), (s * N + b) * in, rest, i * in, in);
        }
        float[] c = dt.gated().cell() == null ? null : java.util.Arrays.copyOfRange(dt.gated().cell(), t * h, (t + 1) * h);
        double eps = 1e-2;
        double[][] jac = new double[out][out];
        try (Rnn rnn = new Rnn(p, Backends.select("scalar"))) {
            for (int j = 0; j < out; j++) {
                float[][] ends = new float[2][];
                for (int sign = 0; sign < 2; sign++) {
                    float[] h0 = java.util.Arrays.copyOfRange(dt.hidden(), t * out, (t + 1) * out);
                    h0[j] += (float) (sign == 0 ? eps : -eps);
                    RnnOutput o = rnn.forward(new Tensor(new int[] {steps, 1, in}, rest), new Tensor(new int[] {1, 1, out}, h0),
                            c == null ? null : new Tensor(new int[] {1, 1, h}, c.clone()), null, ForwardOptions.inference());
                    ends[sign] = o.finalHidden().data();
                }
                for (int i = 0; i < out; i++) jac[i][j] = ((double) ends[0][i] - ends[1][i]) / (2 * eps);
            }
        }
        double largest = 0;
        for (double v : SingularOps_DDRM.singularValues(new DMatrixRMaj(jac))) largest = Math.max(largest, v);
        return largest;
    }
}
