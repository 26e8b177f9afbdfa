package org.rnnexplorer.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.io.SampleDirectory;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.chart.TimeSeriesChart.SeriesLine;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.presets.RecordedRun;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "IRNN against tanh" preset's recorded long run (Le et al.'s own setting) opens from the lesson strip in a
 * window beside the main one, with the file's curves and the sentences computed from them; other presets have none.
 */
@Tag("ui")
class RecordedRunUiTest extends ExplorerWindowFixture {

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void theIrnnPresetOpensItsRecordedRunBesideTheLiveOne(FxRobot robot) throws Exception {
        robot.interact(() -> {
            explorer.presets().apply(Preset.IRNN_VS_TANH);
            explorer.presets().pauseAll(); // the live runs are not what this test is about
        });
        WaitForAsyncUtils.waitForFxEvents();
        Button open = robot.lookup(".button").match((Button b) -> "Recorded long run…".equals(b.getText())).query();
        assertTrue(open.isVisible(), "the IRNN preset offers its recording");
        assertTrue(explorer.presets().lessonProperty().get().explanation().contains("\"Recorded long run\" opens"));
        robot.clickOn(open);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Window.getWindows().stream().anyMatch(w -> w != stage));
        Stage recording = (Stage) Window.getWindows().stream().filter(w -> w != stage).findFirst().orElseThrow();
        RecordedRun expected = RecordedRun.read(SampleDirectory.path().resolve(Preset.IRNN_VS_TANH.recording()));
        assertEquals(expected.title(), recording.getTitle());
        Label summary = (Label) recording.getScene().lookup("#recordedSummary");
        assertEquals(expected.summary(), summary.getText());
        assertTrue(summary.getText().contains("IRNN: ReLU, W_hh = I: first under half the chance level by iteration"),
                summary.getText());
        assertTrue(summary.getText().contains("tanh, PyTorch default init: never under half the chance level"),
                summary.getText());
        TimeSeriesChart chart = (TimeSeriesChart) recording.getScene().getRoot().lookupAll("*").stream()
                .filter(n -> n instanceof TimeSeriesChart).findFirst().orElseThrow();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !chart.shownLines().isEmpty()); // drawn off the FX thread
        List<SeriesLine> lines = chart.shownLines();
        assertEquals(List.of("IRNN: ReLU, W_hh = I", "tanh, PyTorch default init", "chance level"),
                lines.stream().map(SeriesLine::key).toList());
        assertEquals(expected.runs().getFirst().loss().length, lines.getFirst().y().length);
        assertEquals(expected.runs().getFirst().loss()[999], lines.getFirst().y()[999]);

        robot.interact(() -> explorer.presets().apply(Preset.ARTICLE_EXAMPLE));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(open.isVisible(), "a preset without a recording offers none");
    }
}
