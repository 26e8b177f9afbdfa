package org.rnnexplorer.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No merge left its conflict markers in the sources or the docs: a README carried two versions of one paragraph
 * between "<<<<<<< HEAD" and ">>>>>>> main", contradicting itself, and nothing failed.
 */
class NoConflictMarkersTest {

    @Test
    void noFileHoldsAConflictMarker() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> roots = List.of(Path.of("README.md"), Path.of("src"), Path.of("installer"), Path.of("sample-data"),
                Path.of(".ci"));
        for (Path root : roots) {
            if (!Files.exists(root)) continue;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).filter(NoConflictMarkersTest::isText).toList()) {
                    List<String> lines;
                    try {
                        lines = Files.readAllLines(f);
                    } catch (MalformedInputException binary) {
                        continue;
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        String l = lines.get(i);
                        if (l.startsWith("<<<<<<< ") || l.startsWith(">>>>>>> ") || l.equals("=======") && near(lines, i)) {
                            found.add(f + ":" + (i + 1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static boolean isText(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".md") || n.endsWith(".java") || n.endsWith(".fxml") || n.endsWith(".css") || n.endsWith(".sh")
                || n.endsWith(".py") || n.endsWith(".cu") || n.endsWith(".cpp") || n.endsWith(".json") || n.equals("run");
    }

    /** "=======" alone counts only beside the other markers (Markdown may underline a heading with it). */
    private static boolean near(List<String> lines, int i) {
        for (int j = Math.max(0, i - 200); j < Math.min(lines.size(), i + 200); j++) {
            if (lines.get(j).startsWith("<<<<<<< ") || lines.get(j).startsWith(">>>>>>> ")) return true;
        }
        return false;
    }
}
