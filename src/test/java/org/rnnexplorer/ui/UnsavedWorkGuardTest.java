package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.presets.PresetsViewModel;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing, and whatever replaces the weights shown (a preset, a workspace, a weights file), asks only while trained or
 * edited weights are in no file, and a save asked for goes on once written; a preset's own run is not asked about.
 */
class UnsavedWorkGuardTest {

    @TempDir
    Path dir;

    private final PaneViewModels panes = UnsavedWorkFixtures.panes();
    private final WeightsViewModel weights = panes.weights;
    private final WorkspaceViewModel workspace = UnsavedWorkFixtures.workspace(panes);
    private final List<String> asked = new ArrayList<>();
    private UnsavedWorkGuard.Choice answer = UnsavedWorkGuard.Choice.CANCEL;
    private Path chosen;
    private int closed;
    private final UnsavedWorkGuard guard = new UnsavedWorkGuard(weights, workspace, (header, content, discard) -> {
        asked.add(header + "\n" + content + "\n[" + discard + "]");
        return answer;
    }, () -> chosen, () -> closed++);
    private final PresetsViewModel presets = new PresetsViewModel(panes.state);

    {
        // As ExplorerViewModels and ExplorerWindow wire them: a saved workspace's weights are no longer unsaved, and
        // whatever replaces the weights shown asks the guard first.
        workspace.savedWeightsProperty().addListener((o, a, p) -> weights.markSaved(p));
        panes.state.setReplaceGuard(guard::replacing);
    }

    @AfterEach
    void close() {
        panes.close();
    }

    /** Weights as training moves them: a copy with one number changed, published as a training step is. */
    private RnnParameters trainOneStep() {
        return UnsavedWorkFixtures.trainOneStep(panes, 0.25f);
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

        answer = UnsavedWorkGuard.Choice.CANCEL;
        assertFalse(guard.allowsClosing(), "Cancel keeps the window");
        assertTrue(asked.getFirst().startsWith("Save the trained weights before closing?"), asked.getFirst());
        assertTrue(asked.getFirst().contains("moved by training since they were loaded (PyTorch default, seed 0)"),
                asked.getFirst());

        answer = UnsavedWorkGuard.Choice.DISCARD;
        assertTrue(guard.allowsClosing());

        answer = UnsavedWorkGuard.Choice.SAVE;
        chosen = null; // the file chooser was cancelled
        assertFalse(guard.allowsClosing());
        assertEquals(0, closed);
        assertEquals(3, asked.size());
    }

    @Test
    void savingFirstWritesTheWorkspaceWithTheTrainedWeightsThenCloses() throws Exception {
        RnnParameters trained = trainOneStep();
        answer = UnsavedWorkGuard.Choice.SAVE;
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
        answer = UnsavedWorkGuard.Choice.SAVE;
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
        answer = UnsavedWorkGuard.Choice.CANCEL;
        assertFalse(guard.allowsClosing());
        assertTrue(asked.getFirst().startsWith("Save the edited weights before closing?"), asked.getFirst());
        weights.undo(); // back to the weights as initialised
        assertTrue(guard.allowsClosing());
        trainOneStep();
        weights.identity();
        assertEquals(Unsaved.TRAINED_AND_EDITED, weights.unsavedProperty().get());
    }

    @Test
    void aPresetOverTrainedWeightsAsksAndEachAnswerDoesWhatItSays() {
        RnnParameters trained = trainOneStep();

        answer = UnsavedWorkGuard.Choice.CANCEL;
        presets.apply(Preset.ARTICLE_EXAMPLE);
        assertEquals(1, asked.size());
        String question = asked.getFirst();
        assertTrue(question.startsWith("Save the trained weights before loading the preset “The article's example”?"),
                question);
        assertTrue(question.contains("holds them: loading the preset “The article's example” replaces them."), question);
        assertTrue(question.endsWith("brings them back) and then goes on.\n[Don't save]"), question);
        assertSame(trained, weights.parametersProperty().get(), "Cancel keeps the trained weights");
        assertNull(presets.lessonProperty().get(), "and loads nothing");

        answer = UnsavedWorkGuard.Choice.DISCARD;
        presets.apply(Preset.ARTICLE_EXAMPLE);
        assertSame(Preset.ARTICLE_EXAMPLE, presets.lessonProperty().get());
        assertNotSame(trained, weights.parametersProperty().get());
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get());

        asked.clear();
        presets.apply(Preset.PITFALL_BATCH_FIRST);
        assertEquals(List.of(), asked, "nothing unsaved: nothing asked");
        assertSame(Preset.PITFALL_BATCH_FIRST, presets.lessonProperty().get());
    }

    @Test
    void savingBeforeAPresetWritesTheTrainedWeightsThenLoadsIt() throws Exception {
        RnnParameters trained = trainOneStep();
        answer = UnsavedWorkGuard.Choice.SAVE;
        chosen = dir.resolve("before-the-preset" + WorkspaceFile.EXTENSION);
        presets.apply(Preset.ARTICLE_EXAMPLE);
        assertArrayEquals(trained.weightHh(0, 0), WorkspaceFile.read(chosen).weights().weightHh(0, 0));
        assertSame(Preset.ARTICLE_EXAMPLE, presets.lessonProperty().get(), "loaded once the file was written");
        assertEquals(0, closed);

        trainOneStep();
        asked.clear();
        chosen = null; // the file chooser cancelled: nothing written, nothing loaded
        presets.apply(Preset.PITFALL_BATCH_FIRST);
        assertEquals(1, asked.size());
        assertSame(Preset.ARTICLE_EXAMPLE, presets.lessonProperty().get());
    }

    @Test
    void aWorkspaceOrAWeightsFileOverTrainedWeightsAsksFirst() throws Exception {
        Path other = dir.resolve("other" + WorkspaceFile.EXTENSION);
        WorkspaceFile.write(other, UnsavedWorkFixtures.otherWindowsWork(6, 9));
        RnnParameters trained = trainOneStep();
        answer = UnsavedWorkGuard.Choice.CANCEL;

        workspace.open(other);
        panes.state.requests().openWeights().post(Path.of("sample-data", "irnn-adding-t50.safetensors"));
        assertEquals(2, asked.size());
        assertTrue(asked.get(0).startsWith("Save the trained weights before opening other.rnnx?"), asked.get(0));
        assertTrue(asked.get(1).startsWith("Save the trained weights before opening irnn-adding-t50.safetensors?"),
                asked.get(1));
        assertSame(trained, weights.parametersProperty().get(), "Cancel opened neither");
        assertNotEquals(PaneId.WEIGHTS, panes.state.selectedPaneProperty().get(), "nor showed the Weights pane");

        answer = UnsavedWorkGuard.Choice.DISCARD;
        workspace.open(other);
        assertEquals(6, weights.parametersProperty().get().config().hiddenSize(), "the workspace's model");
        panes.state.requests().openWeights().post(Path.of("sample-data", "irnn-adding-t50.safetensors"));
        assertEquals(PaneId.WEIGHTS, panes.state.selectedPaneProperty().get(), "opened: the pane it shows in");
    }

    @Test
    void aPresetsOwnRunIsNotUnsavedUntilTrainingGoesOnFromIt() {
        try {
            panes.training.runFor(1); // as a preset starts its run (trainFor)
            panes.training.pause();
            trainOneStep(); // what that run moves
            assertEquals(Unsaved.NONE, weights.unsavedProperty().get(), "the preset reproduces them");
            assertTrue(guard.allowsClosing());
            presets.apply(Preset.PITFALL_BATCH_FIRST);
            assertEquals(List.of(), asked, "going to the next preset asks nothing");

            panes.training.runFor(1);
            panes.training.step(); // Step trains on from the preset's run: no preset reproduces that
            trainOneStep();
            assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());
            panes.training.runFor(1); // nor does a later preset run make hand-trained weights its own
            trainOneStep();
            assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());

            weights.adopt(weights.parametersProperty().get().copy(), "preset"); // a preset's own weights again
            panes.training.runFor(1);
            trainOneStep();
            assertEquals(Unsaved.NONE, weights.unsavedProperty().get());
            panes.training.run(); // Run too
            trainOneStep();
            assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());
        } finally {
            panes.training.pause();
        }
    }

    @Test
    void closingAsksAboutWeightsAFormChangeReplacedAndSavingBringsThemBackWithTheirModel() throws Exception {
        RnnParameters trained = trainOneStep();
        int hidden = trained.config().hiddenSize();
        panes.model.hiddenSizeProperty().set("7");
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get(), "the weights shown come from the seed");

        answer = UnsavedWorkGuard.Choice.CANCEL;
        assertFalse(guard.allowsClosing(), "the offered weights would go with the window");
        assertTrue(asked.getFirst().startsWith("Save the trained weights the bar above offers back before closing?\n"
                + "A change in the form re-shaped the model"), asked.getFirst());

        answer = UnsavedWorkGuard.Choice.SAVE;
        chosen = dir.resolve("offered" + WorkspaceFile.EXTENSION);
        assertFalse(guard.allowsClosing());
        assertEquals(1, closed, "closed once written");
        Workspace written = WorkspaceFile.read(chosen);
        assertEquals(hidden, written.model().hiddenSize(), "with their own model");
        assertArrayEquals(trained.weightHh(0, 0), written.weights().weightHh(0, 0));
        asked.clear();
        assertTrue(guard.allowsClosing());
        assertEquals(List.of(), asked, "nothing left to lose");
    }

    /** Trained at the form's hidden_size, re-shaped to 7, trained again: {first, second}, the first offered. */
    private RnnParameters[] trainReshapeTrain() {
        List<RnnParameters> trained = UnsavedWorkFixtures.trainAcrossReshapings(panes, 0.25f, "7");
        RnnParameters first = trained.get(0), second = trained.get(1);
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get());
        assertSame(first, weights.displacedParameters());
        return new RnnParameters[] {first, second};
    }

    /** A guard whose dialog gives {@code answers} in turn and whose file chooser gives {@code files} in turn. */
    private UnsavedWorkGuard answering(List<UnsavedWorkGuard.Choice> answers, List<Path> files) {
        List<UnsavedWorkGuard.Choice> left = new ArrayList<>(answers);
        List<Path> paths = new ArrayList<>(files);
        return new UnsavedWorkGuard(weights, workspace, (header, content, discard) -> {
            asked.add(header + "\n" + content);
            return left.removeFirst();
        }, () -> paths.removeFirst(), () -> closed++);
    }

    /**
     * Closing asks about the weights shown, then about the set the bar offers: "Close without saving" for the first
     * is not an answer for the second. Cancel there lets nothing go; Save writes it and closes, without asking again
     * about the weights already given up.
     */
    @Test
    void closingAsksAboutTheWeightsShownThenEachOfferedSetInTurn() throws Exception {
        RnnParameters first = trainReshapeTrain()[0];
        UnsavedWorkGuard.Choice discard = UnsavedWorkGuard.Choice.DISCARD;
        assertFalse(answering(List.of(discard, UnsavedWorkGuard.Choice.CANCEL), List.of()).allowsClosing());
        assertEquals(2, asked.size());
        assertTrue(asked.get(0).startsWith("Save the trained weights before closing?"), asked.get(0));
        assertTrue(asked.get(1).startsWith("Save the trained weights the bar above offers back before closing?")
                && asked.get(1).contains("trained weights of " + first.config().torchRepr()), asked.get(1));
        assertSame(first, weights.displacedParameters(), "a cancelled question lets nothing go");
        assertEquals(0, closed);

        asked.clear();
        Path file = dir.resolve("first" + WorkspaceFile.EXTENSION);
        assertFalse(answering(List.of(discard, UnsavedWorkGuard.Choice.SAVE), List.of(file)).allowsClosing());
        assertEquals(2, asked.size(), asked.toString());
        assertEquals(1, closed, "closed once written");
        assertArrayEquals(first.weightHh(0, 0), WorkspaceFile.read(file).weights().weightHh(0, 0));
        assertEquals(first.config().hiddenSize(), WorkspaceFile.read(file).model().hiddenSize());
        assertEquals("", weights.displacedOfferProperty().get());
    }

    /** Save for both: two workspaces, each with its own model, then the window closes once. */
    @Test
    void savingBothWritesEachWithItsOwnModelThenCloses() throws Exception {
        RnnParameters[] sets = trainReshapeTrain();
        Path shown = dir.resolve("shown" + WorkspaceFile.EXTENSION), offered = dir.resolve("offered" + WorkspaceFile.EXTENSION);
        UnsavedWorkGuard.Choice save = UnsavedWorkGuard.Choice.SAVE;
        assertFalse(answering(List.of(save, save), List.of(shown, offered)).allowsClosing());
        assertEquals(2, asked.size(), asked.toString());
        assertEquals(1, closed, "closed once, after both were written");
        assertArrayEquals(sets[1].weightHh(0, 0), WorkspaceFile.read(shown).weights().weightHh(0, 0));
        assertEquals(7, WorkspaceFile.read(shown).model().hiddenSize());
        assertArrayEquals(sets[0].weightHh(0, 0), WorkspaceFile.read(offered).weights().weightHh(0, 0));
        assertEquals(sets[0].config().hiddenSize(), WorkspaceFile.read(offered).model().hiddenSize());
        assertEquals("", weights.displacedOfferProperty().get());
    }
}
