package org.rnnexplorer.ui.weights;

import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Spectra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsViewModelTest {

    static final Executor DIRECT = Runnable::run;
    static final RnnConfig TWO_LAYER_BI = new RnnConfig(3, 16, 2, Nonlinearity.TANH, true, false, 0.0, true);

    static WeightsViewModel configured(RnnConfig config) {
        WeightsViewModel vm = new WeightsViewModel(DIRECT, DIRECT, null);
        vm.configure(config);
        return vm;
    }

    /** A pane over TWO_LAYER_BI whose background work waits in {@code queue}, its initialisation already run. */
    static WeightsViewModel configuredOn(Queue<Runnable> queue) {
        WeightsViewModel vm = new WeightsViewModel(queue::add, DIRECT, null);
        vm.configure(TWO_LAYER_BI);
        runAll(queue);
        return vm;
    }

    static void runAll(Queue<Runnable> queue) {
        while (!queue.isEmpty()) queue.poll().run();
    }

    static Map<String, float[]> snapshot(RnnParameters p) {
        java.util.LinkedHashMap<String, float[]> m = new java.util.LinkedHashMap<>();
        p.asMap().forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    static void assertBitExact(Map<String, float[]> expected, RnnParameters actual) {
        assertEquals(expected.keySet(), actual.asMap().keySet());
        for (var e : expected.entrySet()) {
            float[] a = actual.get(e.getKey());
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(e.getValue()[i]), Float.floatToRawIntBits(a[i]), e.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void fewerLayersKeepTheDirectionChoicesAndMoveTheLayerToOneThatExists() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        vm.layerProperty().set(1);
        vm.directionProperty().set(1);
        List<String> directionChanges = new ArrayList<>();
        vm.directions().addListener((ListChangeListener<Integer>) c -> directionChanges.add(c.toString()));

        vm.configure(TWO_LAYER_BI.withNumLayers(1));
        assertEquals(List.of(0), vm.layers());
        assertEquals(0, vm.layerProperty().get(), "layer 1 is gone");
        assertEquals(List.of(0, 1), vm.directions());
        assertEquals(1, vm.directionProperty().get(), "the reverse direction still exists");
        // A list replaced by an equal one makes a combo showing it drop its value: the choices stay untouched.
        assertEquals(List.of(), directionChanges);
        assertEquals(0, vm.selectedProperty().get().layer());
        assertEquals(1, vm.selectedProperty().get().direction());
    }

    @Test
    void rescaleGivesEveryRecurrentMatrixTheTargetRadius() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        vm.targetRhoProperty().set(1.37);
        vm.rescaleToTargetRho();
        RnnParameters p = vm.parametersProperty().get();
        for (ParameterName name : p.names()) {
            if (name.kind() != ParameterName.Kind.WEIGHT_HH) continue;
            assertEquals(1.37, Spectra.spectralRadius(p.get(name), 16), 1e-5, name.torchName());
        }
        assertEquals(1.37, vm.spectrumProperty().get().rho(), 1e-5, "the published spectrum follows the edit");
        assertEquals("ρ = 1.37   σ_max = " + String.format(java.util.Locale.ROOT, "%.2f", vm.spectrumProperty().get().sigmaMax()),
                vm.spectrumTextProperty().get());
    }

    @Test
    void undoRestoresTheWeightsBitForBit() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        Map<String, float[]> before = snapshot(vm.parametersProperty().get());
        long versionBefore = vm.versionProperty().get();
        vm.targetRhoProperty().set(0.5);
        vm.rescaleToTargetRho();
        vm.orthogonal();
        assertTrue(vm.canUndoProperty().get());
        vm.undo();
        vm.undo();
        assertBitExact(before, vm.parametersProperty().get());
        assertFalse(vm.canUndoProperty().get());
        assertEquals(versionBefore + 4, vm.versionProperty().get(), "two edits and two undos, each a publication");
    }

    @Test
    void identityIsTheIdentityMatrixWithZeroBiases() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        vm.identity();
        RnnParameters p = vm.parametersProperty().get();
        for (int k = 0; k < 2; k++) {
            for (int d = 0; d < 2; d++) {
                float[] w = p.weightHh(k, d);
                for (int i = 0; i < 16; i++) for (int j = 0; j < 16; j++) assertEquals(i == j ? 1f : 0f, w[i * 16 + j]);
                assertTrue(allZero(p.biasIh(k, d)) && allZero(p.biasHh(k, d)));
            }
        }
        assertEquals(1.0, vm.spectrumProperty().get().rho(), 1e-12);
        assertEquals(1.0, vm.spectrumProperty().get().sigmaMax(), 1e-12);
    }

    @Test
    void orthogonalReplacesOnlyTheRecurrentWeightsWithOrthogonalMatrices() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        Map<String, float[]> before = snapshot(vm.parametersProperty().get());
        vm.orthogonal();
        RnnParameters p = vm.parametersProperty().get();
        for (ParameterName name : p.names()) {
            if (name.kind() == ParameterName.Kind.WEIGHT_HH) {
                float[] q = p.get(name);
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 16; j++) {
                        double dot = 0;
                        for (int m = 0; m < 16; m++) dot += (double) q[i * 16 + m] * q[j * 16 + m];
                        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5, name + " rows " + i + "," + j);
                    }
                }
            } else {
                assertArrayEquals(before.get(name.torchName()), p.get(name), name + " must not change");
            }
        }
    }

    @Test
    void revertReturnsToTheLoadedWeightsAndCanItselfBeUndone() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        RnnParameters loaded = vm.parametersProperty().get();
        assertFalse(vm.canRevertProperty().get());
        vm.identity();
        RnnParameters edited = vm.parametersProperty().get();
        vm.pytorchDefault();
        assertTrue(vm.canRevertProperty().get());
        vm.revertToLoaded();
        assertSame(loaded, vm.parametersProperty().get());
        vm.undo();
        assertNotSame(loaded, vm.parametersProperty().get());
        vm.undo();
        assertSame(edited, vm.parametersProperty().get());
    }

    @Test
    void theRevertLineGoesOnceTrainingOrTheFormChangesTheWeightsShown() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        vm.identity();
        vm.revertToLoaded();
        assertEquals("Reverted to the weights as loaded", vm.statusProperty().get());
        RnnParameters trained = vm.parametersProperty().get().copy();
        trained.weightHh(0, 0)[0] += 0.5f;
        vm.showLive(trained);
        assertEquals("", vm.statusProperty().get(), "trained weights are not the weights as loaded");

        vm.revertToLoaded();
        assertEquals("Reverted to the weights as loaded", vm.statusProperty().get());
        vm.configure(TWO_LAYER_BI.withNonlinearity(Nonlinearity.RELU));
        assertEquals("", vm.statusProperty().get(), "a model change is not a revert");
        vm.undo();
        assertEquals("Undone", vm.statusProperty().get(), "an action still describes itself");
    }

    /** The same bad target ρ typed twice (the banner closed between) is said twice: the window shows what it hears. */
    @Test
    void aBadTargetRhoTypedAgainIsRefusedAgain() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        List<String> heard = new java.util.ArrayList<>();
        vm.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) heard.add(m);
        });
        assertFalse(vm.typeTargetRho("-2"));
        assertFalse(vm.typeTargetRho("-2"));
        assertEquals(2, heard.size(), heard.toString());
        assertTrue(heard.get(0).startsWith("target ρ must be a number from "), heard.get(0));
        assertTrue(heard.get(0).endsWith(", got '-2'"), heard.get(0));
    }

    /** The line over the matrices says whether the weights shown are still the ones it names, saved or not. */
    @Test
    void theOriginLineSaysWhenTrainingOrAnEditMovedTheWeights() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        assertEquals("from PyTorch default, seed 0", vm.originProperty().get());
        RnnParameters trained = vm.parametersProperty().get().copy();
        trained.weightHh(0, 0)[0] += 0.5f;
        vm.showLive(trained);
        assertEquals("trained, from PyTorch default, seed 0", vm.originProperty().get());
        vm.markSaved(vm.parametersProperty().get());
        assertEquals("trained, from PyTorch default, seed 0", vm.originProperty().get(), "saved, still trained");
        vm.orthogonal();
        assertEquals("edited and trained, from PyTorch default, seed 0", vm.originProperty().get());
        vm.revertToLoaded();
        assertEquals("from PyTorch default, seed 0", vm.originProperty().get(), "the weights it names again");
        vm.adopt(vm.parametersProperty().get().copy(), "preset, PyTorch default, seed 0");
        assertEquals("from preset, PyTorch default, seed 0", vm.originProperty().get());
    }

    /**
     * Weights a run trained from its own initialisation do not descend from the ones the pane names: the line names
     * the run's start (it said "trained, from PyTorch default, seed 0" over an orthogonal W_hh), until the pane shows
     * the weights it names again; a later run from the pane's weights keeps where the chain started.
     */
    @Test
    void weightsTrainedFromTheRunsOwnInitNameThatInit() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        String fresh = "orthogonal W_hh, seed 3 (the run's own init)";
        RnnParameters trained = vm.parametersProperty().get().copy();
        trained.weightHh(0, 0)[0] += 0.5f;
        vm.showLive(trained, fresh);
        assertEquals("trained, from " + fresh, vm.originProperty().get());
        RnnParameters further = trained.copy();
        further.weightHh(0, 0)[1] += 0.5f;
        vm.showLive(further);
        assertEquals("trained, from " + fresh, vm.originProperty().get(), "a run from the pane's weights went on");
        vm.revertToLoaded();
        assertEquals("from PyTorch default, seed 0", vm.originProperty().get());
        RnnParameters again = vm.parametersProperty().get().copy();
        again.weightHh(0, 0)[2] += 0.5f;
        vm.showLive(again);
        assertEquals("edited and trained, from PyTorch default, seed 0", vm.originProperty().get(),
                "trained from the weights it names (the revert was an edit)");
    }

    @Test
    void unsavedFollowsEditsTrainingAndSaves() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get());
        vm.configure(TWO_LAYER_BI.withNonlinearity(Nonlinearity.RELU));
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get(),
                "the same numbers under another nonlinearity are still the weights as initialised");
        assertFalse(vm.canRevertProperty().get());
        vm.orthogonal();
        assertEquals(WeightsViewModel.Unsaved.EDITED, vm.unsavedProperty().get());
        RnnParameters edited = vm.parametersProperty().get();
        vm.markSaved(edited);
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get());
        vm.configure(TWO_LAYER_BI.withNonlinearity(Nonlinearity.TANH));
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get(), "still the saved numbers");
        RnnParameters trained = vm.parametersProperty().get().copy();
        trained.weightHh(1, 1)[3] -= 0.5f;
        vm.showLive(trained);
        assertEquals(WeightsViewModel.Unsaved.TRAINED, vm.unsavedProperty().get());
        vm.revertToLoaded();
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get(), "the weights as initialised");
        vm.undo();
        assertEquals(WeightsViewModel.Unsaved.TRAINED_AND_EDITED, vm.unsavedProperty().get());
        vm.configure(TWO_LAYER_BI.withHiddenSize(8));
        assertEquals(WeightsViewModel.Unsaved.NONE, vm.unsavedProperty().get(), "new shapes: new weights from the seed");
    }

    @Test
    void publishedSnapshotsAreNeverModified() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        RnnParameters first = vm.parametersProperty().get();
        Map<String, float[]> copy = snapshot(first);
        vm.identity();
        vm.targetRhoProperty().set(0.3);
        vm.rescaleToTargetRho();
        assertBitExact(copy, first);
    }

    @Test
    void sameSeedSameWeightsAndAnotherSeedOthers() {
        WeightsViewModel a = configured(TWO_LAYER_BI);
        WeightsViewModel b = configured(TWO_LAYER_BI);
        assertBitExact(snapshot(a.parametersProperty().get()), b.parametersProperty().get());
        b.seedProperty().set(7);
        b.pytorchDefault();
        assertFalse(Arrays.equals(a.parametersProperty().get().weightHh(0, 0), b.parametersProperty().get().weightHh(0, 0)));
        float bound = (float) (1 / Math.sqrt(16));
        for (float v : b.parametersProperty().get().weightHh(1, 1)) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void formChangesThatKeepShapesKeepTheWeights() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        vm.identity();
        Map<String, float[]> edited = snapshot(vm.parametersProperty().get());
        vm.configure(TWO_LAYER_BI.withBatchFirst(true).withNonlinearity(Nonlinearity.RELU));
        assertEquals(Nonlinearity.RELU, vm.parametersProperty().get().config().nonlinearity());
        assertBitExact(edited, vm.parametersProperty().get());
        vm.configure(TWO_LAYER_BI.withHiddenSize(8));
        assertEquals(8, vm.parametersProperty().get().config().hiddenSize());
        assertFalse(vm.canUndoProperty().get(), "undo cannot cross a change of shapes");
        assertEquals("PyTorch default, seed 0", vm.sourceProperty().get());
    }

    @Test
    void selectionFollowsLayersAndDirections() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        assertEquals(List.of(0, 1), vm.layers());
        assertEquals(List.of(0, 1), vm.directions());
        vm.layerProperty().set(1);
        vm.directionProperty().set(1);
        SelectedWeights s = vm.selectedProperty().get();
        assertEquals(32, s.inputWidth(), "weight_ih_l1 of a bidirectional RNN is (H, 2H)");
        assertSame(vm.parametersProperty().get().get("weight_hh_l1_reverse"), s.weightHh());
        assertEquals(1, vm.spectrumProperty().get().layer());
        assertEquals(1, vm.spectrumProperty().get().direction());
        vm.configure(RnnConfig.of(3, 16));
        assertEquals(List.of(0), vm.layers());
        assertEquals(0, vm.layerProperty().get());
        assertEquals(0, vm.directionProperty().get());
    }

    @Test
    void aSpectrumSupersededBeforeItRanIsNeverComputedOrShown() {
        Queue<Runnable> backgroundQueue = new ArrayDeque<>();
        WeightsViewModel vm = new WeightsViewModel(backgroundQueue::add, DIRECT, null);
        vm.configure(TWO_LAYER_BI);
        backgroundQueue.poll().run(); // initialisation
        assertNotNull(vm.parametersProperty().get());
        vm.layerProperty().set(1);
        vm.directionProperty().set(1);
        assertTrue(vm.computingProperty().get());
        runAll(backgroundQueue);
        assertFalse(vm.computingProperty().get());
        Spectrum s = vm.spectrumProperty().get();
        assertEquals(1, s.layer());
        assertEquals(1, s.direction());
        double expected = Spectra.spectralRadius(vm.parametersProperty().get().weightHh(1, 1), 16);
        assertEquals(expected, s.rho(), 1e-12);
    }

    @Test
    void liveUpdatesComputeOnlyTheNewestSpectrum() {
        Queue<Runnable> backgroundQueue = new ArrayDeque<>();
        WeightsViewModel vm = configuredOn(backgroundQueue);
        long version = vm.versionProperty().get();
        RnnParameters last = null;
        for (int step = 1; step <= 50; step++) {
            last = vm.parametersProperty().get().copy();
            for (float[] t : last.asMap().values()) for (int i = 0; i < t.length; i++) t[i] *= 1.01f;
            vm.showLive(last);
        }
        assertEquals(version + 50, vm.versionProperty().get());
        assertSame(last, vm.parametersProperty().get());
        assertFalse(vm.canUndoProperty().get(), "training steps are not edits");
        List<Spectrum> shown = new ArrayList<>();
        vm.spectrumProperty().addListener((o, a, b) -> shown.add(b));
        runAll(backgroundQueue);
        assertEquals(1, shown.size(), "superseded spectra are skipped, not shown one after another");
        assertEquals(Spectra.spectralRadius(last.weightHh(0, 0), 16), shown.getFirst().rho(), 1e-12, "the newest one");
        assertFalse(vm.computingProperty().get());
    }

    @Test
    void anEditFinishedAfterTheShapesChangedIsDropped() {
        Queue<Runnable> backgroundQueue = new ArrayDeque<>();
        WeightsViewModel vm = configuredOn(backgroundQueue);
        vm.identity();
        assertTrue(vm.busyProperty().get());
        vm.configure(TWO_LAYER_BI.withHiddenSize(5));
        runAll(backgroundQueue);
        assertEquals(5, vm.parametersProperty().get().config().hiddenSize());
        assertFalse(vm.busyProperty().get());
        assertFalse(vm.canUndoProperty().get());
    }

    /**
     * A training run moves the weights every 250 ms: an edit clicked meanwhile was dropped as "for weights that are
     * gone" (Orthogonal W_hh during a run did nothing). Weights training moved are the same model, so the edit of what
     * was shown at the click applies, and Undo returns to the trained weights it replaced; weights a preset or a
     * workspace put in meanwhile are another model, and the edit still goes.
     */
    @Test
    void anEditClickedWhileTrainingMovesTheWeightsStillApplies() {
        Queue<Runnable> backgroundQueue = new ArrayDeque<>();
        WeightsViewModel vm = configuredOn(backgroundQueue);
        RnnParameters clicked = vm.parametersProperty().get();
        vm.orthogonal();
        RnnParameters trained = clicked.copy();
        for (float[] t : trained.asMap().values()) for (int i = 0; i < t.length; i++) t[i] *= 1.01f;
        vm.showLive(trained);
        runAll(backgroundQueue);
        RnnParameters edited = vm.parametersProperty().get();
        assertNotSame(trained, edited, "the edit applied");
        double[] sigma = Spectra.singularValues(edited.weightHh(1, 1), 16, 16);
        assertEquals(1.0, sigma[0], 1e-5, "W_hh orthogonal");
        assertEquals(1.0, sigma[15], 1e-5, "W_hh orthogonal");
        assertArrayEquals(clicked.get("weight_ih_l1_reverse"), edited.get("weight_ih_l1_reverse"), "of what was shown at the click");
        vm.undo();
        assertSame(trained, vm.parametersProperty().get(), "Undo returns to the trained weights the edit replaced");

        vm.identity();
        RnnParameters preset = clicked.copy();
        vm.adopt(preset, "preset");
        runAll(backgroundQueue);
        assertSame(preset, vm.parametersProperty().get(), "an edit of weights a preset replaced is dropped");
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void aFileThatDoesNotFitShowsItsOneLineMessage() {
        WeightsFileHandler refusing = new WeightsFileHandler() {
            @Override
            public RnnParameters open(Path file, RnnConfig current) throws IOException {
                // A plain IOException: a FormatException is one line by construction, other exceptions may not be.
                throw new IOException(file + ": weight_hh_l0 is (3, 4), expected a square matrix\n  at offset 128");
            }

            @Override
            public void save(Path file, RnnParameters parameters) {
                throw new AssertionError("not called");
            }
        };
        WeightsViewModel vm = new WeightsViewModel(DIRECT, DIRECT, refusing);
        vm.configure(TWO_LAYER_BI);
        RnnParameters before = vm.parametersProperty().get();
        vm.open(Path.of("broken.safetensors"));
        assertEquals("broken.safetensors: weight_hh_l0 is (3, 4), expected a square matrix", vm.messageProperty().get());
        assertSame(before, vm.parametersProperty().get(), "the weights stay as they were");
        assertFalse(vm.busyProperty().get());
        vm.open(Path.of("notes.txt"));
        assertTrue(vm.messageProperty().get().startsWith("notes.txt: not a weights file"));
    }

    @Test
    void aFailedWriteDoesNotLeaveTheLastSuccessfulOnesLine() {
        boolean[] refuse = {false};
        WeightsFileHandler handler = new WeightsFileHandler() {
            @Override
            public RnnParameters open(Path file, RnnConfig current) {
                throw new AssertionError("this test writes weights only; nothing may open a file");
            }

            @Override
            public void save(Path file, RnnParameters parameters) throws IOException {
                if (refuse[0]) throw new IOException("w.safetensors: is read-only; refusing to replace it");
            }
        };
        WeightsViewModel vm = new WeightsViewModel(DIRECT, DIRECT, handler);
        vm.configure(TWO_LAYER_BI);
        vm.save(Path.of("w.safetensors"));
        assertEquals("Weights written to w.safetensors", vm.statusProperty().get());
        refuse[0] = true;
        vm.save(Path.of("w.safetensors"));
        assertEquals("Weights not written (w.safetensors)", vm.statusProperty().get());
        assertTrue(vm.messageProperty().get().contains("read-only"), vm.messageProperty().get());
    }

    @Test
    void anOpenedFileBecomesTheLoadedWeightsAndAnnouncesItsConfiguration() {
        RnnConfig fileConfig = new RnnConfig(2, 4, 1, Nonlinearity.TANH, false, false, 0.0, false);
        RnnParameters fromFile = RnnParameters.zeros(fileConfig);
        Arrays.fill(fromFile.weightHh(0, 0), 0.25f);
        WeightsFileHandler handler = new WeightsFileHandler() {
            @Override
            public RnnParameters open(Path file, RnnConfig current) {
                return fromFile;
            }

            @Override
            public void save(Path file, RnnParameters parameters) {
            }
        };
        WeightsViewModel vm = new WeightsViewModel(DIRECT, DIRECT, handler);
        vm.configure(TWO_LAYER_BI);
        assertNull(vm.loadedFromFileProperty().get());
        vm.open(Path.of("rnn.safetensors"));
        assertSame(fromFile, vm.parametersProperty().get());
        assertEquals(fileConfig, vm.loadedFromFileProperty().get());
        assertEquals("rnn.safetensors", vm.sourceProperty().get());
        vm.configure(fileConfig); // the form follows the file: nothing changes
        assertSame(fromFile, vm.parametersProperty().get());
        assertEquals(1.0, vm.spectrumProperty().get().rho(), 1e-9, "0.25 · ones(4, 4) has eigenvalue 4 · 0.25 = 1");
    }

    private static boolean allZero(float[] v) {
        for (float x : v) if (x != 0f) return false;
        return true;
    }

    @Test
    void largeAndSmallSpectraAreWrittenWithAnExponent() {
        assertEquals("1.27e21", WeightsViewModel.readable(1271335839090825000000.0));
        assertEquals("3.05e-4", WeightsViewModel.readable(3.05e-4));
        assertEquals("1.37", WeightsViewModel.readable(1.37));
        assertEquals("9999.00", WeightsViewModel.readable(9999));
        WeightsViewModel vm = configured(new RnnConfig(3, 8, 1, Nonlinearity.TANH, true, false, 0.0, false));
        vm.targetRhoProperty().set(2.5e21);
        vm.rescaleToTargetRho();
        assertTrue(vm.spectrumTextProperty().get().startsWith("ρ = 2.50e21   σ_max = "), vm.spectrumTextProperty().get());
    }

    @Test
    void aSpectrumAskedForWhileTheWindowClosesIsDroppedQuietly() {
        java.util.concurrent.ExecutorService closed = java.util.concurrent.Executors.newSingleThreadExecutor();
        closed.shutdown(); // as after quitting while training: the background executor refuses work
        WeightsViewModel vm = new WeightsViewModel(closed, DIRECT, null);
        vm.adopt(org.rnnexplorer.engine.Initializers.create(new RnnConfig(3, 8, 1, Nonlinearity.TANH, true, false, 0.0, false),
                org.rnnexplorer.engine.Initializers.Scheme.PYTORCH_DEFAULT, 3), "training");
        assertFalse(vm.computingProperty().get(), "nothing is left computing");
    }

    @Test
    void aTypedTargetRadiusIsTakenExactlyAndNonsenseIsRefusedWithAMessage() {
        WeightsViewModel vm = configured(TWO_LAYER_BI);
        assertTrue(vm.typeTargetRho(" 1.5 "));
        assertEquals(1.5, vm.targetRhoProperty().get());
        vm.rescaleToTargetRho();
        RnnParameters p = vm.parametersProperty().get();
        assertEquals(1.5, Spectra.spectralRadius(p.get("weight_hh_l0"), 16), 1e-5);
        assertFalse(vm.typeTargetRho("abc"));
        assertEquals("target ρ must be a number from 0.1 to 2.0, got 'abc'", vm.messageProperty().get());
        assertFalse(vm.typeTargetRho("7"));
        assertEquals(1.5, vm.targetRhoProperty().get(), "refused text leaves the radius");
        assertEquals("1.5", WeightsViewModel.targetRhoText(1.5));
        assertEquals("0.95", WeightsViewModel.targetRhoText(0.9500001));
    }
}
