package org.rnnexplorer.service;

import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.NonFinite;

/**
 * An immutable picture of the service, published by the engine thread and read by consumers at their own rate.
 *
 * @param version          increases with every publication
 * @param state            the run's state
 * @param message          a one-line status or error
 * @param spec             the run's specification, or null before the first configuration
 * @param iteration        updates applied so far
 * @param model            a copy of the weights (taken at most every few hundred ms while running), or null
 * @param modelVersion     increases whenever {@code model} is a new copy
 * @param trace            the latest pass seen from inside, or null
 * @param cursor           step-through position in that pass
 * @param history          the run's metrics
 * @param nonFinite        where the watchdog stopped the run, or null
 * @param iterationsPerSecond recent throughput
 * @param backendName      the backend that runs the engine
 * @param predictions      the traced pass's predictions beside its targets for a few sequences, or null (no pass, a
 *                         class target, TBPTT or the explorer's own batch)
 */
public record ServiceSnapshot(long version, RunState state, String message, RunSpec spec, long iteration, Model model,
                              long modelVersion, TraceSnapshot trace, TimeCursor cursor, TrainingHistory history,
                              NonFinite nonFinite, double iterationsPerSecond, String backendName,
                              Predictions predictions) {

    /** The state in a word, or the message where it says more: "running", "ready", "stopped: step 21: loss is inf". */
    public String stateInWords() {
        return switch (state) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case IDLE -> iteration == 0 ? "ready" : "idle";
            case STOPPED -> message;
            case FAILED -> "failed: " + message;
            case CLOSED -> "closed";
        };
    }

    /**
     * The loss of the last point the history holds at or before {@link #iteration()} (a decimated history's point is
     * the mean of its iterations), NaN before any. After a watchdog stop the history also holds the stopped step's
     * loss (iteration + 1, its update not applied): that one belongs to the watchdog's message, not beside
     * "iteration N".
     */
    public double lossAtIteration() {
        MetricHistory.Series loss = history.loss();
        for (int i = loss.size() - 1; i >= 0; i--) if (loss.x()[i] <= iteration) return loss.y()[i];
        return Double.NaN;
    }

    static ServiceSnapshot initial() {
        return new ServiceSnapshot(0, RunState.IDLE, "not configured", null, 0, null, 0, null, null,
                TrainingHistory.EMPTY, null, 0, "", null);
    }
}
