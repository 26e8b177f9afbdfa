package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's launcher says in one line what the machine lacks (a display, GTK) instead of JavaFX's stack trace: a
 * fresh headless Linux machine has neither.
 */
class WindowPrerequisitesTest {

    private static final Map<String, String> WITH_DISPLAY = Map.of("DISPLAY", ":99");

    @Test
    void aLinuxMachineWithADisplayAndGtkNeedsNothing() {
        assertNull(WindowPrerequisites.missing("Linux", WITH_DISPLAY, null, null, "libgtk-3.so.0"::equals));
    }

    @Test
    void noDisplayIsNamedWithHowToMakeOne() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("DISPLAY", " "))) {
            String m = WindowPrerequisites.missing("Linux", env, null, null, name -> true);
            assertTrue(m.contains("DISPLAY is not set") && m.contains("Xvfb :99"), m);
            assertFalse(m.contains("\n"), "one line: " + m);
        }
    }

    @Test
    void missingGtkNamesTheLibraryAndThePackage() {
        String m = WindowPrerequisites.missing("Linux", WITH_DISPLAY, null, null, name -> false);
        assertEquals("rnn-explorer: the window needs GTK 3 (libgtk-3.so.0), which is not installed: apt-get install "
                + "libgtk-3-0 (Debian, Ubuntu) or dnf install gtk3 (Fedora)", m);
        List<String> asked = new ArrayList<>();
        String gtk2 = WindowPrerequisites.missing("Linux", WITH_DISPLAY, null, "2", name -> asked.add(name) && false);
        assertEquals(List.of("libgtk-x11-2.0.so.0"), asked, "-Djdk.gtk.version=2 makes glass load GTK 2");
        assertTrue(gtk2.contains("libgtk2.0-0"), gtk2);
    }

    @Test
    void monocleAndOtherSystemsAreNotChecked() {
        assertNull(WindowPrerequisites.missing("Linux", Map.of(), "Monocle", null, name -> false));
        assertNull(WindowPrerequisites.missing("Mac OS X", Map.of(), null, null, name -> false));
        assertNull(WindowPrerequisites.missing("Windows 11", Map.of(), null, null, name -> false));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theDynamicLinkerIsAsked() {
        assertTrue(WindowPrerequisites.loads("libc.so.6"), "every glibc Linux has libc.so.6");
        assertFalse(WindowPrerequisites.loads("libno-such-library-rnnx.so.0"));
    }

    /** The launcher itself, in a JVM of its own without DISPLAY: exit 1, one line, no stack trace, no window. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theLauncherStopsWithOneLineWhereThereIsNoDisplay() throws IOException, InterruptedException {
        String line = launcherAlone(null);
        assertTrue(line.startsWith("rnn-explorer: no display"), line);
    }

    /**
     * DISPLAY names no X server (a typo, a stopped Xvfb): one line, not glass's "Unable to open DISPLAY" stack trace.
     * Where GTK is missing (a fresh machine) that is said first, also in one line.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theLauncherStopsWithOneLineWhereDisplayNamesNoServer() throws IOException, InterruptedException {
        String line = launcherAlone(":9731");
        assertTrue(line.startsWith("rnn-explorer: the window cannot open: Unable to open DISPLAY (DISPLAY=:9731)")
                || line.startsWith("rnn-explorer: the window needs GTK 3"), line);
    }

    /** Runs the launcher in a JVM of its own with {@code display} (null: none); asserts exit 1 and one line; returns it. */
    private static String launcherAlone(String display) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ExplorerLauncher.class.getName());
        if (display == null) pb.environment().remove("DISPLAY");
        else pb.environment().put("DISPLAY", display);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher returned");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // JavaFX on the class path (as here, not as javafx:run starts it) logs a warning of two lines; skip both.
        List<String> lines = out.lines().filter(l -> !l.startsWith("WARNING") && !l.contains("PlatformImpl startup")).toList();
        assertEquals(1, p.exitValue(), out);
        assertEquals(1, lines.size(), out);
        return lines.getFirst();
    }
}
