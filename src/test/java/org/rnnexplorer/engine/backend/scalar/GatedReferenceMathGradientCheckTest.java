package org.rnnexplorer.engine.backend.scalar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences in float64 against the gated reference's BPTT, for every parameter (W_hr included),
 * the input, h0 and c0, with upstream gradients on output, h_n and c_n, across cell (LSTM, LSTM with proj_size,
 * GRU) × bias × direction × layers × variable lengths × h0/c0 × dropout masks.
 */
class GatedReferenceMathGradientCheckTest {

    record Case(String name, RnnConfig config, int steps, int batch, boolean withStates, int[] lengths, boolean dropout) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String cell : new String[] {"lstm", "lstm-proj", "gru"}) {
            CellMode mode = cell.equals("gru") ? CellMode.GRU : CellMode.LSTM;
            int proj = cell.equals("lstm-proj") ? 2 : 0;
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    for (int layers : new int[] {1, 2}) {
                        RnnConfig c = new RnnConfig(mode, 3, 4, layers, bias, false, layers > 1 ? 0.3 : 0, bidi, proj);
                        String n = cell + (bias ? "" : "-nobias") + (bidi ? "-bi" : "") + "-L" + layers;
                        if (layers == 1) cases.add(new Case(n, c, 4, 2, false, null, false));
                        cases.add(new Case(n + "-states-lengths", c, 5, 3, true, new int[] {5, 2, 4}, false));
                        if (layers > 1) cases.add(new Case(n + "-dropout", c, 4, 2, true, new int[] {4, 3}, true));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bpttMatchesCentralFiniteDifferences(Case c) {
        Random rnd = new Random(c.name().hashCode());
        RnnConfig config = c.config();
        boolean lstm = config.mode() == CellMode.LSTM;
        GatedReferenceMath.Params p = new GatedReferenceMath.Params(config);
        List<double[]> paramArrays = arrays(config, p);
        for (double[] a : paramArrays) fill(a, rnd, 0.7);
        int states = config.stateCount() * c.batch();
        double[] x = new double[c.steps() * c.batch() * config.inputSize()];
        fill(x, rnd, 1.0);
        double[] h0 = c.withStates() ? new double[states * config.outputHiddenSize()] : null;
        double[] c0 = c.withStates() && lstm ? new double[states * config.hiddenSize()] : null;
        if (h0 != null) fill(h0, rnd, 0.8);
        if (c0 != null) fill(c0, rnd, 1.5);
        double[][] masks = null;
        if (c.dropout()) {
            masks = new double[config.numLayers() - 1][c.steps() * c.batch() * config.outputSize()];
            for (double[] m : masks) for (int i = 0; i < m.length; i++) m[i] = rnd.nextDouble() < 0.3 ? 0 : 1 / 0.7;
        }
        double[] gy = new double[c.steps() * c.batch() * config.outputSize()];
        fill(gy, rnd, 1.0);
        double[] ghn = new double[states * config.outputHiddenSize()];
        fill(ghn, rnd, 1.0);
        double[] gcn = lstm ? new double[states * config.hiddenSize()] : null;
        if (gcn != null) fill(gcn, rnd, 1.0);
        double[][] finalMasks = masks;
        Supplier<Double> loss = () -> {
            GatedReferenceMath.ForwardResult fw = GatedReferenceMath.forward(config, p, c.steps(), c.batch(), x, h0, c0,
                    c.lengths(), finalMasks);
            double s = dot(gy, fw.output) + dot(ghn, fw.finalHidden);
            return gcn == null ? s : s + dot(gcn, fw.finalCell);
        };
        GatedReferenceMath.ForwardResult fw = GatedReferenceMath.forward(config, p, c.steps(), c.batch(), x, h0, c0,
                c.lengths(), masks);
        GatedReferenceMath.Gradients g = GatedReferenceMath.backward(config, p, fw, gy, ghn, gcn);

        List<double[]> gradArrays = arrays(config, g.parameters);
        for (int a = 0; a < paramArrays.size(); a++) check("param " + a, paramArrays.get(a), gradArrays.get(a), loss);
        check("input", x, g.input, loss);
        if (h0 != null) check("h0", h0, g.initialHidden, loss);
        if (c0 != null) check("c0", c0, g.initialCell, loss);
    }

    /** Every parameter array in named_parameters() order. */
    private static List<double[]> arrays(RnnConfig config, GatedReferenceMath.Params p) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < config.stateCount(); i++) {
            out.add(p.weightIh[i]);
            out.add(p.weightHh[i]);
            if (config.bias()) {
                out.add(p.biasIh[i]);
                out.add(p.biasHh[i]);
            }
            if (config.projSize() > 0) out.add(p.weightHr[i]);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void check(String what, double[] values, double[] analytic, Supplier<Double> loss) {
        double eps = 1e-6;
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            values[i] = v + eps;
            double up = loss.get();
            values[i] = v - eps;
            double down = loss.get();
            values[i] = v;
            double numeric = (up - down) / (2 * eps);
            maxRef = Math.max(maxRef, Math.abs(numeric));
            maxDiff = Math.max(maxDiff, Math.abs(numeric - analytic[i]));
        }
        double err = maxDiff / Math.max(1, maxRef);
        assertTrue(maxRef > 0, what + ": the loss does not depend on it");
        assertTrue(err < 1e-6, what + ": max|analytic - numeric| / max(1, max|numeric|) = " + err);
    }

    private static void fill(double[] a, Random rnd, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (rnd.nextDouble() * 2 - 1) * scale;
    }
}
