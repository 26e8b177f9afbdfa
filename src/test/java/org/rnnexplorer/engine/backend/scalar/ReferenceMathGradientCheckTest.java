package org.rnnexplorer.engine.backend.scalar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences in float64 against the reference's BPTT, for every parameter, the input and h0, across
 * nonlinearity × bias × direction × layers × variable lengths × h0 × dropout masks.
 */
class ReferenceMathGradientCheckTest {

    record Case(String name, RnnConfig config, int steps, int batch, boolean withH0, int[] lengths, boolean dropout) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Nonlinearity f : Nonlinearity.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    for (int layers : new int[] {1, 3}) {
                        RnnConfig c = new RnnConfig(3, 4, layers, f, bias, false, layers > 1 ? 0.3 : 0, bidi);
                        String n = f.torchName() + (bias ? "" : "-nobias") + (bidi ? "-bi" : "") + "-L" + layers;
                        cases.add(new Case(n, c, 5, 2, false, null, false));
                        cases.add(new Case(n + "-h0-lengths", c, 5, 3, true, new int[] {5, 2, 4}, false));
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
        ReferenceMath.Params p = new ReferenceMath.Params(config);
        List<double[]> paramArrays = new ArrayList<>();
        for (int i = 0; i < config.stateCount(); i++) {
            paramArrays.add(p.weightIh[i]);
            paramArrays.add(p.weightHh[i]);
            if (config.bias()) {
                paramArrays.add(p.biasIh[i]);
                paramArrays.add(p.biasHh[i]);
            }
        }
        // relu: keep pre-activations away from the kink so that finite differences are valid.
        for (double[] a : paramArrays) fill(a, rnd, 0.6);
        int h = config.hiddenSize();
        double[] x = new double[c.steps() * c.batch() * config.inputSize()];
        fill(x, rnd, 1.0);
        double[] h0 = c.withH0() ? new double[config.stateCount() * c.batch() * h] : null;
        if (h0 != null) fill(h0, rnd, 0.5);
        double[][] masks = null;
        if (c.dropout()) {
            masks = new double[config.numLayers() - 1][c.steps() * c.batch() * config.outputSize()];
            for (double[] m : masks) for (int i = 0; i < m.length; i++) m[i] = rnd.nextDouble() < 0.3 ? 0 : 1 / 0.7;
        }
        double[] gy = new double[c.steps() * c.batch() * config.outputSize()];
        fill(gy, rnd, 1.0);
        double[] ghn = new double[config.stateCount() * c.batch() * h];
        fill(ghn, rnd, 1.0);
        double[][] finalMasks = masks;
        Supplier<Double> loss = () -> {
            ReferenceMath.ForwardResult fw = ReferenceMath.forward(config, p, c.steps(), c.batch(), x, h0, c.lengths(), finalMasks);
            double s = 0;
            for (int i = 0; i < gy.length; i++) s += gy[i] * fw.output[i];
            for (int i = 0; i < ghn.length; i++) s += ghn[i] * fw.finalHidden[i];
            return s;
        };
        ReferenceMath.ForwardResult fw = ReferenceMath.forward(config, p, c.steps(), c.batch(), x, h0, c.lengths(), masks);
        ReferenceMath.Gradients g = ReferenceMath.backward(config, p, fw, gy, ghn);

        List<double[]> gradArrays = new ArrayList<>();
        for (int i = 0; i < config.stateCount(); i++) {
            gradArrays.add(g.parameters.weightIh[i]);
            gradArrays.add(g.parameters.weightHh[i]);
            if (config.bias()) {
                gradArrays.add(g.parameters.biasIh[i]);
                gradArrays.add(g.parameters.biasHh[i]);
            }
        }
        for (int a = 0; a < paramArrays.size(); a++) check("param " + a, paramArrays.get(a), gradArrays.get(a), loss);
        check("input", x, g.input, loss);
        if (h0 != null) check("h0", h0, g.initialHidden, loss);
    }

    private static void check(String what, double[] values, double[] analytic, Supplier<Double> loss) {
        double eps = 1e-6;
        double maxRef = 0, maxDiff = 0;
        double[] numeric = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            values[i] = v + eps;
            double up = loss.get();
            values[i] = v - eps;
            double down = loss.get();
            values[i] = v;
            numeric[i] = (up - down) / (2 * eps);
            maxRef = Math.max(maxRef, Math.abs(numeric[i]));
            maxDiff = Math.max(maxDiff, Math.abs(numeric[i] - analytic[i]));
        }
        double err = maxDiff / Math.max(1, maxRef);
        assertTrue(err < 1e-6, what + ": max|analytic - numeric| / max(1, max|numeric|) = " + err);
    }

    private static void fill(double[] a, Random rnd, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (rnd.nextDouble() * 2 - 1) * scale;
    }
}
