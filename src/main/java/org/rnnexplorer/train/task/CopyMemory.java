package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;

import java.util.SplittableRandom;

/**
 * Copy memory (Arjovsky, Shah &amp; Bengio 2016): 10 symbols from 8 categories, T−1 blanks, a delimiter, 10 more
 * blanks; the output must be blank for T+10 steps and then repeat the 10 symbols. Length T+20.
 *
 * <p>Input: one-hot over 10 codes (0 blank, 1–8 symbols, 9 delimiter), (T+20, N, 10). Target: classes 0–8 per step,
 * (T+20, N); cross-entropy over all steps (readout ALL).
 */
public final class CopyMemory implements Task {
    /** Symbols to remember. */
    public static final int SYMBOLS = 10;
    /** Categories the symbols come from. */
    public static final int CATEGORIES = 8;
    /** Input codes: blank, 8 categories, delimiter. */
    public static final int INPUT_CODES = CATEGORIES + 2;
    static final int BLANK = 0;
    static final int DELIMITER = CATEGORIES + 1;

    private final int blanks;

    /** @param blanks T, the delay between the symbols and their recall (≥ 1) */
    public CopyMemory(int blanks) {
        TaskChecks.atLeast("T", blanks, 1);
        this.blanks = blanks;
    }

    public int blanks() {
        return blanks;
    }

    /** T + 20. */
    public int length() {
        return blanks + 2 * SYMBOLS;
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public String description() {
        return "Copy memory, T=" + blanks + ": repeat 10 symbols (8 categories) after " + blanks + " blanks and a delimiter";
    }

    @Override
    public int inputSize() {
        return INPUT_CODES;
    }

    /** Blank and the 8 categories: the delimiter is never a target. */
    @Override
    public int outputSize() {
        return CATEGORIES + 1;
    }

    @Override
    public LossKind loss() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public Readout readout() {
        return Readout.ALL;
    }

    /** 10·ln 8/(T+20): blanks predicted with certainty, the 10 recalled symbols guessed uniformly. */
    @Override
    public double chanceBaseline() {
        return SYMBOLS * Math.log(CATEGORIES) / (blanks + 2 * SYMBOLS);
    }

    @Override
    public String baselineDescription() {
        return "cross-entropy 10·ln 8/(T+20) of the memoryless strategy: blanks, then uniform guesses";
    }

    @Override
    public Batch batch(int batchSize, SplittableRandom random) {
        TaskChecks.batch(batchSize);
        int n = batchSize, len = length();
        float[] x = new float[len * n * INPUT_CODES];
        int[] y = new int[len * n];
        for (int b = 0; b < n; b++) {
            int[] codes = new int[len];
            for (int i = 0; i < SYMBOLS; i++) {
                int symbol = 1 + random.nextInt(CATEGORIES);
                codes[i] = symbol;
                y[(blanks + SYMBOLS + i) * n + b] = symbol;
            }
            codes[SYMBOLS + blanks - 1] = DELIMITER;
            for (int t = 0; t < len; t++) x[(t * n + b) * INPUT_CODES + codes[t]] = 1f;
        }
        return new Batch(new Tensor(new int[] {len, n, INPUT_CODES}, x), new Target.Classes(new int[] {len, n}, y), null);
    }
}
