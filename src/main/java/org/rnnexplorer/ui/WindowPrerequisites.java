package org.rnnexplorer.ui;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the window needs from the machine before JavaFX starts, checked so that a missing piece is one line naming
 * the fix instead of JavaFX's "Unable to load glass GTK library" stack trace: on Linux, an X display and GTK 3 (or GTK
 * 2 when {@code -Djdk.gtk.version=2} asks for it). Other systems, and Monocle's headless platform, need nothing here.
 */
final class WindowPrerequisites {

    private WindowPrerequisites() {
    }

    /** The GTK library JavaFX's glass loads on Linux, by the GTK major version it is asked for. */
    static String gtkLibrary(String gtkVersion) {
        return "2".equals(gtkVersion) ? "libgtk-x11-2.0.so.0" : "libgtk-3.so.0";
    }

    /**
     * Why the window cannot open here, as one line, or null when it can.
     *
     * @param osName       {@code os.name}
     * @param env          the environment (DISPLAY)
     * @param glass        {@code glass.platform} (Monocle: headless, needs no display), or null
     * @param gtkVersion   {@code jdk.gtk.version}, or null
     * @param libraryLoads whether a shared library of that name can be loaded here
     */
    static String missing(String osName, Map<String, String> env, String glass, String gtkVersion,
                          Predicate<String> libraryLoads) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || "monocle".equalsIgnoreCase(glass)) return null;
        String display = env.get("DISPLAY");
        if (display == null || display.isBlank()) {
            // JavaFX draws through GTK's X11 backend, also under Wayland (through XWayland, which sets DISPLAY).
            return "rnn-explorer: no display to open the window on (DISPLAY is not set); on a machine without a screen, "
                    + "start a virtual one first: Xvfb :99 -screen 0 1600x1000x24 & export DISPLAY=:99";
        }
        String gtk = gtkLibrary(gtkVersion);
        if (!libraryLoads.test(gtk)) {
            String debian = "2".equals(gtkVersion) ? "libgtk2.0-0" : "libgtk-3-0";
            String fedora = "2".equals(gtkVersion) ? "gtk2" : "gtk3";
            return "rnn-explorer: the window needs GTK " + ("2".equals(gtkVersion) ? "2" : "3") + " (" + gtk
                    + "), which is not installed: apt-get install " + debian + " (Debian, Ubuntu) or dnf install "
                    + fedora + " (Fedora)";
        }
        return null;
    }

    /** {@link #missing} for this JVM and machine. */
    static String missingHere() {
        return missing(System.getProperty("os.name", ""), System.getenv(), System.getProperty("glass.platform"),
                System.getProperty("jdk.gtk.version"), WindowPrerequisites::loads);
    }

    /** Whether the dynamic linker finds and loads {@code name}, as glass's own dlopen would. */
    static boolean loads(String name) {
        try {
            SymbolLookup.libraryLookup(name, Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
