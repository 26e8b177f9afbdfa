package org.rnnexplorer.ui;

import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Asks before the window closes (its close box, File ▸ Quit) while the weights shown were trained or edited and no
 * workspace or weights file holds them: an hour of training is otherwise gone with one click. The form's own values
 * are not asked about: its weights come again from the seed. Saving writes a workspace (the model, the weights, the
 * settings in one file) and closes once it is written; a failed write keeps the window open with the banner saying
 * why. No scene types: the dialog and the file chooser come in as {@link Prompt} and a path supplier.
 */
final class CloseGuard {

    /** The answers the dialog offers. */
    enum Choice { SAVE, CLOSE_WITHOUT_SAVING, CANCEL }

    /** Shows the question and waits for the answer (a modal dialog: a nested event loop, not a wait on the engine). */
    interface Prompt {
        Choice ask(String header, String content);
    }

    private final WeightsViewModel weights;
    private final WorkspaceViewModel workspace;
    private final Prompt prompt;
    private final Supplier<Path> chooseWorkspace;
    private final Runnable closeNow;

    /**
     * @param chooseWorkspace asks where to save the workspace; null when the user cancels
     * @param closeNow        closes the window after a save the user asked for has been written
     */
    CloseGuard(WeightsViewModel weights, WorkspaceViewModel workspace, Prompt prompt, Supplier<Path> chooseWorkspace,
               Runnable closeNow) {
        this.weights = weights;
        this.workspace = workspace;
        this.prompt = prompt;
        this.chooseWorkspace = chooseWorkspace;
        this.closeNow = closeNow;
    }

    /**
     * Whether the window may close now. With nothing unsaved it may; otherwise the user chooses: close without
     * saving, cancel, or save a workspace first (then not now: the window closes itself once the file is written).
     */
    boolean allowsClosing() {
        Unsaved unsaved = weights.unsavedProperty().get();
        if (unsaved == Unsaved.NONE) return true;
        return switch (prompt.ask(header(unsaved), content(unsaved, weights.sourceProperty().get()))) {
            case CLOSE_WITHOUT_SAVING -> true;
            case CANCEL -> false;
            case SAVE -> {
                Path file = chooseWorkspace.get();
                if (file != null) workspace.save(file, closeNow);
                yield false;
            }
        };
    }

    /** The window's title: "RNN Explorer", and while something is unsaved, what ("… — trained weights not saved"). */
    static String title(Unsaved unsaved) {
        return unsaved == null || unsaved == Unsaved.NONE ? "RNN Explorer"
                : "RNN Explorer — " + what(unsaved) + " weights not saved";
    }

    /** The dialog's question, naming what happened to the weights. */
    static String header(Unsaved unsaved) {
        return "Save the " + what(unsaved) + " weights before closing?";
    }

    /** What closing loses, and where the weights came from. */
    static String content(Unsaved unsaved, String source) {
        String from = source == null || source.isBlank() ? "" : " (" + source + ")";
        if (unsaved == Unsaved.RECOVERED) {
            return "The weights shown were recovered from a window that ended without closing, and no workspace or "
                    + "weights file of yours holds them: closing now loses them.\n\nSave workspace… writes the model, "
                    + "the weights and the settings to one file (File ▸ Open workspace… brings them back) and then "
                    + "closes.";
        }
        String how = switch (unsaved) {
            case TRAINED -> "were moved by training";
            case EDITED -> "were edited in the Weights pane";
            case TRAINED_AND_EDITED -> "were edited in the Weights pane and moved by training";
            case NONE, RECOVERED -> throw new IllegalArgumentException("nothing is unsaved");
        };
        return "The weights shown " + how + " since they were loaded" + from + ", and no workspace or weights file "
                + "holds them: closing now loses them.\n\nSave workspace… writes the model, the weights and the "
                + "settings to one file (File ▸ Open workspace… brings them back) and then closes.";
    }

    private static String what(Unsaved unsaved) {
        return switch (unsaved) {
            case TRAINED -> "trained";
            case EDITED -> "edited";
            case TRAINED_AND_EDITED -> "edited and trained";
            case RECOVERED -> "recovered";
            case NONE -> throw new IllegalArgumentException("nothing is unsaved");
        };
    }
}
