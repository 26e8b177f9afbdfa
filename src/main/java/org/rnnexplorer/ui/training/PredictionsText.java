package org.rnnexplorer.ui.training;

import org.rnnexplorer.service.Predictions;

import java.util.Locale;

/** The Training pane's lines of predictions beside targets. No JavaFX. */
final class PredictionsText {
    private PredictionsText() {
    }

    /**
     * e.g. "Predictions against targets, iteration 250 (4 sequences of the batch it trained on, at each one's last
     * step):" then one line per sequence "b = 0: prediction 0.8123   target 0.7950"; "" without predictions.
     *
     * @param task the task's name, for the line about what its target is
     */
    static String of(Predictions p, String task) {
        if (p == null || p.rows().isEmpty()) return "";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Predictions against targets, iteration %d (the first %d sequences of the batch this pass %s, %s):",
                p.iteration(), p.rows().size(), p.iteration() == 0 ? "ran on" : "trained on",
                p.perSequence() ? "the " + task + " task's one target per sequence, read at its last step"
                        : "the last step of the " + task + " task's per-step targets"));
        for (Predictions.Row row : p.rows()) {
            sb.append('\n').append(String.format(Locale.ROOT, "b = %d, t = %d: prediction %s   target %s",
                    row.sequence(), row.step(), values(row.prediction()), values(row.target())));
        }
        return sb.toString();
    }

    /** From here on a value is written in powers of ten. */
    private static final double LARGE = 1e5;

    private static String values(float[] v) {
        StringBuilder sb = new StringBuilder(v.length > 1 ? "[" : "");
        for (int i = 0; i < v.length; i++) {
            // Four decimals read well for the tasks' values; a run that blew up predicts 10^18 and more, which as
            // "-3550688633704939500.0000" is only a row of digits: large values are written as powers of ten.
            String text = Math.abs(v[i]) >= LARGE ? String.format(Locale.ROOT, "%.4g", v[i]).replace("e+", "e")
                    : String.format(Locale.ROOT, "%8.4f", v[i]).trim();
            sb.append(i == 0 ? "" : ", ").append(text.replace('-', '−'));
        }
        return sb.append(v.length > 1 ? "]" : "").toString();
    }
}
