package org.rnnexplorer.ui;

import javafx.application.Application;

import java.awt.AWTError;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/**
 * Entry point. A plain main class that does not extend Application, so the app starts from the class path
 * (java -cp … org.rnnexplorer.ui.ExplorerLauncher) without JavaFX on the module path.
 */
public final class ExplorerLauncher {

    private ExplorerLauncher() {
    }

    /** The simd backend's worker-thread cap (read when the backend starts its pool). */
    static final String SIMD_THREADS = "rnnx.simd.threads";

    public static void main(String[] args) {
        String missing = WindowPrerequisites.missingHere();
        if (missing != null) {
            System.err.println(missing);
            System.exit(1);
        }
        // The window keeps one core for the FX thread: with the engine's workers on every core, the FX thread is
        // descheduled mid-handler (on 2 cores, handler wall times reached 18 ms; with one core left, 13.6 ms at most,
        // for about the same training speed). -Drnnx.simd.threads=N overrides.
        if (System.getProperty(SIMD_THREADS) == null) {
            System.setProperty(SIMD_THREADS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
        }
        // Java2D (used to draw the unrolled diagram and exports) loads its fonts and pipelines on first use; doing
        // that now, beside the JavaFX toolkit's start, takes it off the path to the first chart.
        Thread warmUp = new Thread(() -> {
            try {
                warmUpJava2D();
            } catch (AWTError | RuntimeException noDisplay) {
                // Only a head start: where Java2D cannot reach the display, the window's own start says so in one line.
            }
        }, "rnnx-java2d-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        try {
            Application.launch(ExplorerApp.class, args);
        } catch (UnsupportedOperationException toolkit) {
            // Glass could not start: DISPLAY names no X server we may use (a typo, a stopped Xvfb, no permission).
            System.err.println("rnn-explorer: the window cannot open: " + toolkit.getMessage() + " (DISPLAY="
                    + System.getenv("DISPLAY") + "); is an X server running there, and may this user use it?");
            System.exit(1);
        }
    }

    private static void warmUpJava2D() {
        // The JSON reader for the remembered window layout, and the classes of the first tab's controls: loading
        // them here overlaps class loading with the toolkit's start (loading only; JavaFX initialises them).
        PreferencesStore.forUser();
        for (String name : new String[] {"javafx.fxml.FXMLLoader", "javafx.scene.control.TableView",
            "javafx.scene.control.skin.TableViewSkin", "javafx.scene.control.skin.VirtualFlow",
            "javafx.scene.control.TextArea", "javafx.scene.control.skin.TextAreaSkin", "javafx.scene.control.Tooltip",
            "javafx.scene.control.SplitPane", "javafx.scene.control.skin.SplitPaneSkin", "javafx.scene.control.ScrollPane",
            "javafx.scene.control.skin.ScrollPaneSkin", "javafx.scene.control.ComboBox",
            "javafx.scene.control.skin.ComboBoxListViewSkin", "javafx.scene.control.TabPane",
            "javafx.scene.control.skin.TabPaneSkin", "javafx.scene.control.MenuBar", "javafx.embed.swing.SwingFXUtils"}) {
            try {
                Class.forName(name, false, ExplorerLauncher.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // A missing class shows up, with its real error, where the window needs it.
            }
        }
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("h₀ (3, 20)", 2, 20);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
            g.drawString("(3, 20)", 2, 30);
            g.draw(new RoundRectangle2D.Double(1, 1, 40, 20, 10, 10));
        } finally {
            g.dispose();
        }
    }
}
