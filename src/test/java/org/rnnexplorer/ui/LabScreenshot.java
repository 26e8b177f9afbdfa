package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;


/**
 * The README's screenshots of the Training, A/B and Pitfalls panes, each after its preset ran a while, headless:
 * <pre>mvn -B test -Dtest=LabScreenshot -Dsurefire.excludedGroups= -Drnnx.screenshots=assets/screenshots</pre>
 * Without {@code rnnx.screenshots} the images go to target/screenshots. Tagged so that the normal build skips it.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class LabScreenshot {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), new SafetensorsWeightsFiles(),
                MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setWidth(1520);
        stage.setHeight(960);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesScreenshotsOfTheLabPanes(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        robot.interact(() -> explorer.presets().apply(Preset.EXPLODING_CLIPPED));
        waitFor(() -> explorer.training().trainingProperty().get() != null
                && explorer.training().trainingProperty().get().iteration() >= 300);
        robot.interact(() -> explorer.training().pause());
        shoot(dir.resolve("training.png"));

        robot.interact(() -> explorer.presets().apply(Preset.TANH_VS_RELU));
        waitFor(() -> explorer.compare().trainingAProperty().get() != null
                && explorer.compare().trainingAProperty().get().iteration() >= 800
                && explorer.compare().trainingBProperty().get().iteration() >= 800);
        robot.interact(() -> explorer.compare().pause());
        shoot(dir.resolve("ab-runs.png"));

        robot.interact(() -> explorer.presets().apply(Preset.PITFALL_DETACH));
        waitFor(() -> explorer.pitfalls().detachProperty().get() != null
                && explorer.pitfalls().batchFirstProperty().get() != null);
        shoot(dir.resolve("pitfalls.png"));
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, condition);
    }

    private void shoot(Path file) throws Exception {
        SceneShots.settle(800);
        robotless(() -> explorer.window().statusProperty().set(""));
        SceneShots.write(explorer, file);
    }

    private static void robotless(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }
}
