package org.rnnexplorer.archfixtures.ui;

import org.rnnexplorer.archfixtures.ui.hidden.HiddenStatesViewModel;

/** Planted: the window builds a view-model (allowed), reads an accessor (allowed) and calls a command on it (not). */
public class ExplorerWindow {
    Object build() {
        HiddenStatesViewModel hidden = new HiddenStatesViewModel();
        Object title = hidden.titleProperty();
        hidden.leave();
        return title;
    }
}
