package org.rnnexplorer.ui.live;

import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.rnnexplorer.service.TraceSnapshot;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * File ▸ Export traces… and the panes' Export traces buttons: asks for a file (NPZ or CSV) and writes the latest
 * pass there on the export executor, reporting in the status line or the banner. The pass is taken when the user
 * asks, so training may go on while the file is written.
 */
public final class TraceExportAction {

    private final Supplier<TraceSnapshot> latest;
    private final Executor writer;
    private final Executor fx;
    private final Consumer<String> status;
    private final Consumer<String> problem;

    /**
     * @param latest  the pass to export (the live bridge's latest trace), or null when there is none yet
     * @param writer  writes the file (a background thread)
     * @param fx      {@code Platform::runLater}
     * @param status  receives the status line
     * @param problem receives a one-line problem for the banner
     */
    public TraceExportAction(Supplier<TraceSnapshot> latest, Executor writer, Executor fx, Consumer<String> status,
                             Consumer<String> problem) {
        this.latest = latest;
        this.writer = writer;
        this.fx = fx;
        this.status = status;
        this.problem = problem;
    }

    /** Asks where to write, then exports. FX thread. */
    public void chooseAndExport(Window owner) {
        TraceSnapshot trace = latest.get();
        if (trace == null) {
            problem.accept("No pass to export yet: the traces appear once the model in Model & shapes has run");
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export traces of iteration " + trace.iteration());
        FileChooser.ExtensionFilter npz = new FileChooser.ExtensionFilter("NumPy arrays (np.load)", "*.npz");
        FileChooser.ExtensionFilter csv = new FileChooser.ExtensionFilter("CSV, one row per layer, direction, t, unit", "*.csv");
        chooser.getExtensionFilters().addAll(npz, csv);
        chooser.setInitialFileName(TraceExport.fileName(trace, TraceExport.Format.NPZ));
        File f = chooser.showSaveDialog(owner);
        if (f == null) return;
        Path target = f.toPath();
        TraceExport.Format format = chooser.getSelectedExtensionFilter() == csv && !target.toString().endsWith(".npz")
                ? TraceExport.Format.CSV : TraceExport.Format.forFile(target);
        export(trace, target, format, r -> { });
    }

    /** Exports the latest pass; {@code done} gets null on success or the problem, on the FX thread. FX thread. */
    public void export(Path target, TraceExport.Format format, Consumer<String> done) {
        TraceSnapshot trace = latest.get();
        if (trace == null) {
            String p = "No pass to export yet";
            problem.accept(p);
            done.accept(p);
            return;
        }
        export(trace, target, format, done);
    }

    private void export(TraceSnapshot trace, Path target, TraceExport.Format format, Consumer<String> done) {
        status.accept("Exporting traces…");
        writer.execute(() -> {
            String failure = null;
            try {
                TraceExport.write(target, format, trace);
            } catch (IOException | RuntimeException e) {
                failure = "Could not write " + target.getFileName() + ": " + e.getMessage();
            }
            String result = failure;
            fx.execute(() -> {
                if (result == null) status.accept("Exported the traces of iteration " + trace.iteration() + " to " + target.getFileName());
                else problem.accept(result);
                done.accept(result);
            });
        });
    }
}
