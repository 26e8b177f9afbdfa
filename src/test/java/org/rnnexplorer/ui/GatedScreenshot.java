package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * The README's screenshots of an LSTM with proj_size in Model &amp; shapes and Weights (the f gate's block):
 * <pre>mvn -B test -Dtest=GatedScreenshot -Dsurefire.excludedGroups= -Drnnx.screenshots=assets/screenshots</pre>
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class GatedScreenshot {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), null, MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setWidth(1520);
        stage.setHeight(960);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesTheLstmViews(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        robot.interact(() -> {
            explorer.model().cellModeProperty().set(CellMode.LSTM);
            explorer.model().hiddenSizeProperty().set("16");
            explorer.model().projSizeProperty().set("4");
            explorer.window().statusProperty().set("");
        });
        settle();
        shoot(robot, dir.resolve("lstm-model.png"));
        robot.interact(() -> {
            explorer.mainView().tabs().getSelectionModel().select(1);
            explorer.weights().gateProperty().set(1);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> explorer.weights().spectrumProperty().get() != null
                && explorer.weights().spectrumProperty().get().gate().equals("f"));
        settle();
        shoot(robot, dir.resolve("lstm-weights.png"));
    }

    private static void settle() throws Exception {
        SceneShots.settle(700);
    }

    private void shoot(FxRobot robot, Path file) throws Exception {
        SceneShots.write(explorer, file);
    }
}
