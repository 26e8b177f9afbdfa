package org.rnnexplorer.ui.live;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TimeCursor.Phase;
import org.rnnexplorer.service.TimeCursor;
import org.rnnexplorer.service.TraceSnapshot;

/**
 * The time cursor shared by the Hidden states and Gradient flow panes: which timestep t of the latest pass they
 * point at, and whether BPTT is being stepped through.
 *
 * <p>Who owns what: the forward phase (play, pause, the scrubber, stepping forward and back in time) is a view
 * cursor kept here, because it only animates over a pass the service has already computed and needs no engine
 * work; sending each animation step through the engine thread would put it behind training iterations. The
 * backward phase (stepping back through BPTT) belongs to the service: {@link #stepBackThroughBptt()} calls
 * {@code stepTimestepBackward()}, which also has the service compute the Jacobian probes of a pass that has none,
 * and the cursor adopts every BACKWARD cursor the service publishes; a new pass while training keeps it (the
 * service carries step-through over to the new pass). Leaving BPTT (a forward-phase move, End, Restart) calls
 * {@code stepTimestepForward()} so that the service's cursor leaves it too; the next BPTT step then starts again
 * from the last timestep on both sides.
 *
 * <p>FX thread (any single thread in tests); no scene types.
 */
public final class TimeCursorViewModel {

    /** The service's step-through commands: the live bridge's in the app. */
    public interface ServiceSteps {
        void stepTimestepForward();

        void stepTimestepBackward();
    }

    /** Play speed when nothing else is chosen: steps per second. */
    public static final double DEFAULT_SPEED = 15;

    /** The sequence of the batch the live panes follow, beside the step they show. */
    private final SequenceChoice sequence = new SequenceChoice();

    private final ServiceSteps service;
    private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper(this, "steps", 0);
    private final ReadOnlyIntegerWrapper t = new ReadOnlyIntegerWrapper(this, "t", 0);
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.FORWARD);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", DEFAULT_SPEED);
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper(this, "position", "no pass yet");
    private TimeCursor lastServiceCursor;
    private TraceSnapshot lastTrace;
    private long lastTickNanos = -1;
    private double carriedSteps;

    public TimeCursorViewModel(ServiceSteps service) {
        this.service = service;
        t.addListener(o -> describe());
        phase.addListener(o -> describe());
        steps.addListener(o -> describe());
    }

    /** Follows a new snapshot: the pass's length, and the service's cursor when it entered or left BPTT. */
    public void follow(ServiceSnapshot s) {
        if (s == null || s.trace() == null) return;
        sequence.follow(s.trace());
        int n = s.trace().steps();
        if (n != steps.get()) {
            steps.set(n);
            t.set(Math.max(0, n - 1)); // a new shape starts with the whole forward pass shown
        }
        TimeCursor c = s.cursor();
        boolean newPass = s.trace() != lastTrace;
        lastTrace = s.trace();
        if (c != null && (!c.equals(lastServiceCursor) || newPass)) {
            if (c.phase() == Phase.BACKWARD) {
                if (!c.equals(lastServiceCursor)) {
                    playing.set(false);
                    phase.set(Phase.BACKWARD);
                    t.set(clamp(c.t()));
                }
            } else if (phase.get() == Phase.BACKWARD) {
                phase.set(Phase.FORWARD); // a new pass, or BPTT left from elsewhere: the whole forward pass again
                t.set(Math.max(0, n - 1));
            }
        }
        lastServiceCursor = c;
        if (t.get() > n - 1) t.set(Math.max(0, n - 1));
    }

    /** One step forward in time; from BPTT, the forward pass starts again at t = 0 (as the service's cursor does). */
    public void stepForward() {
        if (steps.get() == 0) return;
        playing.set(false);
        if (phase.get() == Phase.BACKWARD) {
            leaveBptt();
            t.set(0);
            return;
        }
        t.set(clamp(t.get() + 1));
    }

    /** One step back in time; during BPTT, one more BPTT step. */
    public void stepBack() {
        if (steps.get() == 0) return;
        if (phase.get() == Phase.BACKWARD) {
            stepBackThroughBptt();
            return;
        }
        playing.set(false);
        t.set(clamp(t.get() - 1));
    }

    /** Moves to a timestep of the forward pass (the scrubber, Home, End); leaves BPTT. */
    public void moveTo(int step) {
        if (steps.get() == 0) return;
        leaveBptt();
        t.set(clamp(step));
    }

    public void first() {
        playing.set(false);
        moveTo(0);
    }

    public void last() {
        playing.set(false);
        moveTo(steps.get() - 1);
    }

    /**
     * One timestep back through BPTT: the service moves its cursor (from the forward phase BPTT starts at the last
     * step) and this cursor moves the same way at once, without waiting for the snapshot that confirms it.
     */
    public void stepBackThroughBptt() {
        if (steps.get() == 0) return;
        playing.set(false);
        service.stepTimestepBackward();
        TimeCursor next = new TimeCursor(phase.get(), t.get()).backward(steps.get());
        phase.set(next.phase());
        t.set(next.t());
    }

    /** Ends BPTT step-through: the whole forward pass is shown again and the next BPTT step starts at the end. */
    public void restartBptt() {
        last();
    }

    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    /**
     * Animates the forward pass from t (from the start when at the end, or after BPTT, as {@link #stepForward()} and
     * the service's cursor start again there) at {@link #speedProperty()} steps/s.
     */
    public void play() {
        if (steps.get() < 2) return;
        boolean fromBptt = phase.get() == Phase.BACKWARD;
        leaveBptt();
        // From BPTT the forward pass is played from its start: played from the step BPTT had reached (a few steps
        // before the end) Space ran those few steps and stopped, before anyone saw it move.
        if (fromBptt || t.get() >= steps.get() - 1) t.set(0);
        lastTickNanos = -1;
        carriedSteps = 0;
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    /**
     * Advances play by the time since the previous tick (an AnimationTimer's {@code now}); stops at the last step.
     *
     * @return whether it is still playing
     */
    public boolean tick(long nowNanos) {
        if (!playing.get()) return false;
        if (lastTickNanos < 0) {
            lastTickNanos = nowNanos;
            return true;
        }
        double seconds = Math.max(0, nowNanos - lastTickNanos) / 1e9;
        lastTickNanos = nowNanos;
        carriedSteps += seconds * Math.max(0.1, speed.get());
        int whole = (int) carriedSteps;
        if (whole > 0) {
            carriedSteps -= whole;
            t.set(clamp(t.get() + whole));
        }
        if (t.get() >= steps.get() - 1) playing.set(false);
        return playing.get();
    }

    private void leaveBptt() {
        if (phase.get() != Phase.BACKWARD) return;
        service.stepTimestepForward();
        phase.set(Phase.FORWARD);
    }

    private int clamp(int step) {
        return Math.max(0, Math.min(step, steps.get() - 1));
    }

    private void describe() {
        int n = steps.get();
        if (n == 0) {
            position.set("no pass yet");
            return;
        }
        position.set("t = " + t.get() + " of 0…" + (n - 1) + (phase.get() == Phase.BACKWARD ? "  (BPTT)" : ""));
    }

    /** T of the latest pass (0 before the first). */
    public ReadOnlyIntegerProperty stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty tProperty() {
        return t.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Play speed in steps per second. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** Where the cursor stands, in words: {@code t = 12 of 0…59}. */
    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    /** Which sequence of the batch the live panes follow. */
    public SequenceChoice sequence() {
        return sequence;
    }
}
