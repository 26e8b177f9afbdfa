package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zooming and following the cursor in a units × time view. */
class TimeWindowTest {

    @Test
    void zoomingInKeepsTheStepUnderThePointerWhereItIs() {
        TimeWindow all = TimeWindow.all(1000);
        TimeWindow in = all.zoom(0.5, 750, 1000);
        assertEquals(500, in.length());
        // 750 sat at 75% of the window; it still does.
        assertEquals(0.75, (750 - in.from()) / (double) (in.length() - 1), 0.002);
        TimeWindow again = in.zoom(0.5, 750, 1000);
        assertEquals(250, again.length());
        assertTrue(again.contains(750));
        assertEquals(0.75, (750 - again.from()) / (double) (again.length() - 1), 0.005);
    }

    @Test
    void zoomStopsAtTheMinimumAndAtTheWholeSequence() {
        TimeWindow w = TimeWindow.all(100);
        for (int i = 0; i < 30; i++) w = w.zoom(0.5, 10, 100);
        assertEquals(TimeWindow.MIN_STEPS, w.length());
        assertTrue(w.contains(10));
        for (int i = 0; i < 30; i++) w = w.zoom(2, 10, 100);
        assertEquals(TimeWindow.all(100), w);
        assertEquals(TimeWindow.all(5), TimeWindow.all(5).zoom(0.1, 2, 5), "shorter than the minimum: all of it");
    }

    @Test
    void aSmallZoomStillMovesByAStep() {
        TimeWindow w = new TimeWindow(0, 9).zoom(0.97, 5, 100);
        assertEquals(9, w.length(), "10 × 0.97 rounds to 10; the zoom still takes one step off");
    }

    @Test
    void zoomingOutNearAnEdgeStaysInsideTheSequence() {
        TimeWindow w = new TimeWindow(0, 19).zoom(4, 2, 50);
        assertEquals(new TimeWindow(0, 49), w.zoom(1, 0, 50).zoom(1.5, 0, 50), "capped at the whole sequence");
        TimeWindow end = new TimeWindow(90, 99).zoom(3, 99, 100);
        assertEquals(99, end.to());
        assertEquals(30, end.length());
        assertTrue(w.from() >= 0 && w.to() <= 49);
    }

    @Test
    void followingTheCursorShiftsAsLittleAsNeeded() {
        TimeWindow w = new TimeWindow(100, 199);
        assertEquals(w, w.follow(150, 1000), "inside: unchanged");
        assertEquals(new TimeWindow(101, 200), w.follow(200, 1000), "one step right of it");
        assertEquals(new TimeWindow(50, 149), w.follow(50, 1000));
        assertEquals(new TimeWindow(900, 999), w.follow(5000, 1000), "clamped to the last step");
    }

    @Test
    void aNewPassOfAnotherLengthKeepsWhatStillFits() {
        assertEquals(new TimeWindow(100, 199), new TimeWindow(100, 199).fit(300));
        assertEquals(new TimeWindow(50, 149), new TimeWindow(100, 199).fit(150), "moved back inside");
        assertEquals(TimeWindow.all(40), new TimeWindow(100, 199).fit(40), "shortened to the whole sequence");
        assertThrows(IllegalArgumentException.class, () -> new TimeWindow(5, 4));
    }
}
