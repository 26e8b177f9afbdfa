package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing asks only while trained or edited weights are in no file, and a save asked for closes once written. */
class CloseGuardTest {

    @TempDir
    Path dir;

    private final PaneViewModels panes = UnsavedWorkFixtures.panes();
    private final WeightsViewModel weights = panes.weights;
    private final WorkspaceViewModel workspace = UnsavedWorkFixtures.workspace(panes);
    private final List<String> asked = new ArrayList<>();
    private CloseGuard.Choice answer = CloseGuard.Choice.CANCEL;
    private Path chosen;
    private int closed;
    private final CloseGuard guard = new CloseGuard(weights, workspace, (header, content) -> {
        asked.add(header + "\n" + content);
        return answer;
    }, () -> chosen, () -> closed++);

    {
        // As ExplorerViewModels wires them: a saved workspace's weights are no longer unsaved.
        workspace.savedWeightsProperty().addListener((o, a, p) -> weights.markSaved(p));
    }

    @AfterEach
    void close() {
        panes.close();
    }

    /** Weights as training moves them: a copy with one number changed, published as a training step is. */
    private void trainOneStep() {
        UnsavedWorkFixtures.trainOneStep(panes, 0.25f);
    }

    @Test
    void weightsAsInitialisedCloseWithoutAQuestion() {
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get());
        assertTrue(guard.allowsClosing());
        assertEquals(List.of(), asked);
    }

    @Test
    void trainedWeightsAskAndEachAnswerDoesWhatItSays() {
        trainOneStep();
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());

        answer = CloseGuard.Choice.CANCEL;
        assertFalse(guard.allowsClosing(), "Cancel keeps the window");
        assertTrue(asked.getFirst().startsWith("Save the trained weights before closing?"), asked.getFirst());
        assertTrue(asked.getFirst().contains("moved by training since they were loaded (PyTorch default, seed 0)"),
                asked.getFirst());

        answer = CloseGuard.Choice.CLOSE_WITHOUT_SAVING;
        assertTrue(guard.allowsClosing());

        answer = CloseGuard.Choice.SAVE;
        chosen = null; // the file chooser was cancelled
        assertFalse(guard.allowsClosing());
        assertEquals(0, closed);
        assertEquals(3, asked.size());
    }

    @Test
    void savingFirstWritesTheWorkspaceWithTheTrainedWeightsThenCloses() throws Exception {
        trainOneStep();
        RnnParameters trained = weights.parametersProperty().get();
        answer = CloseGuard.Choice.SAVE;
        chosen = dir.resolve("before-closing" + WorkspaceFile.EXTENSION);
        assertFalse(guard.allowsClosing(), "the window closes itself once the file is written, not before");
        assertEquals(1, closed);
        assertTrue(Files.isRegularFile(chosen));
        assertArrayEquals(trained.weightHh(0, 0), WorkspaceFile.read(chosen).weights().weightHh(0, 0));
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get(), "the saved weights are in a file now");
        asked.clear();
        assertTrue(guard.allowsClosing());
        assertEquals(List.of(), asked);

        trainOneStep();
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get(), "training after the save is unsaved again");
    }

    @Test
    void aFailedSaveKeepsTheWindowOpenWithTheBanner() throws Exception {
        trainOneStep();
        answer = CloseGuard.Choice.SAVE;
        Path directory = Files.createDirectory(dir.resolve("a-directory" + WorkspaceFile.EXTENSION));
        chosen = directory;
        assertFalse(guard.allowsClosing());
        assertEquals(0, closed, "nothing was written: the window stays");
        assertTrue(workspace.messageProperty().get().startsWith("Could not write a-directory"),
                workspace.messageProperty().get());
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());
    }

    @Test
    void editsAskToo() {
        weights.identity();
        answer = CloseGuard.Choice.CANCEL;
        assertFalse(guard.allowsClosing());
        assertTrue(asked.getFirst().startsWith("Save the edited weights before closing?"), asked.getFirst());
        weights.undo(); // back to the weights as initialised
        assertTrue(guard.allowsClosing());
        trainOneStep();
        weights.identity();
        assertEquals(Unsaved.TRAINED_AND_EDITED, weights.unsavedProperty().get());
    }
}
