package org.rnnexplorer.ui.state;

import javafx.beans.property.ReadOnlyLongProperty;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.service.RunSpec;

/**
 * The Training pane's settings as other parts of the window read them: the A/B view's runs share the task,
 * optimiser, clipping, batch size and seed; a workspace saves them. Implemented by the Training pane's view-model,
 * which the readers never see. FX thread only.
 */
public interface TrainingSettings {

    /** Iterations a Run asks for before stopping by itself (Pause/Run continue). */
    long RUN_LENGTH = 1_000_000;

    /**
     * The run the settings describe, on the form's model.
     *
     * @throws TrainingSettingsException naming the control whose value cannot run
     */
    RunSpec buildSpec();

    /** Increments whenever a setting changes, here or outside (the form, the weights, the backend). */
    ReadOnlyLongProperty settingsVersionProperty();

    /**
     * The settings as a workspace section.
     *
     * @throws TrainingSettingsException when a control does not parse (a workspace stores numbers)
     */
    Workspace.Training toWorkspace();
}
