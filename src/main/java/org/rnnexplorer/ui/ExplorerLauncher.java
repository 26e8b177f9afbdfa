package org.rnnexplorer.ui;

import javafx.application.Application;

/**
 * Entry point. A plain main class that does not extend Application, so the app starts from the class path
 * (java -cp … org.rnnexplorer.ui.ExplorerLauncher) without JavaFX on the module path.
 */
public final class ExplorerLauncher {

    private ExplorerLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(ExplorerApp.class, args);
    }
}
