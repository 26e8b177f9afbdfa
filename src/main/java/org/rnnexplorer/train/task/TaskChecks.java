package org.rnnexplorer.train.task;

import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

/** Argument checks shared by the task generators. */
final class TaskChecks {

    private TaskChecks() {
    }

    static void atLeast(String field, int value, int min) {
        if (value < min) throw new TrainingConfigException(field, field + " must be at least " + min + ", got " + value);
    }

    static void batch(int batchSize) {
        atLeast("batch_size", batchSize, 1);
    }

    /** A standard normal draw (Box–Muller). */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
