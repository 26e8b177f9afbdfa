package org.rnnexplorer.ui.gradient;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.LossResult;
import org.rnnexplorer.train.Losses;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gradient flow view-model on an LSTM's and a GRU's explore passes (scalar backend), without JavaFX. */
class GatedGradientFlowViewModelTest {

    static final int T = 25, N = 3, H = 8;

    private static GradientFlowViewModel shown(TimeCursorViewModel cursor, ServiceSnapshot s) {
        GradientFlowViewModel vm = new GradientFlowViewModel(cursor, Runnable::run, Runnable::run);
        cursor.follow(s);
        vm.show(s);
        return vm;
    }

    /** ‖·‖ per t over batch and units of a kernel read (T, N, W), in double. */
    private static double[] norms(Tensor read) {
        int per = read.size() / read.dim(0);
        double[] out = new double[read.dim(0)];
        for (int t = 0; t < out.length; t++) {
            double s = 0;
            for (int i = t * per; i < (t + 1) * per; i++) s += (double) read.data()[i] * read.data()[i];
            out[t] = Math.sqrt(s);
        }
        return out;
    }

    @Test
    void anLstmsGradientNormsOfHAndCEqualTheKernelsReadsOfTheSamePass() throws Exception {
        RnnConfig config = new RnnConfig(CellMode.LSTM, 3, H, 2, true, false, 0, true, 0);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 6);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, weights, T, N, 3);
            GradientFlowViewModel vm = shown(new TimeCursorViewModel(new LiveRuns.Steps(service)), s);
            GradientFrame f = vm.frameProperty().get();
            TaskSpec.FixedBatch batch = s.spec().task().fixed();
            try (Network net = new Network(s.spec().initialModel().orElseThrow().copy(), Backends.select("scalar"))) {
                Network.Forward fw = net.forward(batch.input(), batch.h0(), batch.lengths(), ForwardOptions.evalWithTrace());
                LossResult loss = Losses.compute(batch.loss(), fw.prediction(), batch.target());
                net.backward(fw, loss.gradPrediction(), null);
                Rnn rnn = net.rnn();
                int curves = 0;
                for (DirectionTrace d : s.trace().directions()) {
                    double[] gh = norms(rnn.gradHidden(d.layer(), d.direction()));
                    double[] gc = norms(rnn.gradCell(d.layer(), d.direction()));
                    Curve h = curve(f, GradientFrame.normKey(d)), c = curve(f, GradientFrame.cellNormKey(d));
                    for (int t = 0; t < T; t++) {
                        assertEquals(gh[t], h.y()[t], 1e-6 * gh[t], d.label() + " ‖∂L/∂h_t‖ at " + t);
                        assertEquals(gc[t], c.y()[t], 1e-6 * gc[t], d.label() + " ‖∂L/∂c_t‖ at " + t);
                    }
                    curves += 2;
                }
                assertEquals(curves, f.norms().size());
            }
            assertNull(f.bound(), "Pascanu's bound is not drawn for a gated cell");
            assertNotNull(f.product(), "the measured Jacobian product is");
            String why = vm.boundTextProperty().get();
            assertTrue(why.startsWith("Pascanu's bound ‖∂L/∂h_last‖·(γσ_max)^k is not drawn"), why);
            assertTrue(why.contains("An LSTM's W_hh stacks 4 gate blocks (32 × 8)"), why);
            assertEquals(4 * H, weights.weightHh(0, 0).length / H, "the blocks the sentence names");
            assertTrue(vm.headerProperty().get().contains("‖∂L/∂h_t‖ and ‖∂L/∂c_t‖ over the whole batch"));
        }
    }

    private static Curve curve(GradientFrame f, String key) {
        return f.norms().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @Test
    void theForgetGateAndUpdateGateProductsFollowTheTracesGatesBackFromTheLastStep() throws Exception {
        for (CellMode mode : new CellMode[] {CellMode.LSTM, CellMode.GRU}) {
            RnnConfig config = new RnnConfig(mode, 3, H, 1, true, false, 0, true, 0);
            try (EngineService service = new EngineService()) {
                ServiceSnapshot s = LiveRuns.explore(service, config,
                        Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 8), T, N, 4);
                GradientFlowViewModel vm = shown(new TimeCursorViewModel(new LiveRuns.Steps(service)), s);
                for (int dir = 0; dir < 2; dir++) {
                    vm.directionProperty().set(dir);
                    GradientFrame f = vm.frameProperty().get();
                    DirectionTrace d = s.trace().direction(0, dir);
                    float[] gate = d.gated().gate(mode == CellMode.LSTM ? "f" : "z");
                    int last = dir == 0 ? T - 1 : 0;
                    double start = mode == CellMode.LSTM ? d.gated().gradCellNorm()[last] : d.gradNorm()[last];
                    for (int t = 0; t < T; t++) {
                        double mean = 0;
                        for (int u = 0; u < H; u++) {
                            double p = 1;
                            int from = Math.min(t, last) + 1, to = Math.max(t, last); // the steps strictly after t, up to last
                            if (dir == 1) {
                                from = last;
                                to = t - 1;
                            }
                            for (int st = from; st <= to; st++) p *= gate[st * H + u];
                            mean += p / H;
                        }
                        assertEquals(mean, f.gateProduct()[t], 1e-12, mode + " direction " + dir + " t " + t);
                        // No gradient at the direction's last step (the reverse direction's t = 0 under the last-step
                        // loss): nothing to carry back, so no curve.
                        if (start == 0) assertNull(f.gatePath());
                        else assertEquals(start * mean, f.gatePath().y()[t], 1e-12 * Math.max(1, start));
                    }
                    assertEquals(1.0, f.gateProduct()[last]);
                }
            }
        }
    }

    @Test
    void stepThroughShowsTheGatesAndTheForgetGateCarryingTheCellGradientBack() throws Exception {
        RnnConfig config = new RnnConfig(CellMode.LSTM, 3, H, 1, true, false, 0, false, 0);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config,
                    Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 2), T, N, 7);
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            GradientFlowViewModel vm = shown(cursor, s);
            for (int i = 0; i < 2; i++) { // two BPTT steps: t = T-1 to T-2, then to T-3
                vm.stepBack();
                ServiceSnapshot now = steps.result();
                cursor.follow(now);
                vm.show(now);
            }
            int t = T - 3, prev = t - 1;
            DirectionTrace d = vm.frameProperty().get().direction();
            assertEquals(d.jacobianNorm()[t], vm.jacobianFactorProperty().get());
            assertEquals(Math.exp(d.productLogNorm()[t]), vm.runningProductProperty().get(), 1e-12);
            assertTrue(Double.isNaN(vm.boundFactorProperty().get()), "no bound for an LSTM");
            float[] f = d.gated().gate("f"), o = d.gated().gate("o"), c = d.gated().cell(), gc = d.gated().gradCell();
            float[] gh = d.gradHidden();
            // The sentence's identity: ∂L/∂c_prev = f_t ⊙ ∂L/∂c_t + the path through h_prev (o ⊙ tanh′(c) ⊙ ∂L/∂h).
            double carried = 0, total = 0;
            for (int u = 0; u < H; u++) {
                double viaH = o[prev * H + u] * (1 - Math.pow(Math.tanh(c[prev * H + u]), 2)) * gh[prev * H + u];
                double viaC = (double) f[t * H + u] * gc[t * H + u];
                assertEquals(gc[prev * H + u], viaC + viaH, 1e-6 * (Math.abs(gc[prev * H + u]) + 1e-6), "unit " + u);
                carried += viaC * viaC;
                total += (double) gc[prev * H + u] * gc[prev * H + u];
            }
            String text = vm.stepTextProperty().get();
            assertTrue(text.startsWith("BPTT at t = 22 (2 steps back from t = 24)"), text);
            assertTrue(text.contains("factor ‖∂h_t/∂h_t−1‖₂ = " + GradientFlowViewModel.number(d.jacobianNorm()[t])), text);
            assertTrue(text.contains("∂L/∂c_21 = f_22 ⊙ ∂L/∂c_22 + the path through h_21: ‖f_22 ⊙ ∂L/∂c_22‖ = "
                    + GradientFlowViewModel.number(Math.sqrt(carried)) + " of ‖∂L/∂c_21‖ = "
                    + GradientFlowViewModel.number(Math.sqrt(total))), text);
            double meanF = 0;
            for (int u = 0; u < H; u++) meanF += f[t * H + u] / (double) H;
            assertTrue(text.contains("f = " + GradientFlowViewModel.number(meanF)), text);
            // ∏ f_s over s = 23 … 24, the steps after t = 22, computed here from the gates.
            double meanProduct = 0;
            for (int u = 0; u < H; u++) meanProduct += (double) f[23 * H + u] * f[24 * H + u] / H;
            assertTrue(text.contains("∏f_s for s = 23 … 24 (the steps after t), mean over units = "
                    + GradientFlowViewModel.number(meanProduct)), text);
        }
    }
}
