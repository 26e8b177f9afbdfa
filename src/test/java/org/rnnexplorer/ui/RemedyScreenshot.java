package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * The README's screenshot of "The article's remedy" after its three runs finished, at 1600 × 1000, e.g. under Xvfb:
 * <pre>xvfb-run -s "-screen 0 1600x1000x24" mvn -B test -Dtest=RemedyScreenshot -Dsurefire.excludedGroups= \
 *   "-Dheadless.jvmArgs=-Dprism.order=sw" -Drnnx.screenshots=assets/screenshots</pre>
 * Without {@code rnnx.screenshots} the image goes to target/screenshots. Tagged so that the normal build skips it.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class RemedyScreenshot {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), new SafetensorsWeightsFiles(),
                MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1600);
        stage.setHeight(1000);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesTheRemedyScreenshot(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        robot.interact(() -> explorer.presets().apply(Preset.REMEDY));
        WaitForAsyncUtils.waitFor(1200, TimeUnit.SECONDS, () -> finished(explorer.compare().trainingAProperty().get())
                && finished(explorer.compare().trainingBProperty().get())
                && finished(explorer.compare().third().trainingProperty().get()));
        SceneShots.settle(800);
        WaitForAsyncUtils.asyncFx(() -> explorer.window().statusProperty().set("")).get(10, TimeUnit.SECONDS);
        Path file = dir.resolve("remedy.png");
        SceneShots.write(explorer, file);
    }

    private static boolean finished(ServiceSnapshot s) {
        return s != null && s.iteration() >= Preset.REMEDY.budget();
    }
}
