package org.rnnexplorer.ui.fx;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads {@code XxxView.fxml} from beside the controller class {@code XxxView}, with a controller built in code. */
public final class FxmlViews {

    private FxmlViews() {
    }

    /** Loads the FXML named after the controller's class; FXML's fx:controller gets this very instance. */
    public static Parent load(Object controller) {
        Class<?> type = controller.getClass();
        URL fxml = type.getResource(type.getSimpleName() + ".fxml");
        if (fxml == null) throw new IllegalStateException(type.getSimpleName() + ".fxml is missing beside " + type.getName());
        FXMLLoader loader = new FXMLLoader(fxml);
        loader.setControllerFactory(requested -> {
            if (requested.isInstance(controller)) return controller;
            throw new IllegalStateException(fxml + " asks for controller " + requested.getName() + ", not " + type.getName());
        });
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }
}
