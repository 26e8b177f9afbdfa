package org.rnnexplorer.ui;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Exploration only (tag screenshot): every tab at a size and zoom, screenshots and problems printed. */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class ProjectorWalkProbe {
    @TempDir
    Path prefs;
    private ExplorerWindow explorer;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        explorer = new ExplorerWindow(new PreferencesStore(prefs), ExplorerWindowUiTest.REJECTING,
                MainWindowViewModel.installedBackends(), "scalar");
        explorer.show(stage);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> stage.hide());
        explorer.close();
    }

    @Test
    void walk(FxRobot robot) throws Exception {
        for (String one : System.getProperty("probe", "1600x1000x1.5625").split(",")) walk(robot, one.split("x"));
    }

    private void walk(FxRobot robot, String[] spec) throws Exception {
        double w = Double.parseDouble(spec[0]), h = Double.parseDouble(spec[1]), z = Double.parseDouble(spec[2]);
        Path dir = Path.of("target/probe");
        Files.createDirectories(dir);
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(w);
            stage.setHeight(h);
            explorer.window().zoomProperty().set(z);
        });
        for (String tab : ExplorerPanes.TITLES) {
            robot.interact(() -> explorer.window().selectedTabProperty().set(tab));
            for (int i = 0; i < 3; i++) {
                WaitForAsyncUtils.waitForFxEvents();
                Thread.sleep(600);
                robot.interact(FrameScheduler::flush);
            }
            robot.interact(() -> stage.getScene().getRoot().layout());
            var cut = WaitForAsyncUtils.asyncFx(() -> ProjectorChecks.problems(stage.getScene().getRoot())).get();
            System.out.println("TAB " + tab + ": " + cut.size() + " truncated");
            cut.forEach(c -> System.out.println("   " + c));
            WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(20, TimeUnit.SECONDS);
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png",
                    dir.resolve(spec[0] + "x" + spec[2] + "-" + tab.replaceAll("[^A-Za-z]", "") + ".png").toFile());
        }
    }
}
