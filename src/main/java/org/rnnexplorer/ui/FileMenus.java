package org.rnnexplorer.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.rnnexplorer.io.SampleDirectory;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.ui.data.DataViewModel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The File menu's items for samples, workspaces and imported data. The file choosers live here; what a chosen
 * file does is the view-models' ({@link FileOpener}, {@link WorkspaceViewModel}, {@link DataViewModel}), which
 * take paths, so tests drive them without a chooser.
 */
final class FileMenus {

    private FileMenus() {
    }

    static List<MenuItem> items(Supplier<Window> owner, FileOpener opener, WorkspaceViewModel workspace,
                                DataViewModel data) {
        List<MenuItem> items = new ArrayList<>();
        items.add(samples(opener));
        items.add(new SeparatorMenuItem());
        MenuItem open = new MenuItem("Open workspace…");
        open.setId("openWorkspaceItem");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        open.setOnAction(e -> {
            File f = chooser("Open workspace", "RNN Explorer workspace", "*" + WorkspaceFile.EXTENSION).showOpenDialog(owner.get());
            if (f != null) workspace.open(f.toPath());
        });
        MenuItem save = new MenuItem("Save workspace…");
        save.setId("saveWorkspaceItem");
        save.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        save.setOnAction(e -> {
            Path f = chooseWorkspaceToSave(owner.get());
            if (f != null) workspace.save(f);
        });
        MenuItem input = new MenuItem("Import input (CSV, NPY, NPZ)…");
        input.setOnAction(e -> {
            File f = chooser("Import input", "CSV, NPY or NPZ", "*.csv", "*.npy", "*.npz").showOpenDialog(owner.get());
            if (f != null) opener.importInput(f.toPath());
        });
        MenuItem reference = new MenuItem("Import PyTorch's output for it (NPY, NPZ)…");
        reference.setOnAction(e -> {
            File f = chooser("Import PyTorch's output", "NPY or NPZ", "*.npy", "*.npz").showOpenDialog(owner.get());
            if (f != null) data.importReference(f.toPath());
        });
        // The training data of the text and series tasks (drag-and-drop opens them too).
        MenuItem trainingData = new MenuItem("Open training data (text, series CSV)…");
        trainingData.setId("openTrainingDataItem");
        trainingData.setOnAction(e -> {
            FileChooser c = chooser("Open training data", "Text (text task)", "*.txt");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV series (series task)", "*.csv"));
            File f = c.showOpenDialog(owner.get());
            if (f != null) opener.open(f.toPath());
        });
        items.addAll(List.of(open, save, new SeparatorMenuItem(), trainingData, input, reference));
        return items;
    }

    /**
     * Asks where to save a workspace; the path gets the workspace extension, or null when the user cancels. When the
     * extension names a file that exists, asks before replacing it: the chooser asked only about the name typed.
     */
    static Path chooseWorkspaceToSave(Window owner) {
        FileChooser c = chooser("Save workspace", "RNN Explorer workspace", "*" + WorkspaceFile.EXTENSION);
        c.setInitialFileName("workspace" + WorkspaceFile.EXTENSION);
        File f = c.showSaveDialog(owner);
        if (f == null) return null;
        Path target = withExtension(f.toPath(), WorkspaceFile.EXTENSION);
        return replacesUnasked(f.toPath(), target) && !confirmReplacing(owner, target) ? null : target;
    }

    /**
     * Whether saving to {@code target} would replace a file the chooser never asked about: it asked about the name
     * typed, {@code chosen}, and the extension added to it names another file, which exists. GTK's chooser adds the
     * filter's extension itself and asks about that file (seen on Xvfb); a chooser that returns the name as typed
     * would have let "lesson" replace lesson.rnnx without a word.
     */
    static boolean replacesUnasked(Path chosen, Path target) {
        return !target.equals(chosen) && Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean confirmReplacing(Window owner, Path target) {
        ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "It is in " + target.toAbsolutePath().getParent()
                + ". Replacing it overwrites what it holds.", replace, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle("Save workspace");
        alert.setHeaderText("“" + target.getFileName() + "” already exists. Replace it?");
        alert.getDialogPane().setId("replaceWorkspaceDialog");
        return alert.showAndWait().filter(replace::equals).isPresent();
    }

    /** File ▸ Open sample ▸ one item per file in sample-data/. */
    static Menu samples(FileOpener opener) {
        Menu menu = new Menu("Open sample");
        menu.setId("openSampleMenu");
        Path dir = SampleDirectory.path();
        List<Path> files = SampleData.list(dir);
        if (files.isEmpty()) {
            MenuItem none = new MenuItem("no samples in " + dir);
            none.setDisable(true);
            menu.getItems().add(none);
        }
        for (Path f : files) {
            MenuItem item = new MenuItem(f.getFileName().toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> opener.open(f));
            menu.getItems().add(item);
        }
        return menu;
    }

    private static FileChooser chooser(String title, String description, String... patterns) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, patterns));
        return chooser;
    }

    static Path withExtension(Path p, String extension) {
        String name = p.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(extension) ? p : p.resolveSibling(name + extension);
    }
}
