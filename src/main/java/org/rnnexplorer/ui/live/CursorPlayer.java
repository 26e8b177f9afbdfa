package org.rnnexplorer.ui.live;

import javafx.animation.AnimationTimer;
import org.rnnexplorer.ui.fx.FxTimings;

/**
 * Plays the time cursor: an AnimationTimer that runs only while the cursor is playing and advances it by the time
 * elapsed between frames, so play speed does not depend on the frame rate. FX thread; one per window.
 */
public final class CursorPlayer {

    private final TimeCursorViewModel cursor;
    private AnimationTimer timer;

    public CursorPlayer(TimeCursorViewModel cursor) {
        this.cursor = cursor;
        cursor.playingProperty().addListener((o, a, playing) -> {
            if (playing) timer().start();
            else if (timer != null) timer.stop();
        });
    }

    private AnimationTimer timer() {
        if (timer == null) {
            timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    FxTimings.time("play step", () -> {
                        if (!cursor.tick(now)) stop();
                    });
                }
            };
        }
        return timer;
    }
}
