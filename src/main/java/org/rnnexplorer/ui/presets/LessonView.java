package org.rnnexplorer.ui.presets;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.rnnexplorer.ui.fx.FxmlViews;

/**
 * The strip at the top of the window with the active preset's explanation, whatever tab is shown, and under it the
 * runs training now (main, A, B) with a button that pauses them all.
 */
public final class LessonView {

    private final PresetsViewModel viewModel;
    private final Parent root;

    @FXML private Label title, text;
    @FXML private Button nextButton;
    @FXML private HBox strip, runs;
    @FXML private Label runsText;

    public LessonView(PresetsViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
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

    @FXML
    private void close() {
        viewModel.dismissLesson();
    }
}
