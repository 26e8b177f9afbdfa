package org.rnnexplorer.ui;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window opens on the screen, title bar included, whatever size it was saved at or defaults to. */
class WindowPlacementTest {

    /** The frame included, the window lies within the screen. */
    private static void assertOnScreen(Rectangle2D scene, Rectangle2D screen, String what) {
        assertTrue(scene.getMinX() >= screen.getMinX() && scene.getMinY() >= screen.getMinY(), what + ": " + scene);
        assertTrue(scene.getMinX() + scene.getWidth() + ExplorerWindow.WINDOW_FRAME_WIDTH <= screen.getMaxX(), what + ": " + scene);
        assertTrue(scene.getMinY() + scene.getHeight() + ExplorerWindow.WINDOW_FRAME_HEIGHT <= screen.getMaxY(), what + ": " + scene);
    }

    @Test
    void theDefaultSizeIsCutToASmallLaptopsScreen() {
        // 1366 × 768 less a 32 px panel: the default 1360 × 860 scene was centred with its title bar off the top.
        Rectangle2D laptop = new Rectangle2D(0, 32, 1366, 736);
        Rectangle2D placed = ExplorerWindow.placement(WindowState.DEFAULT, false, laptop);
        assertOnScreen(placed, laptop, "default on 1366 × 768");
        assertEquals(736 - ExplorerWindow.WINDOW_FRAME_HEIGHT, placed.getHeight(), 1e-9, "as tall as the screen allows");
        assertEquals(1366 - ExplorerWindow.WINDOW_FRAME_WIDTH, placed.getWidth(), 1e-9, "and as wide");
        // A large screen keeps the default.
        Rectangle2D monitor = new Rectangle2D(0, 0, 2560, 1440);
        assertEquals(new Rectangle2D(0, 0, 1360, 860), ExplorerWindow.placement(WindowState.DEFAULT, false, monitor));
    }

    @Test
    void aWindowSavedOnALargerMonitorComesBackWhole() {
        WindowState saved = new WindowState(1500, 700, 1900, 1000, false, "", Theme.LIGHT, 1.0, null);
        Rectangle2D screen = new Rectangle2D(0, 0, 1600, 900);
        Rectangle2D placed = ExplorerWindow.placement(saved, true, screen);
        assertOnScreen(placed, screen, "saved at 1900 × 1000, reopened on 1600 × 900");
        // A saved window that fits stays where it was.
        WindowState fits = new WindowState(100, 80, 1200, 700, false, "", Theme.LIGHT, 1.0, null);
        assertEquals(new Rectangle2D(100, 80, 1200, 700), ExplorerWindow.placement(fits, true, screen));
    }
}
