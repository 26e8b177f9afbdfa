package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.io.WorkspaceFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Save workspace… adds the extension to a name typed without it. The file chooser asked about replacing the name
 * typed only; a workspace of that name with the extension is asked about before it is replaced.
 */
class FileMenusTest {

    @TempDir
    Path dir;

    @Test
    void theExtensionAddedToATypedNameIsAskedAboutWhenItNamesAnExistingFile() throws IOException {
        Path typed = dir.resolve("lesson");
        Path target = FileMenus.withExtension(typed, WorkspaceFile.EXTENSION);
        assertEquals(dir.resolve("lesson" + WorkspaceFile.EXTENSION), target);
        assertFalse(FileMenus.replacesUnasked(typed, target), "no such file yet: nothing to ask");
        Files.writeString(target, "a class's workspace");
        assertTrue(FileMenus.replacesUnasked(typed, target), "lesson.rnnx exists and the chooser asked about 'lesson'");
        // Typed with the extension (or in capitals): the chooser's own question was about this very file.
        Path typedWhole = dir.resolve("lesson" + WorkspaceFile.EXTENSION);
        assertEquals(typedWhole, FileMenus.withExtension(typedWhole, WorkspaceFile.EXTENSION));
        assertFalse(FileMenus.replacesUnasked(typedWhole, FileMenus.withExtension(typedWhole, WorkspaceFile.EXTENSION)));
        Path capitals = dir.resolve("LESSON" + WorkspaceFile.EXTENSION.toUpperCase());
        assertEquals(capitals, FileMenus.withExtension(capitals, WorkspaceFile.EXTENSION));
    }
}
