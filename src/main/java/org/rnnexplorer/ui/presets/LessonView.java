package org.rnnexplorer.ui.presets;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.rnnexplorer.ui.fx.CappedText;
import org.rnnexplorer.ui.fx.FxmlViews;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The strip at the top of the window with the active preset's explanation, whatever tab is shown, and the runs
 * training now (main, A, B) with a button that pauses them all, which the window puts in its status bar
 * ({@link #runsBar()}): a bar of its own above the panes moved them down by its height whenever training started.
 *
 * <p>The explanation takes at most {@link #COLLAPSED_LINES} lines at the strip's width and font (zoom included); a
 * longer one scrolls there, and "Show all" shows it whole until "Show less" (or another preset). Shown whole, the
 * longer explanations took 5 lines at 1366 px and 10 at 1024 and pushed the panes' own sentences ("Clipping never
 * fired", Pascanu's bound) under the next column or the time bar.
 */
public final class LessonView {

    /** How many lines of the explanation the strip shows before it scrolls, unless the user asks for all of it. */
    public static final int COLLAPSED_LINES = 3;

    private final PresetsViewModel viewModel;
    private final Path samples;
    private final Parent root;

    @FXML private Label title;
    @FXML private CappedText textScroll;
    @FXML private Hyperlink moreLink;
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
        Label text = textScroll.label();
        text.getStyleClass().add("lesson-text");
        text.textProperty().bind(viewModel.lessonProperty().map(Preset::explanation));
        textScroll.maxLinesProperty().set(COLLAPSED_LINES);
        viewModel.lessonProperty().addListener(o -> {
            textScroll.wholeProperty().set(false);
            textScroll.setVvalue(0);
        });
        // Always managed: it comes and goes with the strip's width without moving the title.
        moreLink.visibleProperty().bind(textScroll.cutProperty());
        moreLink.textProperty().bind(textScroll.wholeProperty().map(w -> w ? "Show less" : "Show all"));
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
    private void toggleWhole() {
        textScroll.wholeProperty().set(!textScroll.wholeProperty().get());
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
