package org.rnnexplorer.service;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.NonFinite;
import org.rnnexplorer.train.RecurrentSpectrum;
import org.rnnexplorer.train.StepMetrics;

/**
 * One configured run as the service sees it: the {@link Session} (model, backend, trainer, task) and everything the
 * service measures about it — histories, the latest pass, the step-through cursor, the weights' copy, the two time
 * budgets, throughput and the iterations left. A new configuration builds a new {@code Run}, so nothing of the
 * previous run survives it by construction. Engine-thread only.
 */
final class Run implements AutoCloseable {
    /** Probing the first pass right away is allowed up to this cost (about a second at 1 GFLOP/s). */
    private static final double PROBE_NOW_FLOPS = 1e9;
    /** Throughput is measured over roughly this much of the loop's latest wall time. */
    static final long RATE_WINDOW_MS = 2000;

    private final Session session;
    private final RunHistories histories;
    private final TimeBudget probes;
    private final TimeBudget spectra;
    private TraceSnapshot trace;
    private Predictions predictions;
    private TimeCursor cursor;
    private Model modelCopy;
    private NonFinite nonFinite;
    private long remaining;
    private long engineNanos;
    private double iterationsPerSecond;
    private long lastIterationEnd;
    private double rateIterations;
    private double rateNanos;
    private long lastModelCopyNanos;

    /**
     * Builds the session and shows its first batch: a forward and backward pass without an update, probed when
     * that is quick (a large model's first probe waits for the budget, or for a BPTT step, which probes on demand).
     *
     * @throws IllegalArgumentException for a spec that cannot run, with a one-line message
     */
    Run(RunSpec spec, int historyCapacity, double spectraBudget) {
        Session s = new Session(spec);
        try {
            session = s;
            histories = new RunHistories(historyCapacity, s.task().chanceBaseline());
            // Until a probe has been timed, expect it to take its flops in ns (1 GFLOP/s).
            probes = new TimeBudget(spec.probes().budgetFraction(), (long) s.probeFlopsEstimate());
            spectra = new TimeBudget(spectraBudget, 0);
            s.explore();
            boolean probeNow = spec.probes().jacobians() && s.probeFlopsEstimate() <= PROBE_NOW_FLOPS;
            long p0 = System.nanoTime();
            trace = s.capture(probeNow);
            predictions = s.predictions();
            if (probeNow) probes.calibrate(System.nanoTime() - p0);
            // A training run's ρ and σ_max chart starts at the initial weights: a run that explodes within a second
            // (ρ = 1.5, plain SGD) would otherwise end before the spectra budget allowed one measurement.
            if (spec.trains() && spectrumIsQuick(spec.config())) {
                histories.spectra(0, RecurrentSpectrum.of(s.model().rnn()));
            }
            cursor = TimeCursor.endOfForward(trace.steps());
            copyModel();
        } catch (RuntimeException ex) {
            s.close();
            throw ex;
        }
    }

    /** The largest W_hh whose ρ and σ_max are measured outside the spectra budget (at a run's start and stop). */
    static final int QUICK_SPECTRUM_HIDDEN = 256;

    /**
     * Whether ρ and σ_max of every W_hh are cheap enough to measure outside the budget: an Elman RNN (a gated W_hh
     * stacks gate blocks and has no one ρ) small enough that its eigen- and singular-value decompositions take
     * milliseconds; a larger model's first ρ waits for the budget rather than delaying the run's start.
     */
    static boolean spectrumIsQuick(RnnConfig c) {
        return !c.isGated() && c.hiddenSize() <= QUICK_SPECTRUM_HIDDEN;
    }

    Session session() {
        return session;
    }

    /**
     * One optimiser update, timed against the budgets; the watchdog's finding is kept in {@link #nonFinite()}.
     *
     * @throws RuntimeException what the session threw (the run cannot go on)
     */
    StepMetrics iterate() {
        long t0 = System.nanoTime();
        StepMetrics m = session.iterate();
        long dt = System.nanoTime() - t0;
        engineNanos += dt;
        histories.record(m);
        if (m.nonFinite() != null) {
            nonFinite = m.nonFinite();
            copyModel();
            // The ρ and σ_max chart ends where the run did (NaN, a gap, for a W_hh that is no longer finite).
            if (spectrumIsQuick(session.spec().config())) {
                histories.spectra(session.iteration(), RecurrentSpectrum.of(session.model().rnn()));
            }
        }
        return m;
    }

    /**
     * Reads the latest pass out of the kernel for a publication. The Jacobian probes run when they fit their
     * budget with what the last one cost (or for a single step of a model small enough to probe at once); between
     * probes, ρ and σ_max alone (one eigen- and one singular-value decomposition per W_hh, cheap next to the
     * probes) are measured within their own budget, so the ρ chart follows the whole run rather than only the
     * iterations a probe happened to fit.
     */
    void capture(boolean single) {
        // Step-through shows each step's Jacobian factor, so while BPTT is being stepped through a small model's
        // every pass is probed, as a single step's is.
        boolean stepping = cursor != null && cursor.phase() == TimeCursor.Phase.BACKWARD;
        boolean probe = (single || stepping) && session.probeFlopsEstimate() <= PROBE_NOW_FLOPS
                || probes.fits(engineNanos);
        probe &= session.spec().probes().jacobians();
        long p0 = System.nanoTime();
        trace = session.capture(probe);
        predictions = session.predictions(); // the same pass as the trace
        boolean square = !trace.config().isGated(); // a gated W_hh stacks G blocks: no one ρ or σ_max to chart
        if (probe) {
            probes.spend(System.nanoTime() - p0);
            if (square) {
                for (DirectionTrace d : trace.directions()) {
                    histories.spectrum(d.label(), trace.iteration(), d.spectralRadius(), d.sigmaMax());
                }
            }
        } else if (square && spectra.fits(engineNanos)) {
            long s0 = System.nanoTime();
            histories.spectra(session.iteration(), RecurrentSpectrum.of(session.model().rnn()));
            spectra.spend(System.nanoTime() - s0);
        }
        cursor = cursor == null ? TimeCursor.endOfForward(trace.steps()) : cursor.onNewPass(trace.steps());
    }

    /** The training loop starts or resumes now: the time before (a pause, a step) is not time the loop took. */
    void loopStarted() {
        lastIterationEnd = System.nanoTime();
    }

    /**
     * Counts one iteration of the loop towards the throughput: iterations over the wall time the loop took for
     * them (probes, captures, publication and time off the CPU included), over roughly the last
     * {@value #RATE_WINDOW_MS} ms. A mean of per-iteration rates 1/dt reads several times too high when a few
     * iterations are slow (a loaded machine, a probe).
     */
    void countTowardsRate() {
        long end = System.nanoTime();
        rateNanos += end - lastIterationEnd;
        rateIterations++;
        lastIterationEnd = end;
        if (rateNanos > RATE_WINDOW_MS * 2_000_000L) { // halve: older iterations fade out
            rateNanos /= 2;
            rateIterations /= 2;
        }
        iterationsPerSecond = rateIterations * 1e9 / Math.max(1, rateNanos);
    }

    /** Moves step-through one timestep forward in the latest pass. */
    void stepForward() {
        cursor = cursor.forward(trace.steps());
    }

    /**
     * Moves step-through one timestep back through BPTT; step-through shows Jacobian factors, so an unprobed pass
     * is probed now unless a loop is training.
     */
    void stepBackward(boolean training) {
        cursor = cursor.backward(trace.steps());
        if (!trace.directions().getFirst().probed() && !training) trace = session.capture(true);
    }

    /** Takes a copy of the weights for publication. */
    void copyModel() {
        modelCopy = session.model().copy();
        lastModelCopyNanos = System.nanoTime();
    }

    /** Whether the weights' copy is older than {@code intervalNanos}. */
    boolean modelCopyOlderThan(long intervalNanos) {
        return System.nanoTime() - lastModelCopyNanos >= intervalNanos;
    }

    /** Sets the iterations the loop will run. */
    void remaining(long n) {
        remaining = n;
    }

    /** Counts one iteration of the loop; true when that was the last one asked for. */
    boolean countDown() {
        return --remaining <= 0;
    }

    long remaining() {
        return remaining;
    }

    RunSpec spec() {
        return session.spec();
    }

    long iteration() {
        return session.iteration();
    }

    TraceSnapshot trace() {
        return trace;
    }

    /** The captured pass's predictions beside its targets, or null. */
    Predictions predictions() {
        return predictions;
    }

    TimeCursor cursor() {
        return cursor;
    }

    Model modelCopy() {
        return modelCopy;
    }

    NonFinite nonFinite() {
        return nonFinite;
    }

    double iterationsPerSecond() {
        return iterationsPerSecond;
    }

    long engineNanos() {
        return engineNanos;
    }

    /** Engine time spent on Jacobian probes and on ρ/σ_max between them. */
    long budgetSpentNanos() {
        return probes.spentNanos() + spectra.spentNanos();
    }

    TrainingHistory history() {
        return histories.snapshot();
    }

    @Override
    public void close() {
        session.close();
    }
}
