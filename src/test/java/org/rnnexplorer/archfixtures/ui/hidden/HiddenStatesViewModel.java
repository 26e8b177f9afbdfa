package org.rnnexplorer.archfixtures.ui.hidden;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A view-model that keeps the rules: javafx.beans only, an accessor and a command. */
public class HiddenStatesViewModel {
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public void leave() {
        title.set("");
    }
}
