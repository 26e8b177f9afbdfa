package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * Makes the README's screenshots of the main window, headless (Monocle, software rendering):
 * <pre>mvn -B test -Dtest=MainWindowScreenshot -Dsurefire.excludedGroups= -Drnnx.screenshots=assets/screenshots</pre>
 * Without {@code rnnx.screenshots} the images go to target/screenshots. Tagged so that the normal build skips it.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class MainWindowScreenshot {

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
    void writesScreenshotsOfEachTab(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        // A bidirectional two-layer RNN on a padded batch shows every part of the diagram.
        robot.interact(() -> {
            explorer.model().bidirectionalProperty().set(true);
            explorer.model().lengthsProperty().set("5,3,2");
        });
        settle();
        // The start-up line measures this test JVM, not the app: keep it out of the picture.
        robot.interact(() -> explorer.window().statusProperty().set(""));
        settle();
        shoot(robot, dir.resolve("main-window.png"));
        robot.interact(() -> explorer.mainView().tabs().getSelectionModel().select(1));
        settle();
        shoot(robot, dir.resolve("weights.png"));
        robot.interact(() -> explorer.window().themeProperty().set(Theme.DARK));
        settle();
        shoot(robot, dir.resolve("weights-dark.png"));

        // The live panes on a longer sequence, part-way through BPTT step-through.
        robot.interact(() -> {
            explorer.window().themeProperty().set(Theme.LIGHT);
            explorer.model().lengthsProperty().set("");
            explorer.model().seqLenProperty().set("80");
            explorer.model().hiddenSizeProperty().set("48");
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != null
                && explorer.live().snapshot().trace().steps() == 80 && explorer.live().snapshot().trace().config().hiddenSize() == 48);
        robot.interact(() -> {
            explorer.mainView().tabs().getSelectionModel().select(3);
            explorer.gradient().logMagnitudeProperty().set(true);
            for (int i = 0; i < 11; i++) explorer.cursor().stepBackThroughBptt(); // 11 BPTT steps, as the README says
        });
        settle();
        shoot(robot, dir.resolve("gradient-flow.png"));
        // Hidden states with W_hh rescaled to ρ = 2.5: many tanh units saturate (hatched).
        long version = explorer.weights().versionProperty().get();
        robot.interact(() -> {
            explorer.weights().targetRhoProperty().set(2.5);
            explorer.weights().rescaleToTargetRho();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.weights().versionProperty().get() > version);
        settle();
        robot.interact(() -> {
            explorer.hidden().unitsTextProperty().set("0, 5, 11");
            explorer.mainView().tabs().getSelectionModel().select(2);
            explorer.cursor().moveTo(30);
        });
        settle();
        shoot(robot, dir.resolve("hidden-states.png"));
    }

    private static void settle() throws Exception {
        SceneShots.settle(700); // background spectra, then a few pulses
    }

    private void shoot(FxRobot robot, Path file) throws Exception {
        SceneShots.write(explorer, file);
    }
}
