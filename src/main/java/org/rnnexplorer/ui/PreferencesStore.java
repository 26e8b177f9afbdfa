package org.rnnexplorer.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.rnnexplorer.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the window's state lives between runs: a small JSON file, written atomically. Tests pass a temporary
 * directory; the app uses the user's configuration directory, or {@code -Drnnx.config.dir=DIR}.
 */
public final class PreferencesStore {

    /** System property naming the directory that holds window.json. */
    public static final String DIRECTORY_PROPERTY = "rnnx.config.dir";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private final Path file;

    public PreferencesStore(Path directory) {
        this.file = directory.resolve("window.json");
    }

    /** The store in {@code -Drnnx.config.dir}, else the platform's per-user configuration directory. */
    public static PreferencesStore forUser() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) return new PreferencesStore(Path.of(configured));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        Path dir;
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            dir = (appData != null ? Path.of(appData) : home).resolve("RNN Explorer");
        } else if (os.contains("mac")) {
            dir = home.resolve("Library/Application Support/RNN Explorer");
        } else {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("rnn-explorer");
        }
        return new PreferencesStore(dir);
    }

    public Path file() {
        return file;
    }

    /** The directory window.json is in: the place for the window's other per-user files. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }

    /** The saved state, or the defaults when there is none or it cannot be read (a damaged file is ignored). */
    public WindowState load() {
        if (!Files.isRegularFile(file)) return WindowState.DEFAULT;
        try {
            WindowState s = JSON.readValue(file.toFile(), WindowState.class);
            return s == null ? WindowState.DEFAULT : s;
        } catch (IOException | RuntimeException e) {
            return WindowState.DEFAULT;
        }
    }

    /** Writes the state, creating the directory first: on a fresh account ~/.config/rnn-explorer does not exist. */
    public void save(WindowState state) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(state);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
