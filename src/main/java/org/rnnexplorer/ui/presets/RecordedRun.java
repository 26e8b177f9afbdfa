package org.rnnexplorer.ui.presets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training run recorded ahead of time, shown beside a preset's live run when the published result needs more
 * iterations than a class can wait for (Le, Jaitly & Hinton's IRNN: tens of thousands of SGD steps at T = 100). Read
 * from {@code sample-data/recorded/*.json}, written by {@code src/bench/record_le2015.py} from {@code rnnx train}'s
 * logs; every sentence about it is computed from its numbers. No JavaFX.
 *
 * @param title   the chart's title
 * @param setting task, sizes, optimiser, seed and length, in words
 * @param window  iterations averaged into each point
 * @param chance  the task's chance-level loss
 * @param runs    the runs, each with its points
 */
public record RecordedRun(String title, String setting, int window, double chance, List<Run> runs) {

    /** The largest file read (the recorded runs are ~40 KB): a bound against a wrong or hostile file. */
    static final long MAX_BYTES = 4 << 20;

    /**
     * One run: the mean loss of the {@code window} iterations ending at each {@code iteration[i]}.
     *
     * @param command   the {@code rnnx train} command that produced it
     * @param iteration (P) the last iteration of each window, increasing
     * @param loss      (P) the window's mean loss
     */
    public record Run(String name, String command, long[] iteration, double[] loss) {
    }

    /**
     * Reads a recorded run.
     *
     * @throws IOException with one line naming the file and what is wrong with it
     */
    public static RecordedRun read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such recorded run");
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + ": " + Files.size(file) + " bytes, more than a recorded run's " + MAX_BYTES);
        }
        RecordedRun r;
        try (InputStream in = Files.newInputStream(file)) {
            r = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, RecordedRun.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": not a recorded run (" + e.getOriginalMessage() + ")");
        }
        String problem = r.problem();
        if (problem != null) throw new IOException(file + ": " + problem);
        return r;
    }

    /** What makes this value unusable, or null. */
    private String problem() {
        if (runs == null || runs.isEmpty()) return "no runs";
        if (window < 1 || !(chance > 0)) return "window " + window + " and chance " + chance + " must be positive";
        for (Run run : runs) {
            if (run.iteration() == null || run.loss() == null || run.iteration().length != run.loss().length
                    || run.loss().length < 10) {
                return run.name() + ": iteration and loss must hold the same number (at least 10) of points";
            }
            for (int i = 1; i < run.iteration().length; i++) {
                if (run.iteration()[i] <= run.iteration()[i - 1]) return run.name() + ": iterations do not increase";
            }
        }
        return null;
    }

    /** The mean of a run's points over its last tenth. */
    static double lastTenthMean(Run run) {
        int n = run.loss().length, from = n - Math.max(1, n / 10);
        double sum = 0;
        for (int i = from; i < n; i++) sum += run.loss()[i];
        return sum / (n - from);
    }

    /** The first point whose window mean is under half the chance level, or -1. */
    long firstUnderHalfChance(Run run) {
        for (int i = 0; i < run.loss().length; i++) if (run.loss()[i] < chance / 2) return run.iteration()[i];
        return -1;
    }

    /** What the recording shows, each number read off it: the setting, then one sentence per run. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Recorded with rnnx train: %s. Each point is "
                + "the mean loss of %d iterations; the chance level is %.4f.", setting, window, chance));
        for (Run run : runs) {
            long n = run.iteration()[run.iteration().length - 1];
            long first = firstUnderHalfChance(run);
            sb.append(String.format(Locale.ROOT, " %s: %s; mean loss over the last tenth %.4f (%.2f × chance).",
                    run.name(), first < 0 ? "never under half the chance level in " + String.format(Locale.ROOT, "%,d", n)
                            + " iterations" : String.format(Locale.ROOT, "first under half the chance level by "
                            + "iteration %,d", first), lastTenthMean(run), lastTenthMean(run) / chance));
        }
        return sb.toString();
    }

    /** The runs' points as (x, y) lists, for a chart. */
    public List<double[][]> points() {
        List<double[][]> out = new ArrayList<>();
        for (Run run : runs) {
            double[] x = new double[run.iteration().length];
            for (int i = 0; i < x.length; i++) x[i] = run.iteration()[i];
            out.add(new double[][] {x, run.loss().clone()});
        }
        return out;
    }
}
