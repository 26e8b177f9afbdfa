package org.rnnexplorer.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;

import java.nio.file.Path;
import java.util.List;

/** The JavaFX application: one explorer window, its layout remembered in the user's configuration directory. */
public final class ExplorerApp extends Application {

    private ExplorerWindow window;

    @Override
    public void start(Stage stage) {
        StartupTimes.mark("fx started");
        window = new ExplorerWindow(PreferencesStore.forUser(), new SafetensorsWeightsFiles(),
                MainWindowViewModel.installedBackends(), System.getProperty(Backends.PROPERTY));
        window.show(stage);
        // A file association (or the command line) passes the file to open as the first argument.
        List<String> args = getParameters().getRaw();
        if (!args.isEmpty() && !args.getFirst().isBlank()) window.open(Path.of(args.getFirst()));
    }

    @Override
    public void stop() {
        if (window != null) window.close();
    }
}
