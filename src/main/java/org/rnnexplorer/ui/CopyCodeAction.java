package org.rnnexplorer.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.property.StringProperty;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.run.CopiedRun;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Copy in Model &amp; shapes: writes the weights, x and h_0 of the window's explore pass as an .npz in a directory
 * ({@code ~/.cache/rnn-explorer} in the window) and gives the script that loads them, so that PyTorch reproduces the
 * window's numbers; the status line says where the file is. The file is a few kilobytes, written on the FX thread.
 */
final class CopyCodeAction implements Supplier<String> {
    private final ExplorerState state;
    private final Path directory;
    private final StringProperty status;
    private final Consumer<String> problem;
    private final Consumer<String> withdraw;
    /** The problem this action last showed, withdrawn by a Copy that works; null when none is up. */
    private String shownProblem;
    /** The status line of the last Copy while it still describes the window, else null. */
    private String copiedStatus;
    private Path copiedFile;

    /**
     * @param status the window's status line: Copy says there where its file is, and says when the form, the input or
     *               the weights have moved on since (that file then holds the earlier numbers)
     */
    CopyCodeAction(ExplorerState state, Path directory, StringProperty status, Consumer<String> problem) {
        this(state, directory, status, problem, p -> { });
    }

    /**
     * @param withdraw takes down a problem this action showed (if the banner still shows it) once a Copy works: a
     *                 "try again in a moment" stayed up over the status line's "Copied the PyTorch code"
     */
    CopyCodeAction(ExplorerState state, Path directory, StringProperty status, Consumer<String> problem,
                   Consumer<String> withdraw) {
        this.state = state;
        this.directory = directory;
        this.status = status;
        this.problem = problem;
        this.withdraw = withdraw;
        InvalidationListener changed = o -> markStale();
        state.formProperty().addListener(changed);
        state.inputProperty().addListener(changed);
        state.weightsVersionProperty().addListener(changed);
    }

    /** The copied file no longer holds what the window shows: the status line stops saying it does. */
    private void markStale() {
        if (copiedStatus == null) return;
        if (copiedStatus.equals(status.get())) {
            status.set("The model, input or weights changed since Copy: " + copiedFile
                    + " holds the earlier ones; Copy again for these numbers.");
        }
        copiedStatus = null;
    }

    /** The script to put on the clipboard, or null (with the problem shown) when nothing could be written. */
    @Override
    public String get() {
        ModelState form = state.formProperty().get();
        RunSpec explore = LiveRunRule.exploreSpec(form, state.weightsProperty().get(), state.inputProperty().get(),
                state.backendProperty().get());
        if (explore == null) {
            show("Copy: the weights do not have the form's shapes yet; try again in a moment.");
            return null;
        }
        try {
            CopiedRun.Copied copied = CopiedRun.write(form, explore, directory);
            copiedStatus = "Copied the PyTorch code; it loads the window's weights, x and h_0 from " + copied.dataFile();
            copiedFile = copied.dataFile();
            status.set(copiedStatus);
            if (shownProblem != null) withdraw.accept(shownProblem);
            shownProblem = null;
            return copied.code();
        } catch (IOException | RuntimeException e) {
            show("Copy could not write its data file in " + directory + ": " + e.getMessage());
            return null;
        }
    }

    private void show(String text) {
        shownProblem = text;
        problem.accept(text);
    }
}
