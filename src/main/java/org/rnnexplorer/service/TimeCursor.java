package org.rnnexplorer.service;

/**
 * Where step-through stands in the latest pass: the forward phase reveals h_0..h_t; the backward phase walks BPTT
 * from the last step down to t, showing each step's Jacobian factor and the running product.
 *
 * @param phase FORWARD or BACKWARD
 * @param t     the timestep the cursor is on
 */
public record TimeCursor(Phase phase, int t) {

    public enum Phase { FORWARD, BACKWARD }

    /** The whole forward pass shown, BPTT not started. */
    public static TimeCursor endOfForward(int steps) {
        return new TimeCursor(Phase.FORWARD, Math.max(0, steps - 1));
    }

    /** One timestep further forward; from the backward phase, the forward pass starts again at t = 0. */
    public TimeCursor forward(int steps) {
        if (phase == Phase.BACKWARD) return new TimeCursor(Phase.FORWARD, 0);
        return new TimeCursor(Phase.FORWARD, Math.min(t + 1, steps - 1));
    }

    /**
     * One BPTT step further back. From the forward phase the first step is already taken: BPTT begins with the
     * loss's gradient at the last timestep and its first step carries it to the one before (so the first press
     * moves the cursor, as every later one does); a one-step pass has nowhere to go and stays at t = 0.
     */
    public TimeCursor backward(int steps) {
        if (phase == Phase.FORWARD) return new TimeCursor(Phase.BACKWARD, Math.max(steps - 2, 0));
        return new TimeCursor(Phase.BACKWARD, Math.max(t - 1, 0));
    }

    /**
     * This cursor on a new pass of {@code steps} timesteps: step-through BPTT stays where it is (clamped to the
     * pass), so that a training pass does not undo the user's steps; the forward phase shows the whole new pass.
     */
    public TimeCursor onNewPass(int steps) {
        if (phase == Phase.BACKWARD) return new TimeCursor(Phase.BACKWARD, Math.min(t, Math.max(0, steps - 1)));
        return endOfForward(steps);
    }
}
