package org.rnnexplorer.ui.weights;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Weights pane's gate blocks for LSTM and GRU: named as PyTorch orders them, and the rows they name are the ones
 * the engine's reference cell (itself checked against PyTorch 1.13.1's gates) uses for that gate; the spectrum with a
 * projection is that of W_h·block · W_hr, checked against EJML on the product.
 */
class WeightsViewModelGatedTest {

    static final int H = 5, I = 3;

    @Test
    void theBlocksAreNamedInPyTorchsRowOrder() {
        WeightsViewModel lstm = WeightsViewModelTest.configured(RnnConfig.of(CellMode.LSTM, I, H));
        assertEquals(List.of("i", "f", "g", "o"), lstm.gates().stream().map(GateBlock::name).toList());
        assertEquals(List.of(0, 5, 10, 15), lstm.gates().stream().map(GateBlock::firstRow).toList());
        assertEquals("f (forget gate), rows 5–9", lstm.gates().get(1).describe());
        WeightsViewModel gru = WeightsViewModelTest.configured(RnnConfig.of(CellMode.GRU, I, H));
        assertEquals(List.of("r", "z", "n"), gru.gates().stream().map(GateBlock::name).toList());
        assertEquals(List.of(0, 5, 10), gru.gates().stream().map(GateBlock::firstRow).toList());
        assertEquals(List.of(""), WeightsViewModelTest.configured(RnnConfig.of(I, H)).gates().stream()
                .map(GateBlock::name).toList(), "an RNN has one unnamed block");
    }

    /**
     * The pane shows its gate chooser from a listener on {@link WeightsViewModel#gates()}: that listener must outlive
     * a garbage collection. A fresh unmodifiable wrapper per call held it only weakly, and once the wrapper was
     * collected an RNN turned LSTM never showed the chooser (its pane stuck on gate i).
     */
    @Test
    void aListenerOnTheGateListOutlivesAGarbageCollection() throws Exception {
        WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(I, H));
        assertTrue(vm.gates() == vm.gates(), "one list handed out");
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        vm.gates().addListener((javafx.collections.ListChangeListener<GateBlock>) c -> changes.incrementAndGet());
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        vm.configure(RnnConfig.of(CellMode.LSTM, I, H));
        assertTrue(changes.get() > 0, "the listener heard RNN → LSTM");
        assertEquals(4, vm.gates().size());
    }

    /**
     * One step from a random h_0: each gate the reference cell computes equals the gate's nonlinearity of the
     * pre-activation built from the rows the pane shows under that gate's name (GRU's n: r ⊙ (W_hn h + b_hn)).
     */
    @Test
    void eachNamedBlockHoldsTheRowsTheCellUsesForThatGate() {
        for (CellMode mode : List.of(CellMode.LSTM, CellMode.GRU)) {
            WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(mode, I, H));
            RnnParameters p = vm.parametersProperty().get();
            SplittableRandom random = new SplittableRandom(3);
            float[] x = new float[I], h = new float[H];
            for (int j = 0; j < I; j++) x[j] = (float) random.nextDouble(-1, 1);
            for (int j = 0; j < H; j++) h[j] = (float) random.nextDouble(-1, 1);
            try (Rnn rnn = new Rnn(p.copy(), Backends.select("scalar"))) {
                rnn.forward(new Tensor(new int[] {1, I}, x), new Tensor(new int[] {1, H}, h), null, null,
                        ForwardOptions.evalWithTrace());
                float[] r = null;
                for (int g = 0; g < mode.gateCount(); g++) {
                    vm.gateProperty().set(g);
                    SelectedWeights s = vm.selectedProperty().get();
                    assertEquals(mode.gateNames().get(g), s.block().name());
                    float[] engine = rnn.gate(0, 0, g).data();
                    for (int u = 0; u < H; u++) {
                        double input = s.biasIh()[u], recurrent = s.biasHh()[u];
                        for (int j = 0; j < I; j++) input += s.weightIh()[u * I + j] * x[j];
                        for (int j = 0; j < H; j++) recurrent += s.weightHh()[u * H + j] * h[j];
                        String name = s.block().name();
                        double pre = name.equals("n") ? input + r[u] * recurrent : input + recurrent;
                        double expected = name.equals("g") || name.equals("n") ? Math.tanh(pre) : 1 / (1 + Math.exp(-pre));
                        assertEquals(expected, engine[u], 1e-6, mode + " gate " + name + ", unit " + u);
                    }
                    if (g == 0) r = engine;
                }
            }
        }
    }

    @Test
    void withAProjectionTheSpectrumIsThatOfTheBlockTimesWhr() {
        int hidden = 6, proj = 2;
        WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(CellMode.LSTM, I, hidden).withProjSize(proj));
        RnnParameters p = vm.parametersProperty().get();
        vm.gateProperty().set(1); // f
        SelectedWeights s = vm.selectedProperty().get();
        assertEquals(proj, s.recurrentWidth());
        assertEquals(proj, s.projSize());
        Spectrum spectrum = vm.spectrumProperty().get();
        assertEquals("W_hf·W_hr", spectrum.matrix());

        // Rows 6..11 of weight_hh_l0 (24 × 2) times weight_hr_l0 (2 × 6), in EJML.
        DMatrixRMaj whh = new DMatrixRMaj(4 * hidden, proj), whr = new DMatrixRMaj(proj, hidden);
        float[] w = p.get("weight_hh_l0"), r = p.get("weight_hr_l0");
        for (int i = 0; i < w.length; i++) whh.data[i] = w[i];
        for (int i = 0; i < r.length; i++) whr.data[i] = r[i];
        DMatrixRMaj block = CommonOps_DDRM.extract(whh, hidden, 2 * hidden, 0, proj);
        DMatrixRMaj product = new DMatrixRMaj(hidden, hidden);
        CommonOps_DDRM.mult(block, whr, product);

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(hidden, false);
        assertTrue(eig.decompose(product.copy()));
        double[] moduli = new double[hidden];
        for (int i = 0; i < hidden; i++) moduli[i] = eig.getEigenvalue(i).getMagnitude();
        Arrays.sort(moduli);
        assertEquals(moduli[hidden - 1], spectrum.rho(), 1e-5);
        double[] shown = new double[hidden];
        for (int i = 0; i < hidden; i++) shown[i] = Math.hypot(spectrum.real()[i], spectrum.imaginary()[i]);
        Arrays.sort(shown);
        assertArrayEquals(moduli, shown, 1e-5);
        assertTrue(moduli[hidden - proj - 1] < 1e-5, "rank ≤ P: at least H − P eigenvalues are 0");

        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(hidden, hidden, false, false, true);
        assertTrue(svd.decompose(product.copy()));
        double[] sv = svd.getSingularValues().clone();
        Arrays.sort(sv);
        double[] shownSv = spectrum.singularValues().clone();
        Arrays.sort(shownSv);
        assertArrayEquals(sv, shownSv, 1e-5);
    }

    @Test
    void aGatedBlockWithoutProjectionIsSquareAndItsSpectrumIsThatBlocks() {
        WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(CellMode.GRU, I, H));
        vm.gateProperty().set(2);
        SelectedWeights s = vm.selectedProperty().get();
        assertNull(s.weightHr());
        float[] whh = vm.parametersProperty().get().get("weight_hh_l0");
        assertArrayEquals(Arrays.copyOfRange(whh, 10 * H, 15 * H), s.weightHh());
        assertEquals("W_hn", vm.spectrumProperty().get().matrix());
        assertEquals(org.rnnexplorer.engine.Spectra.spectralRadius(s.weightHh(), H), vm.spectrumProperty().get().rho(), 1e-9);
    }

    @Test
    void theElmanOnlyEditsSayWhyForAGatedCell() {
        WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(CellMode.LSTM, I, H));
        assertEquals("Rescale to ρ and Identity (IRNN) are defined for nn.RNN: LSTM's W_hh stacks 4 gate blocks",
                vm.elmanOnlyReasonProperty().get());
        vm.configure(RnnConfig.of(I, H));
        assertEquals("", vm.elmanOnlyReasonProperty().get());
        assertThrows(IndexOutOfBoundsException.class, () -> vm.gates().get(1));
    }

    /** Orthogonal W_hh on a gated cell: each gate block is orthogonal on its own, and the status line says so. */
    @Test
    void orthogonalGivesEachGateBlockItsOwnOrthogonalMatrix() {
        for (CellMode mode : List.of(CellMode.LSTM, CellMode.GRU)) {
            WeightsViewModel vm = WeightsViewModelTest.configured(RnnConfig.of(mode, I, H));
            vm.orthogonal();
            assertEquals("Every W_hh gate block replaced by a random orthogonal matrix of its own, seed 0",
                    vm.statusProperty().get());
            float[] w = vm.parametersProperty().get().weightHh(0, 0); // (G·H, H) row-major
            for (int g = 0; g < mode.gateCount(); g++) {
                for (int a = 0; a < H; a++) {
                    for (int b = 0; b < H; b++) {
                        double dot = 0;
                        for (int r = 0; r < H; r++) dot += (double) w[(g * H + r) * H + a] * w[(g * H + r) * H + b];
                        assertEquals(a == b ? 1 : 0, dot, 1e-5, mode + " gate " + g + ": columns " + a + ", " + b);
                    }
                }
            }
        }
        WeightsViewModel rnn = WeightsViewModelTest.configured(RnnConfig.of(I, H));
        rnn.orthogonal();
        assertEquals("Every W_hh replaced by a random orthogonal matrix, seed 0", rnn.statusProperty().get());
    }
}
