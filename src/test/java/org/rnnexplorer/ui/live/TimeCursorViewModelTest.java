package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TimeCursor;
import org.rnnexplorer.service.TimeCursor.Phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared time cursor against a real engine service: the view's forward phase, the service's BPTT phase. */
class TimeCursorViewModelTest {

    static final int T = 12;
    static final RnnConfig CONFIG = new RnnConfig(3, 8, 1, Nonlinearity.TANH, true, true, 0, false);

    @Test
    void bpttStepsMoveTheServicesCursorAndTheViewFollowsIt() throws Exception {
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            ServiceSnapshot first = LiveRuns.explore(service, CONFIG, Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 1), T, 2, 4);
            cursor.follow(first);
            assertEquals(T, cursor.stepsProperty().get());
            assertEquals(T - 1, cursor.tProperty().get(), "the whole forward pass is shown first");
            assertEquals(Phase.FORWARD, cursor.phaseProperty().get());

            cursor.stepBackThroughBptt();
            assertEquals(new TimeCursor(Phase.BACKWARD, T - 2), steps.result().cursor(),
                    "the first press takes BPTT's first step, from the last timestep to the one before");
            assertEquals(T - 2, cursor.tProperty().get(), "the view moves at once, before the snapshot");
            cursor.follow(steps.result());
            cursor.stepBackThroughBptt();
            ServiceSnapshot second = steps.result();
            assertEquals(new TimeCursor(Phase.BACKWARD, T - 3), second.cursor());
            cursor.follow(second);
            assertEquals(Phase.BACKWARD, cursor.phaseProperty().get());
            assertEquals(T - 3, cursor.tProperty().get());
            assertEquals("t = 9 of 0…11  (BPTT)", cursor.positionProperty().get());

            // Left during BPTT is one more BPTT step.
            cursor.stepBack();
            cursor.follow(steps.result());
            assertEquals(new TimeCursor(Phase.BACKWARD, T - 4), steps.result().cursor());
            assertEquals(T - 4, cursor.tProperty().get());

            // Restart: both leave BPTT, and the next BPTT step starts at the end again on both sides.
            cursor.restartBptt();
            assertEquals(Phase.FORWARD, steps.result().cursor().phase());
            cursor.follow(steps.result());
            assertEquals(Phase.FORWARD, cursor.phaseProperty().get());
            assertEquals(T - 1, cursor.tProperty().get());
            cursor.stepBackThroughBptt();
            assertEquals(new TimeCursor(Phase.BACKWARD, T - 2), steps.result().cursor());
            cursor.follow(steps.result());
            assertEquals(T - 2, cursor.tProperty().get());
        }
    }

    @Test
    void aTrainingPassKeepsStepThroughWhereTheUserLeftIt() throws Exception {
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            cursor.follow(LiveRuns.explore(service, CONFIG, Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 1), T, 2, 4, LiveRuns::withSgd));
            cursor.stepBackThroughBptt();
            cursor.stepBackThroughBptt();
            cursor.follow(steps.result());
            assertEquals(T - 3, cursor.tProperty().get());
            long before = steps.result().iteration();
            ServiceSnapshot trained = LiveRuns.await(service.stepIteration());
            assertEquals(before + 1, trained.iteration(), "a training pass happened");
            assertEquals(new TimeCursor(Phase.BACKWARD, T - 3), trained.cursor(), "the service kept the cursor");
            assertNotNull(trained.trace().direction(0, 0).jacobianNorm(), "the new pass is probed for step-through");
            cursor.follow(trained);
            assertEquals(Phase.BACKWARD, cursor.phaseProperty().get());
            assertEquals(T - 3, cursor.tProperty().get());
            cursor.stepBackThroughBptt();
            cursor.follow(steps.result());
            assertEquals(T - 4, cursor.tProperty().get(), "and the next press goes on from there");
        }
    }

    @Test
    void forwardMovesAreTheViewsOwnAndLeaveBpttOnTheServiceToo() throws Exception {
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            cursor.follow(LiveRuns.explore(service, CONFIG, Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 1), T, 2, 4));
            cursor.first();
            cursor.stepForward();
            cursor.stepForward();
            assertEquals(2, cursor.tProperty().get());
            cursor.stepBack();
            assertEquals(1, cursor.tProperty().get());
            cursor.moveTo(500);
            assertEquals(T - 1, cursor.tProperty().get(), "clamped to the pass");
            cursor.stepForward();
            assertEquals(T - 1, cursor.tProperty().get());
            assertEquals(0, steps.forwardCalls + steps.backwardCalls, "no engine work for the forward phase");

            cursor.stepBackThroughBptt();
            cursor.follow(steps.result());
            cursor.stepForward(); // from BPTT, forward starts again at t = 0, as the service's cursor does
            assertEquals(0, cursor.tProperty().get());
            assertEquals(Phase.FORWARD, cursor.phaseProperty().get());
            assertEquals(new TimeCursor(Phase.FORWARD, 0), steps.result().cursor());
            cursor.follow(steps.result());
            assertEquals(0, cursor.tProperty().get(), "the service leaving BPTT does not move a cursor already forward");
        }
    }

    @Test
    void playAdvancesBySpeedTimesElapsedTimeAndStopsAtTheEnd() throws Exception {
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            cursor.follow(LiveRuns.explore(service, CONFIG, Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 1), T, 2, 4));
            cursor.speedProperty().set(10);
            cursor.play();
            assertTrue(cursor.playingProperty().get());
            assertEquals(0, cursor.tProperty().get(), "play at the end starts from the beginning");
            long second = 1_000_000_000L;
            cursor.tick(5 * second);
            assertEquals(0, cursor.tProperty().get(), "the first frame only sets the clock");
            cursor.tick(5 * second + second / 2);
            assertEquals(5, cursor.tProperty().get());
            cursor.tick(5 * second + second / 2 + second / 25); // 0.4 steps: carried, not lost
            cursor.tick(5 * second + second / 2 + 2 * second / 25);
            assertEquals(5, cursor.tProperty().get());
            cursor.tick(5 * second + second / 2 + 3 * second / 25);
            assertEquals(6, cursor.tProperty().get());
            cursor.togglePlay();
            assertFalse(cursor.playingProperty().get());
            assertFalse(cursor.tick(7 * second));
            assertEquals(6, cursor.tProperty().get());
            cursor.play();
            cursor.tick(0);
            assertFalse(cursor.tick(10 * second), "stops at the last step");
            assertEquals(T - 1, cursor.tProperty().get());
        }
    }

    @Test
    void playFromBpttPlaysTheForwardPassFromItsStart() throws Exception {
        // Three Shift+← then Space: play started at t = T − 4, ran three steps to the end and stopped.
        try (EngineService service = new EngineService()) {
            LiveRuns.Steps steps = new LiveRuns.Steps(service);
            TimeCursorViewModel cursor = new TimeCursorViewModel(steps);
            cursor.follow(LiveRuns.explore(service, CONFIG, Initializers.create(CONFIG, Initializers.Scheme.PYTORCH_DEFAULT, 1), T, 2, 4));
            for (int i = 0; i < 3; i++) {
                cursor.stepBackThroughBptt();
                cursor.follow(steps.result());
            }
            assertEquals(T - 4, cursor.tProperty().get());
            cursor.togglePlay();
            assertTrue(cursor.playingProperty().get());
            assertEquals(Phase.FORWARD, cursor.phaseProperty().get());
            assertEquals(0, cursor.tProperty().get(), "the forward pass from its start");
            assertEquals(new TimeCursor(Phase.FORWARD, 0), steps.result().cursor(), "where the service's cursor went");
            cursor.follow(steps.result());
            assertEquals(0, cursor.tProperty().get());
            cursor.speedProperty().set(10);
            cursor.tick(0);
            assertTrue(cursor.tick(500_000_000L), "still playing half a second later");
            assertEquals(5, cursor.tProperty().get());
        }
    }
}
