package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unsaved work is written while unsaved and gone once saved; an ended window's work is offered, restored whole (and
 * still counted unsaved) or discarded. Without JavaFX, with direct executors.
 */
class RecoveryViewModelTest {

    @TempDir
    Path dir;

    private final PaneViewModels panes = UnsavedWorkFixtures.panes();
    private final WeightsViewModel weights = panes.weights;
    private final WorkspaceViewModel workspace = UnsavedWorkFixtures.workspace(panes);

    {
        workspace.savedWeightsProperty().addListener((o, a, p) -> weights.markSaved(p)); // as the window wires it
    }

    @AfterEach
    void close() {
        panes.close();
    }

    private RecoveryViewModel recovery(RecoveryStore store) {
        return new RecoveryViewModel(store, weights, workspace, Runnable::run, Runnable::run);
    }

    /** This window's recovery over {@code store}, started: its lock taken, ended windows' work looked for. */
    private RecoveryViewModel started(RecoveryStore store) {
        RecoveryViewModel vm = recovery(store);
        vm.start();
        return vm;
    }

    private RnnParameters trainOneStep() {
        return UnsavedWorkFixtures.trainOneStep(panes, -0.375f);
    }

    @Test
    void unsavedWorkIsWrittenOnlyWhileUnsavedAndChanged() throws Exception {
        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        assertEquals("", vm.offerProperty().get());
        vm.tick();
        assertFalse(Files.exists(store.file()), "nothing unsaved: nothing written");

        RnnParameters trained = trainOneStep();
        vm.tick();
        assertArrayEquals(trained.weightHh(0, 0), WorkspaceFile.read(store.file()).weights().weightHh(0, 0));
        FileTime first = FileTime.fromMillis(1_000);
        Files.setLastModifiedTime(store.file(), first);
        vm.tick();
        assertEquals(first, Files.getLastModifiedTime(store.file()), "unchanged weights are not written again");

        RnnParameters further = trainOneStep();
        vm.tick();
        assertNotEquals(first, Files.getLastModifiedTime(store.file()));
        assertArrayEquals(further.weightHh(0, 0), WorkspaceFile.read(store.file()).weights().weightHh(0, 0));

        panes.training.stepsProperty().set("2O"); // a typo in the Training pane: the weights are kept anyway
        RnnParameters typed = trainOneStep();
        vm.tick();
        assertArrayEquals(typed.weightHh(0, 0), WorkspaceFile.read(store.file()).weights().weightHh(0, 0));
        panes.training.stepsProperty().set("20");

        workspace.save(dir.resolve("mine" + WorkspaceFile.EXTENSION));
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get());
        vm.tick();
        assertFalse(Files.exists(store.file()), "saved by the user: the kept copy goes");

        trainOneStep();
        vm.tick();
        assertTrue(Files.exists(store.file()));
        vm.close();
        assertFalse(Files.exists(store.file()), "a normal close keeps nothing");
    }

    @Test
    void weightsAFormChangeReplacedAreKeptWithTheirOwnModelWhileTheBarOffersThem() throws Exception {
        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        RnnParameters trained = trainOneStep();
        int hidden = trained.config().hiddenSize();
        panes.model.hiddenSizeProperty().set("7");
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get(), "the form's fresh weights are not unsaved");
        vm.tick();
        Workspace kept = WorkspaceFile.read(store.file());
        assertEquals(hidden, kept.model().hiddenSize(), "under their own model, not the form's hidden_size 7");
        assertArrayEquals(trained.weightHh(0, 0), kept.weights().weightHh(0, 0));

        weights.letDisplacedGo();
        vm.tick();
        assertFalse(Files.exists(store.file()), "let go: nothing left to keep");
    }

    /**
     * Trained, re-shaped, trained, re-shaped, trained: the weights shown and both offered sets are kept, one work file
     * each under its own model (a killed window's are each offered: the next test); letting sets go deletes their
     * files.
     */
    @Test
    void everySetTheBarOffersIsKeptInAWorkFileOfItsOwn() throws Exception {
        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        List<RnnParameters> trained = UnsavedWorkFixtures.trainAcrossReshapings(panes, -0.375f, "7", "9");
        vm.tick();
        List<RnnParameters> expected = trained.reversed(); // the weights shown, then the offered sets newest first
        for (int k = 0; k < 3; k++) {
            Workspace kept = WorkspaceFile.read(store.file(k));
            assertEquals(expected.get(k).config().hiddenSize(), kept.model().hiddenSize(), "file " + k);
            assertArrayEquals(expected.get(k).weightHh(0, 0), kept.weights().weightHh(0, 0), "file " + k);
        }
        assertEquals(List.of(), new RecoveryStore(dir).orphans(), "a live window's files are not another's to offer");

        weights.letDisplacedGo();
        weights.letDisplacedGo();
        vm.tick();
        assertTrue(Files.exists(store.file(0)));
        assertFalse(Files.exists(store.file(1)), "sets let go leave no file behind");
        assertFalse(Files.exists(store.file(2)));
        vm.close();
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a normal close keeps nothing");
        }
    }

    /**
     * The files a window killed while it kept two sets leaves: its work file ({@code older}), an extra one
     * ({@code newer}, offered first) and its lock file, which no process holds.
     */
    private void killedWindowKept(Workspace newer, Workspace older) throws IOException {
        String session = RecoveryStore.PREFIX + "20261206-120000-dead";
        Path main = dir.resolve(session + WorkspaceFile.EXTENSION);
        Path extra = dir.resolve(session + RecoveryStore.EXTRA + "1" + WorkspaceFile.EXTENSION);
        WorkspaceFile.write(main, older);
        WorkspaceFile.write(extra, newer);
        Files.setLastModifiedTime(main, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(extra, FileTime.fromMillis(2_000_000)); // newest first
        Files.writeString(dir.resolve(session + RecoveryStore.LOCK_EXTENSION), "");
    }

    /** A window killed while it kept several sets: each of its work files is offered by the next window. */
    @Test
    void theWorkFilesOfAKilledWindowAreEachOffered() throws Exception {
        Workspace mainWork = UnsavedWorkFixtures.otherWindowsWork(5, 42), extraWork = UnsavedWorkFixtures.otherWindowsWork(6, 43);
        killedWindowKept(extraWork, mainWork);
        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        assertEquals(2, store.orphans().size(), store.orphans().toString());
        assertTrue(vm.offerProperty().get().endsWith("(1 more after this one.)"), vm.offerProperty().get());
        assertTrue(vm.offerProperty().get().contains("weights of " + extraWork.model().torchRepr() + ","),
                vm.offerProperty().get());
        vm.discard();
        assertEquals(1, store.orphans().size());
        assertTrue(vm.offerProperty().get().contains("weights of " + mainWork.model().torchRepr() + ","),
                "each names its own model: " + vm.offerProperty().get());
        vm.close();
    }

    /** A damaged work file (cut short, or not a zip) is still offered, without a model's name; Restore says what is wrong. */
    @Test
    void aDamagedWorkFileIsOfferedWithoutAModelsName() throws Exception {
        Path cut = dir.resolve(RecoveryStore.PREFIX + "20261206-120000-dead" + WorkspaceFile.EXTENSION);
        WorkspaceFile.write(cut, UnsavedWorkFixtures.otherWindowsWork(5, 42));
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Files.setLastModifiedTime(cut, FileTime.from(
                LocalDateTime.of(2026, 12, 6, 12, 0).atZone(ZoneId.systemDefault()).toInstant()));
        RecoveryViewModel vm = started(new RecoveryStore(dir));
        assertEquals("RNN Explorer ended without closing. It had kept its unsaved weights, with the model and "
                + "settings, at 12:00 on 6 Dec 2026.", vm.offerProperty().get());
        vm.close();
    }

    @Test
    void anEndedWindowsWorkIsOfferedAndRestoredWholeAndStaysUnsaved() throws Exception {
        // The work an ended window kept: another window's trained weights under another model.
        Workspace kept = UnsavedWorkFixtures.otherWindowsWork(5, 42);
        Path orphan = dir.resolve(RecoveryStore.PREFIX + "20261206-120000-dead" + WorkspaceFile.EXTENSION);
        WorkspaceFile.write(orphan, kept);
        Files.setLastModifiedTime(orphan, FileTime.from(
                LocalDateTime.of(2026, 12, 6, 12, 0).atZone(ZoneId.systemDefault()).toInstant()));

        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        assertEquals(orphan, vm.offered());
        // The model named from the file's header (the same module the file holds, read whole below).
        assertEquals("RNN Explorer ended without closing. It had kept its unsaved weights of " + kept.model().torchRepr()
                + ", with the model and settings, at 12:00 on 6 Dec 2026.", vm.offerProperty().get());
        assertEquals(5, kept.model().hiddenSize());

        vm.restore();
        assertEquals("", vm.offerProperty().get());
        assertEquals(5, weights.parametersProperty().get().config().hiddenSize());
        assertArrayEquals(kept.weights().weightHh(0, 0), weights.parametersProperty().get().weightHh(0, 0));
        assertEquals(Unsaved.RECOVERED, weights.unsavedProperty().get(), "restored is not saved");
        assertEquals("the unsaved work kept at 12:00 on 6 Dec 2026", weights.sourceProperty().get());
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(store.file()), "the restored work is this window's kept work now");

        trainOneStep();
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());
        weights.revertToLoaded();
        assertEquals(Unsaved.RECOVERED, weights.unsavedProperty().get(), "back to the recovered weights: still unsaved");
        vm.close();
    }

    @Test
    void discardDeletesTheOfferedWorkAndOffersTheNext() throws Exception {
        Path a = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "a" + WorkspaceFile.EXTENSION), "a");
        Path b = Files.writeString(dir.resolve(RecoveryStore.PREFIX + "b" + WorkspaceFile.EXTENSION), "b");
        Files.setLastModifiedTime(a, FileTime.fromMillis(2_000_000_000_000L));
        Files.setLastModifiedTime(b, FileTime.fromMillis(1_000_000_000_000L));
        RecoveryViewModel vm = recovery(new RecoveryStore(dir));
        vm.start();
        assertEquals(a, vm.offered());
        assertTrue(vm.offerProperty().get().endsWith("(1 more after this one.)"), vm.offerProperty().get());
        vm.discard();
        assertFalse(Files.exists(a));
        assertEquals(b, vm.offered());
        vm.restore(); // not a workspace: the banner says so, and nothing else changes
        assertTrue(workspace.messageProperty().get().contains(RecoveryStore.PREFIX), workspace.messageProperty().get());
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get());
        assertEquals("", vm.offerProperty().get());
        vm.close();
    }

    /**
     * Two sets a killed window kept, restored one after the other: the first is set aside and offered back (as Bring
     * them back does) instead of a question whether to discard what was just recovered, and is written to a work
     * file of its own at once, since the second was moved over the file that held it.
     */
    @Test
    void restoringASecondKeptSetSetsTheFirstAsideWithoutAsking() throws Exception {
        Workspace first = UnsavedWorkFixtures.otherWindowsWork(5, 42), second = UnsavedWorkFixtures.otherWindowsWork(6, 43);
        killedWindowKept(first, second);
        List<String> asked = new ArrayList<>();
        panes.state.setReplaceGuard((action, replace) -> {
            asked.add(action);
            replace.run();
        });
        RecoveryStore store = new RecoveryStore(dir);
        RecoveryViewModel vm = started(store);
        vm.restore();
        assertEquals(1, asked.size(), "this window's own weights were saved: asked as any replacement is");
        assertEquals(Unsaved.RECOVERED, weights.unsavedProperty().get());
        assertArrayEquals(first.weights().weightHh(0, 0), weights.parametersProperty().get().weightHh(0, 0));

        vm.restore();
        assertEquals(1, asked.size(), "recovered work is set aside, not asked about: " + asked);
        assertArrayEquals(second.weights().weightHh(0, 0), weights.parametersProperty().get().weightHh(0, 0));
        assertEquals(Unsaved.RECOVERED, weights.unsavedProperty().get());
        assertTrue(weights.displacedOfferProperty().get().startsWith("Restoring the unsaved work kept at ")
                && weights.displacedOfferProperty().get().contains(" set aside the recovered weights of "
                + first.model().torchRepr() + ", which no file holds."), weights.displacedOfferProperty().get());
        // Both sets are in this window's work files now: the shown one and the one set aside.
        Path aside = dir.resolve(store.file().getFileName().toString().replace(WorkspaceFile.EXTENSION,
                RecoveryStore.EXTRA + "1" + WorkspaceFile.EXTENSION));
        assertTrue(Files.exists(aside), "the set aside is written at once");
        assertArrayEquals(first.weights().weightHh(0, 0), WorkspaceFile.read(aside).weights().weightHh(0, 0));
        assertArrayEquals(second.weights().weightHh(0, 0), WorkspaceFile.read(store.file()).weights().weightHh(0, 0));

        weights.bringBackDisplaced();
        assertArrayEquals(first.weights().weightHh(0, 0), weights.parametersProperty().get().weightHh(0, 0));
        vm.close();
    }
}
