package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.chart.ColorMap;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PreferencesStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedStateLoadsBackEqual() throws Exception {
        PreferencesStore store = new PreferencesStore(dir);
        WindowState s = new WindowState(40, 60, 1200, 800, false, "Weights", Theme.DARK, 1.5625, ColorMap.PURPLE_ORANGE);
        store.save(s);
        assertEquals(s, new PreferencesStore(dir).load());
    }

    @Test
    void anUnplacedWindowStaysUnplaced() throws Exception {
        PreferencesStore store = new PreferencesStore(dir);
        store.save(WindowState.DEFAULT);
        WindowState loaded = store.load();
        assertFalse(loaded.placed());
        assertEquals(WindowState.DEFAULT.width(), loaded.width());
    }

    @Test
    void aMissingOrDamagedFileGivesTheDefaults() throws Exception {
        PreferencesStore store = new PreferencesStore(dir);
        assertEquals(WindowState.DEFAULT, store.load());
        Files.writeString(store.file(), "{\"width\": 9");
        assertEquals(WindowState.DEFAULT, store.load());
        Files.writeString(store.file(), "{\"width\": 50, \"height\": 20, \"zoom\": 40, \"theme\": \"DARK\"}");
        WindowState clamped = store.load();
        assertEquals(Theme.DARK, clamped.theme());
        assertEquals(1.0, clamped.zoom(), "an impossible zoom falls back to 1");
        assertEquals(WindowState.DEFAULT.width(), clamped.width(), "a window too small to use falls back");
    }

    @Test
    void theFirstSaveCreatesTheConfigurationDirectory() throws Exception {
        // As on a fresh account: ~/.config exists, ~/.config/rnn-explorer does not.
        PreferencesStore store = new PreferencesStore(dir.resolve(".config").resolve("rnn-explorer"));
        WindowState s = new WindowState(10, 20, 1280, 720, false, "Training", Theme.DARK, 1.25, ColorMap.PURPLE_ORANGE);
        store.save(s);
        assertEquals(s, new PreferencesStore(dir.resolve(".config").resolve("rnn-explorer")).load());
    }
}
