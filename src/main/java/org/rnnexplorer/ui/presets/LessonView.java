package org.rnnexplorer.ui.presets;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.rnnexplorer.ui.fx.FxmlViews;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The strip at the top of the window with the active preset's explanation, whatever tab is shown, and the runs
 * training now (main, A, B) with a button that pauses them all, which the window puts in its status bar
 * ({@link #runsBar()}): a bar of its own above the panes moved them down by its height whenever training started.
 */
public final class LessonView {

    private final PresetsViewModel viewModel;
    private final Path samples;
    private final Parent root;

    @FXML private Label title, text;
    @FXML private Button nextButton, recordingButton;
    @FXML private Label recordingProblem, staleNote;
    @FXML private HBox strip, runs;
    @FXML private Label runsText;

    /** @param samples the sample-data directory, where a preset's recorded run lies */
    public LessonView(PresetsViewModel viewModel, Path samples) {
        this.viewModel = viewModel;
        this.samples = samples;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    /** "Training now: …" and Pause all; shown only while something trains. */
    public Node runsBar() {
        return runs;
    }

    @FXML
    private void initialize() {
        strip.visibleProperty().bind(viewModel.lessonProperty().isNotNull());
        strip.managedProperty().bind(strip.visibleProperty());
        title.textProperty().bind(viewModel.lessonProperty().map(Preset::title));
        text.textProperty().bind(viewModel.lessonProperty().map(Preset::explanation));
        nextButton.textProperty().bind(viewModel.lessonProperty().map(p -> p.next() == null ? "" : "Next: " + p.next().title()));
        nextButton.visibleProperty().bind(viewModel.lessonProperty().map(p -> p.next() != null).orElse(false));
        nextButton.managedProperty().bind(nextButton.visibleProperty());
        nextButton.setMnemonicParsing(false);
        recordingButton.visibleProperty().bind(viewModel.lessonProperty().map(p -> p.recording() != null).orElse(false));
        recordingButton.managedProperty().bind(recordingButton.visibleProperty());
        recordingProblem.visibleProperty().bind(recordingProblem.textProperty().isNotEmpty());
        recordingProblem.managedProperty().bind(recordingProblem.visibleProperty());
        viewModel.lessonProperty().addListener(o -> recordingProblem.setText(""));
        staleNote.visibleProperty().bind(viewModel.lessonStaleProperty());
        staleNote.managedProperty().bind(staleNote.visibleProperty());
        runs.visibleProperty().bind(viewModel.liveRunsProperty().isNotEmpty());
        runs.managedProperty().bind(runs.visibleProperty());
        runsText.textProperty().bind(viewModel.liveRunsProperty());
    }

    @FXML
    private void pauseAll() {
        viewModel.pauseAll();
    }

    @FXML
    private void next() {
        Preset p = viewModel.lessonProperty().get();
        if (p != null && p.next() != null) viewModel.apply(p.next());
    }

    /** Opens the lesson's recorded run in a window of its own; a missing or broken file is said in the strip. */
    @FXML
    private void openRecording() {
        Preset p = viewModel.lessonProperty().get();
        if (p == null || p.recording() == null) return;
        try {
            RecordedRun run = RecordedRun.read(samples.resolve(p.recording()));
            recordingProblem.setText("");
            new RecordedRunWindow(root.getScene() == null ? null : root.getScene().getWindow(), run).show();
        } catch (IOException e) {
            recordingProblem.setText("Cannot show the recorded run: " + e.getMessage());
        }
    }

    @FXML
    private void close() {
        viewModel.dismissLesson();
    }
}
