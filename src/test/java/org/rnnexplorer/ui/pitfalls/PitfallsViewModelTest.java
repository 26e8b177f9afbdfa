package org.rnnexplorer.ui.pitfalls;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.model.ModelViewModel;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PitfallsViewModelTest {

    final ModelViewModel form = new ModelViewModel();
    RnnParameters weights;

    PitfallsViewModel viewModel() {
        return new PitfallsViewModel(Runnable::run, Runnable::run, form.stateProperty()::get, () -> weights, () -> "scalar");
    }

    /** The form at input_size 3, 8 units, seq_len 6, batch 4: the studies' shapes below. */
    void smallForm(CellMode mode, int layers) {
        form.cellModeProperty().set(mode);
        form.inputSizeProperty().set("3");
        form.hiddenSizeProperty().set("8");
        form.numLayersProperty().set(Integer.toString(layers));
        form.seqLenProperty().set("6");
        form.batchProperty().set("4");
    }

    /** Weights for the form as it is, PyTorch's default from seed 1. */
    void drawWeights() {
        weights = Initializers.create(form.stateProperty().get().config(), Initializers.Scheme.PYTORCH_DEFAULT, 1);
    }

    @Test
    void bothStudiesRunOnTheFormsModelAndFollowTheSlider() {
        smallForm(CellMode.RNN_TANH, 2);
        drawWeights();
        PitfallsViewModel vm = viewModel();
        assertNull(vm.detachProperty().get(), "nothing is computed before the pane asks");
        vm.compute();
        PitfallsViewModel.BatchFirst bf = vm.batchFirstProperty().get();
        assertArrayEquals(new int[] {4, 6, 8}, bf.result().wrong().shape());
        assertTrue(bf.explanation().startsWith("x is batch-first (N=4, L=6, I=3)"), bf.explanation());
        assertTrue(bf.explanation().contains("nn.RNN(3, 8, num_layers=2) with batch_first=False reads it as "
                + "(L=4, N=6, I=3)"), "the form's module, as it runs: " + bf.explanation());
        assertTrue(bf.explanation().contains("Its output is (4, 6, 8) as well"), bf.explanation());
        float[] diff = bf.result().difference().data();
        for (int f = 0; f < 8; f++) assertEquals(0f, diff[f], 1e-6f, "row 0 agrees, feature " + f);
        assertTrue(bf.explanation().contains("Only row 0 (sample 0, step 0) agrees"), bf.explanation());
        PitfallsViewModel.Detach d = vm.detachProperty().get();
        assertEquals(3, d.result().chunks());
        assertEquals(6, d.result().chunkLength());
        assertEquals(0, d.result().earliestReachedWithout());
        assertEquals(12, d.result().earliestReachedWith());
        // 6 steps × 4 sequences × 8 units × 4 bytes × 2 layers per chunk.
        assertEquals(3 * 1536, d.result().bytesWithout());
        assertEquals(1536, d.result().bytesWith());
        assertTrue(d.explanation().contains("4.5 KiB") && d.explanation().contains("1.5 KiB"), d.explanation());
        vm.chunksProperty().set(5);
        assertEquals(5, vm.detachProperty().get().result().chunks());
        assertEquals(24, vm.detachProperty().get().result().earliestReachedWith());
    }

    /**
     * Pitfall 1 names the module it ran and its output's last axis (an LSTM's proj_size, both directions), and what it
     * says of row 0 is what the difference shows: with one bidirectional layer the forward half agrees and the reverse
     * half does not; with two, layer 1 reads the reverse half of layer 0 and nothing agrees.
     */
    @Test
    void pitfallOneNamesABidirectionalLstmWithProjectionAsItRunsAndWhatRowZeroShows() {
        smallForm(CellMode.LSTM, 1);
        form.projSizeProperty().set("5");
        form.bidirectionalProperty().set(true);
        form.batchFirstProperty().set(true);
        for (int layers : new int[] {1, 2}) {
            form.numLayersProperty().set(Integer.toString(layers));
            drawWeights();
            PitfallsViewModel vm = viewModel();
            vm.compute();
            PitfallsViewModel.BatchFirst bf = vm.batchFirstProperty().get();
            String text = bf.explanation();
            assertArrayEquals(new int[] {4, 6, 10}, bf.result().wrong().shape());
            assertTrue(text.contains("nn.LSTM(3, 8, proj_size=5" + (layers == 2 ? ", num_layers=2" : "")
                    + ", bidirectional=True) with batch_first=False reads it as (L=4, N=6, I=3)"), text);
            assertTrue(text.contains("Its output is (4, 6, 2·5) as well"), text);
            float[] diff = bf.result().difference().data();
            double forward = 0, reverse = 0;
            for (int f = 0; f < 5; f++) forward = Math.max(forward, Math.abs(diff[f]));
            for (int f = 5; f < 10; f++) reverse = Math.max(reverse, Math.abs(diff[f]));
            assertTrue(reverse > 1e-3, "the reverse half of row 0 differs: " + reverse);
            if (layers == 1) {
                assertEquals(0, forward, 1e-6, "the forward half of row 0 agrees");
                assertTrue(text.contains("Only the first half of row 0 (sample 0, step 0) agrees"), text);
            } else {
                assertTrue(forward > 1e-4, "layer 1's forward half differs too: " + forward);
                assertTrue(text.contains("Not even row 0 (sample 0, step 0) agrees"), text);
            }
        }
    }

    /** Pitfall 3 for an LSTM: it carries and detaches (h, c), and counts c_t among the states kept for backward. */
    @Test
    void pitfallThreeForAnLstmCarriesBothStates() {
        smallForm(CellMode.LSTM, 1);
        form.projSizeProperty().set("5");
        drawWeights();
        PitfallsViewModel vm = viewModel();
        vm.compute();
        PitfallsViewModel.Detach d = vm.detachProperty().get();
        // 6 steps × 4 sequences × (5 of h_t + 8 of c_t) × 4 bytes per chunk, three chunks.
        assertEquals(6 * 4 * 13 * 4, d.result().bytesWith());
        assertEquals(3 * 6 * 4 * 13 * 4, d.result().bytesWithout());
        assertTrue(d.explanation().contains("3.7 KiB of hidden and cell states. With h, c = h.detach(), c.detach() it "
                + "stops at step 12, chunk 3's start, and keeps 1.2 KiB."), d.explanation());
    }

    @Test
    void aBidirectionalModelCannotCarryItsState() {
        form.bidirectionalProperty().set(true);
        weights = Initializers.create(form.stateProperty().get().config(), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        PitfallsViewModel vm = viewModel();
        vm.compute();
        assertTrue(vm.detachProblemProperty().get().startsWith("Carrying h_n into the next chunk needs a unidirectional RNN"));
        assertEquals("", vm.batchFirstProblemProperty().get(), "pitfall 1 works for any model");
    }

    /** Issue 13 item 7: pitfall 2's chart showed the previous model's steps for seconds beside the new model's. */
    @Test
    void aStudyOfAnotherShapeIsNotShownWhileTheNewOneRuns() {
        form.inputSizeProperty().set("3");
        form.hiddenSizeProperty().set("8");
        form.numLayersProperty().set("1");
        form.seqLenProperty().set("6");
        weights = Initializers.create(form.stateProperty().get().config(), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        ArrayDeque<Runnable> lab = new ArrayDeque<>();
        PitfallsViewModel vm = new PitfallsViewModel(lab::add, Runnable::run, form.stateProperty()::get, () -> weights,
                () -> "scalar");
        vm.compute();
        while (!lab.isEmpty()) lab.poll().run();
        assertEquals(6, vm.detachProperty().get().result().chunkLength());
        assertEquals(6, vm.batchFirstProperty().get().steps());

        form.seqLenProperty().set("100");
        vm.modelChanged();
        assertNull(vm.detachProperty().get(), "no 6-step study beside the 100-step model while it runs");
        assertNull(vm.batchFirstProperty().get());
        while (!lab.isEmpty()) lab.poll().run();
        assertEquals(100, vm.detachProperty().get().result().chunkLength());
        assertEquals(100, vm.batchFirstProperty().get().steps());

        vm.chunksProperty().set(4); // the same model: the shown study stays until the new one replaces it
        assertEquals(100, vm.detachProperty().get().result().chunkLength());
    }
}
