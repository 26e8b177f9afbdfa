package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeZoomTest {
    final TimeCursorViewModel cursor = new TimeCursorViewModel(new TimeCursorViewModel.ServiceSteps() {
        @Override
        public void stepTimestepForward() {
        }

        @Override
        public void stepTimestepBackward() {
        }
    });
    final TimeZoom zoom = new TimeZoom(cursor);

    /** Issue 13 item 7: the label read "steps 0…4 of 0…-1" because the window changed before the step count. */
    @Test
    void listenersOfTheWindowSeeTheNewPassesStepCount() {
        List<String> seen = new ArrayList<>();
        zoom.windowProperty().addListener(o -> {
            TimeWindow w = zoom.windowProperty().get();
            seen.add(w.from() + "…" + w.to() + " of " + zoom.steps() + (w.isAll(zoom.steps()) ? " all" : ""));
        });
        zoom.stepsChanged(5);
        zoom.stepsChanged(100);
        assertEquals(List.of("0…4 of 5 all", "0…99 of 100 all"), seen);
    }
}
