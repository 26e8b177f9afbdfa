package org.rnnexplorer.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one explorer window, its layout remembered in the user's configuration directory. */
public final class ExplorerApp extends Application {

    private ExplorerWindow window;

    @Override
    public void start(Stage stage) {
        StartupTimes.mark("fx started");
        window = new ExplorerWindow(PreferencesStore.forUser(), null, MainWindowViewModel.installedBackends(),
                System.getProperty(org.rnnexplorer.engine.backend.Backends.PROPERTY));
        window.show(stage);
    }

    @Override
    public void stop() {
        if (window != null) window.close();
    }
}
