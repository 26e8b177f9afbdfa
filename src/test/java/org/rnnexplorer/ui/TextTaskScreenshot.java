package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.TextTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneId;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * The README's screenshots of the text task: Sample in the Training pane and the coloured characters in Hidden
 * states, after a char-rnn run on the bundled corpus. Under Xvfb:
 * <pre>xvfb-run -s "-screen 0 1600x1000x24" mvn -B test -Dtest=TextTaskScreenshot -Dsurefire.excludedGroups= \
 *   -Dheadless.jvmArgs=-Dprism.order=sw -Drnnx.screenshots=assets/screenshots</pre>
 * Without {@code rnnx.screenshots} the images go to target/screenshots. Tagged so that the normal build skips it.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class TextTaskScreenshot {

    /** Iterations of the run the pictures show. */
    static final int ITERATIONS = 1500;

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), null, MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1520);
        stage.setHeight(960);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesScreenshotsOfTheTextTask(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        int steps = 100, batch = 32;
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.state().formProperty().get() != null);
        var training = explorer.training();
        robot.interact(() -> {
            RnnConfig config = new RnnConfig(CellMode.RNN_TANH, 10, 64, 1, true, false, 0, false, 0);
            explorer.state().editForm(new ModelState(config, new InputSpec(steps, batch, false, null, false),
                    new InputLayout(steps, batch, false, false)));
            explorer.state().selectedPaneProperty().set(PaneId.TRAINING);
            training.taskProperty().set("text");
            training.stepsProperty().set(String.valueOf(steps));
            training.batchSizeProperty().set(String.valueOf(batch));
            training.optimizerProperty().set("adam");
            training.lrProperty().set("0.005");
            training.runFor(ITERATIONS);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.MINUTES, () -> training.trainingProperty().get() != null
                && training.trainingProperty().get().iteration() == ITERATIONS
                && training.trainingProperty().get().state() != RunState.RUNNING);
        robot.interact(() -> {
            explorer.window().statusProperty().set("");
            training.sampleTemperatureProperty().set("0.7");
            training.sample();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !training.sampleTextProperty().get().isEmpty());
        settle();
        shoot(dir.resolve("text-training.png"));

        // The unit whose h_t differs most between a space and a letter read: it has learned where words end.
        TraceSnapshot trace = explorer.live().snapshot().trace();
        int unit = wordBoundaryUnit(trace);
        robot.interact(() -> {
            explorer.state().selectedPaneProperty().set(PaneId.HIDDEN_STATES);
            explorer.hidden().unitsTextProperty().set(String.valueOf(unit));
            explorer.cursor().moveTo(40);
        });
        settle();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.hidden().textStripProperty().get() != null
                && explorer.hiddenView().unitsChart().shownLines().size() == 1);
        settle();
        shoot(dir.resolve("text-hidden-states.png"));
    }

    /** The unit with the largest gap between its mean h_t after reading a space and after reading a letter. */
    private static int wordBoundaryUnit(TraceSnapshot trace) {
        TextTrace text = trace.text();
        int h = trace.config().hiddenSize();
        float[] states = trace.direction(0, 0).hidden();
        int best = 0;
        double bestGap = -1;
        for (int u = 0; u < h; u++) {
            double space = 0, letter = 0;
            int spaces = 0, letters = 0;
            for (int t = 0; t < text.steps(); t++) {
                if (text.read()[t] == ' ') {
                    space += states[t * h + u];
                    spaces++;
                } else if (Character.isLetter(text.read()[t])) {
                    letter += states[t * h + u];
                    letters++;
                }
            }
            if (spaces == 0 || letters == 0) continue;
            double gap = Math.abs(space / spaces - letter / letters);
            if (gap > bestGap) {
                bestGap = gap;
                best = u;
            }
        }
        return best;
    }

    private static void settle() throws Exception {
        SceneShots.settle(2500); // background frames and chart drawings, then a few pulses
    }

    private void shoot(Path file) throws Exception {
        SceneShots.write(explorer, file);
    }
}
