package org.rnnexplorer.ui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the window's unsaved work where a crash cannot take it, and offers what an ended window kept.
 *
 * <p>While the weights shown are unsaved ({@link WeightsViewModel#unsavedProperty()}: trained, edited or recovered
 * and in no file of the user's), every {@link #tick()} (the window calls it every {@value #INTERVAL_SECONDS} s)
 * writes them with the rest of the workspace to this session's work file ({@link RecoveryStore}), when they changed
 * since the last write, and each set of unsaved weights the window offers back to a file of its own; once nothing is
 * unsaved (saved, reverted, let go, closed without saving) the files go. At start,
 * the work files of windows that ended without closing are offered one at a time: Restore opens one as a workspace
 * (its weights stay unsaved until saved), Discard deletes it.
 *
 * <p>FX thread; the file work runs on {@code writer}, in order, and answers come back through {@code fx}.
 */
final class RecoveryViewModel {

    /** How often the work is written while unsaved: at most this much training is lost to a crash. */
    static final int INTERVAL_SECONDS = 60;

    private static final System.Logger LOG = System.getLogger(RecoveryViewModel.class.getName());
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm 'on' d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private final RecoveryStore store;
    private final WeightsViewModel weights;
    private final WorkspaceViewModel workspace;
    private final Executor writer;
    private final Executor fx;
    private final ReadOnlyStringWrapper offer = new ReadOnlyStringWrapper(this, "offer", "");
    private final Deque<Path> orphans = new ArrayDeque<>();
    /** The module each ended window's work file holds, e.g. "RNN(2, 12, num_layers=2)", once read. */
    private final Map<Path, String> models = new HashMap<>();
    private boolean started;
    /** The weights of the last write asked for, one per work file (identity); empty when none is meant to exist. */
    private List<RnnParameters> written = List.of();
    private boolean writing;

    RecoveryViewModel(RecoveryStore store, WeightsViewModel weights, WorkspaceViewModel workspace, Executor writer,
                      Executor fx) {
        this.store = store;
        this.weights = weights;
        this.workspace = workspace;
        this.writer = writer;
        this.fx = fx;
    }

    /**
     * Takes this session's lock and looks for ended sessions' work; a directory that cannot be written leaves the
     * window without recovery (logged), not without a window.
     */
    void start() {
        try {
            store.start();
            started = true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "no recovery of unsaved work: " + e.getMessage());
            return;
        }
        orphans.addAll(store.orphans());
        showNext();
        // Which model each kept: read from the files' headers off the FX thread, then said in the offer.
        List<Path> found = List.copyOf(orphans);
        try {
            writer.execute(() -> {
                Map<Path, String> names = new HashMap<>();
                for (Path f : found) {
                    try {
                        names.put(f, WorkspaceFile.readModel(f).torchRepr());
                    } catch (IOException | RuntimeException unreadable) {
                        // Offered without a model's name; Restore says what is wrong with it.
                    }
                }
                fx.execute(() -> {
                    models.putAll(names);
                    showNext();
                });
            });
        } catch (RejectedExecutionException closed) {
            // The window is closing.
        }
    }

    /** What an ended window kept and when, for the bar that offers it; "" when nothing is offered. */
    ReadOnlyStringProperty offerProperty() {
        return offer.getReadOnlyProperty();
    }

    /** The work file offered now, or null. */
    Path offered() {
        return orphans.peekFirst();
    }

    /** Opens the offered work as a workspace; it becomes this session's work file and its weights stay unsaved. */
    void restore() {
        Path orphan = orphans.peekFirst();
        if (orphan == null) return;
        String kept = "the unsaved work kept at " + WHEN.format(RecoveryStore.modified(orphan).toInstant());
        if (weights.unsavedProperty().get() == Unsaved.RECOVERED) {
            // Another ended window's work restored a moment ago: set aside and offered back, as Bring them back does
            // with the weights it replaces, rather than a question whether to discard what was just recovered.
            restoreNow(orphan, kept, () -> weights.setAside("Restoring " + kept + " set aside"));
            return;
        }
        // This window's own unsaved weights would go: the same question as any other replacement.
        workspace.replacingWeights("restoring " + kept, () -> {
            if (orphans.peekFirst() == orphan) restoreNow(orphan, kept, () -> { });
        });
    }

    /** @param beforeApplied runs once the work file has been read, before it replaces the weights shown */
    private void restoreNow(Path orphan, String kept, Runnable beforeApplied) {
        orphans.pollFirst();
        try {
            Path mine = store.adopt(orphan);
            workspace.open(mine, kept, beforeApplied, () -> {
                weights.markRecovered();
                written = List.of(weights.parametersProperty().get()); // the work file holds these already
                // A set put aside for these was in the work file they were moved over: written again now, not in
                // a minute, so that a crash meanwhile cannot take it.
                tick();
            });
        } catch (IOException e) {
            workspace.reportProblem("Could not restore " + orphan.getFileName() + ": " + e.getMessage());
        }
        showNext();
    }

    /** Deletes the offered work; the next one, if any, is offered. */
    void discard() {
        Path orphan = orphans.pollFirst();
        if (orphan == null) return;
        try {
            store.discard(orphan);
        } catch (IOException e) {
            workspace.reportProblem("Could not delete " + orphan.getFileName() + ": " + e.getMessage());
        }
        showNext();
    }

    /**
     * Writes the work if it is unsaved and changed since the last write: the weights shown while they are unsaved,
     * then every set the bar offers back (each with its own model), one work file each; deletes the work files once
     * nothing is unsaved.
     */
    void tick() {
        if (!started || writing) return;
        boolean shownUnsaved = weights.unsavedProperty().get() != Unsaved.NONE;
        List<RnnParameters> sets = new ArrayList<>();
        if (shownUnsaved) sets.add(weights.parametersProperty().get());
        sets.addAll(weights.displacedSets());
        if (sets.isEmpty()) {
            if (!written.isEmpty()) {
                written = List.of();
                writer.execute(this::clearQuietly);
            }
            return;
        }
        if (sameObjects(sets, written)) return;
        List<Supplier<Workspace>> work = new ArrayList<>();
        try {
            for (int k = 0; k < sets.size(); k++) {
                work.add(k == 0 && shownUnsaved ? workspace.gatherLater(true) : workspace.gatherLater(sets.get(k)));
            }
        } catch (IllegalStateException notNow) { // the weights are being re-shaped; the next tick writes them
            return;
        }
        writing = true;
        written = List.copyOf(sets);
        writer.execute(() -> {
            try {
                for (int k = 0; k < work.size(); k++) store.write(k, work.get(k).get());
                store.clearFrom(work.size());
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                LOG.log(System.Logger.Level.WARNING, "could not keep unsaved work in " + store.file() + ": " + e);
                fx.execute(() -> written = List.of()); // try again next tick
            } finally {
                fx.execute(() -> writing = false);
            }
        });
    }

    /** Whether both lists hold the very same objects in the same order (weights are never modified once shown). */
    private static boolean sameObjects(List<RnnParameters> a, List<RnnParameters> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    /**
     * A normal end: this session's work file and lock go (the close dialog has had its answer). Runs after a write
     * in progress, on the writer, and waits for it up to {@value #CLOSE_WAIT_SECONDS} s: a write renamed into place
     * after the delete would be offered at the next start as the work of a crashed window.
     */
    void close() {
        if (!started) return;
        started = false;
        CountDownLatch done = new CountDownLatch(1);
        try {
            writer.execute(() -> {
                try {
                    store.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not remove " + store.file() + ": " + e.getMessage());
                } finally {
                    done.countDown();
                }
            });
            if (!done.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "unsaved work still being written to " + store.file());
            }
        } catch (RejectedExecutionException | InterruptedException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + store.file() + ": " + e);
        }
    }

    static final int CLOSE_WAIT_SECONDS = 10;

    private void clearQuietly() {
        try {
            store.clear();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + store.file() + ": " + e.getMessage());
        }
    }

    private void showNext() {
        Path next = orphans.peekFirst();
        // The file's time is its last write, up to a minute before the window ended: say that, not when it ended.
        String model = next == null ? null : models.get(next);
        offer.set(next == null ? "" : "RNN Explorer ended without closing. It had kept its unsaved weights"
                + (model == null ? "" : " of " + model) + ", with the model and settings, at " + WHEN.format(RecoveryStore.modified(next).toInstant()) + "."
                + (orphans.size() > 1 ? " (" + (orphans.size() - 1) + " more after this one.)" : ""));
    }
}
