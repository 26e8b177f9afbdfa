package org.rnnexplorer.ui;

import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Asks before unsaved weights go: before the window closes (its close box, File ▸ Quit) and before an action replaces
 * them (a preset, a workspace, a weights file, an ended window's work), while the weights shown were trained or
 * edited and no workspace or weights file holds them: an hour of training is otherwise gone with one click. A form
 * change does not ask, since each keystroke applies: unsaved weights it re-shapes away are offered back instead
 * ({@link WeightsViewModel#displacedOfferProperty()}). A preset's own run is not unsaved: the preset reproduces it
 * ({@link WeightsViewModel#unsavedProperty()}). Saving writes a workspace (the model, the weights,
 * the settings in one file) and goes on once it is written; a failed write goes no further, with the banner saying
 * why. No scene types: the dialog and the file chooser come in as {@link Prompt} and a path supplier.
 */
final class UnsavedWorkGuard {

    /** The answers the dialog offers: save a workspace first, go on without saving, or do nothing. */
    enum Choice { SAVE, DISCARD, CANCEL }

    /** Shows the question and waits for the answer (a modal dialog: a nested event loop, not a wait on the engine). */
    interface Prompt {
        /** @param discardLabel the button that goes on without saving, e.g. "Close without saving" */
        Choice ask(String header, String content, String discardLabel);
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
    UnsavedWorkGuard(WeightsViewModel weights, WorkspaceViewModel workspace, Prompt prompt,
                     Supplier<Path> chooseWorkspace, Runnable closeNow) {
        this.weights = weights;
        this.workspace = workspace;
        this.prompt = prompt;
        this.chooseWorkspace = chooseWorkspace;
        this.closeNow = closeNow;
    }

    /**
     * Whether the window may close now. With nothing unsaved it may; otherwise the user chooses: close without
     * saving, cancel, or save a workspace first (then not now: the window closes itself once the file is written and
     * every set the bar offers has had its own question). The weights shown are asked about first, then each offered
     * set in turn.
     */
    boolean allowsClosing() {
        Unsaved unsaved = weights.unsavedProperty().get();
        if (unsaved == Unsaved.NONE) return allowsClosingWithoutTheOffered();
        String content = content(unsaved, weights.sourceProperty().get(), "closing now loses them", "then closes");
        return switch (prompt.ask(header(unsaved, "closing"), content, "Close without saving")) {
            case DISCARD -> allowsClosingWithoutTheOffered();
            case CANCEL -> false;
            case SAVE -> {
                saveThen(() -> { }, this::closeOnceAnswered);
                yield false;
            }
        };
    }

    /**
     * With the weights shown saved or given up, whether the window may close while weights that were replaced without
     * a question are still offered: the same question about each, newest first. Saving brings them back (with their
     * model) and writes them; closing without saving lets them go and asks about the next.
     */
    private boolean allowsClosingWithoutTheOffered() {
        for (Unsaved offered = weights.displacedUnsaved(); offered != null; offered = weights.displacedUnsaved()) {
            String header = "Save the " + offered.adjective() + " weights the bar above offers back before closing?";
            String content = weights.displacedOfferProperty().get() + " Closing now loses them.\n\nSave workspace… "
                    + "brings them back with their model, writes the model, the weights and the settings to one file "
                    + "(File ▸ Open workspace… brings them back) and then closes.";
            switch (prompt.ask(header, content, "Close without saving")) {
                case DISCARD -> weights.letDisplacedGo();
                case CANCEL -> {
                    return false;
                }
                case SAVE -> {
                    // The weights shown are saved or given up by now: not set aside to be asked about again.
                    saveThen(() -> weights.bringBackDisplaced(false), this::closeOnceAnswered);
                    return false;
                }
            }
        }
        return true;
    }

    /** After a save: closes unless an offered set is still to be asked about and the answer is to stay. */
    private void closeOnceAnswered() {
        if (allowsClosingWithoutTheOffered()) closeNow.run();
    }

    /**
     * Runs {@code replace}, which replaces the weights shown: now when nothing is unsaved, else as the user chooses
     * (after a workspace with them is written, now without saving, or never).
     *
     * @param action what replaces them, e.g. "loading the preset “Vanishing gradients”"
     */
    void replacing(String action, Runnable replace) {
        Unsaved unsaved = weights.unsavedProperty().get();
        if (unsaved == Unsaved.NONE) {
            replace.run();
            return;
        }
        String content = content(unsaved, weights.sourceProperty().get(), action + " replaces them", "then goes on");
        switch (prompt.ask(header(unsaved, action), content, "Don't save")) {
            case DISCARD -> replace.run();
            case CANCEL -> { }
            case SAVE -> saveThen(() -> { }, replace);
        }
    }

    /** Asks where to save; once chosen, runs {@code first}, writes the workspace, then {@code next} once written. */
    private void saveThen(Runnable first, Runnable next) {
        Path file = chooseWorkspace.get();
        if (file == null) return;
        first.run();
        workspace.save(file, next);
    }

    /** The window's title: "RNN Explorer", and while something is unsaved, what ("… — trained weights not saved"). */
    static String title(Unsaved unsaved) {
        return unsaved == null || unsaved == Unsaved.NONE ? "RNN Explorer"
                : "RNN Explorer — " + unsaved.adjective() + " weights not saved";
    }

    /** The dialog's question, naming what happened to the weights and what comes: "Save the trained weights before closing?". */
    static String header(Unsaved unsaved, String action) {
        return "Save the " + unsaved.adjective() + " weights before " + action + "?";
    }

    /**
     * What going on loses ({@code loss}: "closing now loses them"), where the weights came from, and what a save does
     * before going on ({@code afterSave}: "then closes").
     */
    static String content(Unsaved unsaved, String source, String loss, String afterSave) {
        String save = "\n\nSave workspace… writes the model, the weights and the settings to one file (File ▸ Open "
                + "workspace… brings them back) and " + afterSave + ".";
        if (unsaved == Unsaved.RECOVERED) {
            return "The weights shown were recovered from a window that ended without closing, and no workspace or "
                    + "weights file of yours holds them: " + loss + "." + save;
        }
        String how = switch (unsaved) {
            case TRAINED -> "were moved by training";
            case EDITED -> "were edited in the Weights pane";
            case TRAINED_AND_EDITED -> "were edited in the Weights pane and moved by training";
            case NONE, RECOVERED -> throw new IllegalArgumentException("nothing is unsaved");
        };
        String from = source == null || source.isBlank() ? "" : " (" + source + ")";
        return "The weights shown " + how + " since they were loaded" + from + ", and no workspace or weights file "
                + "holds them: " + loss + "." + save;
    }
}
