package org.rnnexplorer.ui;

import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;

/**
 * The explorer's window under TestFX as the window tests want it: preferences in a fresh temporary folder, the
 * scalar backend, every backend this machine has in the chooser, and the real weights-file reader unless a test
 * overrides {@link #files()}. After each test every other window it opened (a dialog, the recorded run) is hidden,
 * then the main one, and the window's services are closed.
 */
@ExtendWith(ApplicationExtension.class)
abstract class ExplorerWindowFixture {

    @TempDir
    Path prefs;

    protected ExplorerWindow explorer;
    protected Stage stage;

    /** What File ▸ Open weights and drag-and-drop read with. */
    WeightsFileHandler files() {
        return new SafetensorsWeightsFiles();
    }

    /** Puts files in the preferences directory before the window opens (a crashed window's work); none here. */
    void preparePreferences(Path directory) throws Exception {
    }

    // A @BeforeEach, not TestFX's @Start: ApplicationExtension looks for @Start on the test class itself only.
    @BeforeEach
    void open(FxRobot robot) throws Exception {
        preparePreferences(prefs);
        stage = FxToolkit.registerPrimaryStage();
        robot.interact(() -> {
            explorer = new ExplorerWindow(new PreferencesStore(prefs), files(), MainWindowViewModel.installedBackends(),
                    "scalar");
            explorer.show(stage);
        });
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) if (w != stage) w.hide();
            stage.hide();
        });
        explorer.close();
    }
}
