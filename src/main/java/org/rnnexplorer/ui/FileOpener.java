package org.rnnexplorer.ui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rnnexplorer.io.Csv;
import org.rnnexplorer.io.CsvSeries;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * Opens whatever file the user gives the window (File ▸ Open sample, drag-and-drop, the program's first argument),
 * by its extension: {@code .safetensors} and torch.save {@code .pt}/{@code .pth} weights, {@code .rnnx} workspaces, {@code .txt} text for the text task,
 * {@code .csv} a series for the series task (standardised per column), {@code .npy}/{@code .npz} the explore run's
 * input. Opens the tab where the result shows. Asks the panes through the explorer state's requests. No scene types;
 * FX thread only.
 */
public final class FileOpener {

    private final Executor background;
    private final Executor fx;
    private final MainWindowViewModel window;
    private final ExplorerState state;
    private final PaneRequests asked;
    private final WorkspaceViewModel workspace;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    public FileOpener(Executor background, Executor fx, MainWindowViewModel window, ExplorerState state,
                      WorkspaceViewModel workspace) {
        this.background = background;
        this.fx = fx;
        this.window = window;
        this.state = state;
        this.asked = state.requests();
        this.workspace = workspace;
    }

    public void open(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        window.dismissProblem();
        message.set("");
        if (WeightsViewModel.isWeightsFileName(lower)) {
            asked.openWeights().post(file); // shows the Weights pane once it opens (not after Cancel)
        } else if (lower.endsWith(".rnnx")) {
            workspace.open(file);
        } else if (lower.endsWith(".npy") || lower.endsWith(".npz")) {
            importInput(file);
        } else if (lower.endsWith(".txt")) {
            background.execute(() -> {
                try {
                    String text = StandardCharsets.UTF_8.newDecoder()
                            .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
                    fx.execute(() -> {
                        asked.corpus().post(new PaneRequests.Corpus(text, name));
                        state.selectedPaneProperty().set(PaneId.TRAINING);
                        window.statusProperty().set("Text task on " + name + ": " + text.codePointCount(0, text.length())
                                + " characters");
                    });
                } catch (CharacterCodingException e) {
                    fail(name + ": is not UTF-8 text");
                } catch (IOException e) {
                    fail(name + ": " + e.getMessage());
                }
            });
        } else if (lower.endsWith(".csv")) {
            background.execute(() -> {
                try {
                    CsvSeries s = Csv.read(file);
                    float[] values = SampleData.standardise(s.values());
                    fx.execute(() -> {
                        asked.series().post(new PaneRequests.Series(values, s.columns().size(), name + " (standardised)"));
                        state.selectedPaneProperty().set(PaneId.TRAINING);
                        window.statusProperty().set("Series task on " + name + ": " + s.length() + " steps of "
                                + String.join(", ", s.columns()) + ", each standardised to mean 0, sd 1");
                    });
                } catch (FormatException e) {
                    fail(e.namingFileByName().getMessage());
                } catch (IOException e) {
                    fail(name + ": " + e.getMessage());
                }
            });
        } else {
            fail(name + ": not a file RNN Explorer opens (.safetensors, .pt, .pth, .rnnx, .txt, .csv, .npy, .npz)");
        }
    }

    /** The explore run's input from CSV (L, F) or NPY/NPZ: shown in the Data pane (a CSV opened otherwise is a series). */
    public void importInput(Path file) {
        window.dismissProblem();
        asked.importInput().post(file);
        state.selectedPaneProperty().set(PaneId.DATA);
    }

    private void fail(String m) {
        fx.execute(() -> message.set(m));
    }

    /** A one-line problem with the last file, or "" (the window shows it in its banner). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
