package org.rnnexplorer.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ui code names classes by their imports, never inline as {@code javafx.beans.property.SimpleObjectProperty}:
 * the imports at the top of a file are where a reader sees what it depends on (and what the architecture rules
 * judge). Comments and strings may name anything.
 */
class NoInlineQualifiedNamesTest {

    /** A package path of lower-case parts ending in a class name, e.g. {@code java.util.List}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])(?:java|javax|javafx|jdk|org|com)\\.(?:[a-z_]\\w*\\.)+[A-Z]\\w*");
    /** Comments, string and character literals: blanked before the search, keeping line breaks. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    /** "line: name" for each inline qualified class name in the code of a source file. */
    static List<String> inlineQualifiedNames(String source) {
        Matcher m = NOT_CODE.matcher(source);
        StringBuilder code = new StringBuilder();
        while (m.find()) m.appendReplacement(code, Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
        m.appendTail(code);
        List<String> found = new ArrayList<>();
        String[] lines = code.toString().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("import ") || line.startsWith("package ")) continue;
            Matcher q = QUALIFIED.matcher(lines[i]);
            while (q.find()) found.add((i + 1) + ": " + q.group());
        }
        return found;
    }

    @Test
    void theUiCodeNamesEveryClassByItsImport() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/rnnexplorer/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String hit : inlineQualifiedNames(Files.readString(f))) found.add(f + ":" + hit);
            }
        }
        assertEquals(List.of(), found, "inline fully-qualified class names: import them");
    }

    @Test
    void theSearchFindsQualifiedNamesInCodeOnly() {
        String source = """
                package org.rnnexplorer.ui;

                import java.util.List;

                /** Uses {@link java.util.Map}. */
                final class Planted {
                    // java.util.Set in a comment
                    String text = "javafx.scene.Node in a string";
                    java.util.concurrent.Executor executor;
                    Object o = new javafx.beans.property.SimpleObjectProperty<String>();
                }
                """;
        assertEquals(List.of("9: java.util.concurrent.Executor", "10: javafx.beans.property.SimpleObjectProperty"),
                inlineQualifiedNames(source));
    }
}
