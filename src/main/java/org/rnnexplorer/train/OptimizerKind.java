package org.rnnexplorer.train;

import java.util.Locale;

/** The optimisers {@link Optimizers} builds, by the lower-case names the CLI, the window and workspace files use. */
public enum OptimizerKind {
    SGD, ADAM, RMSPROP, ADAGRAD;

    /** The name as typed and stored: {@code sgd}, {@code adam}, {@code rmsprop}, {@code adagrad}. */
    public String typedName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name, case-insensitively.
     *
     * @throws TrainingConfigException naming the field {@code optimizer} for anything else
     */
    public static OptimizerKind parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (OptimizerKind k : values()) {
            if (k.typedName().equals(key)) return k;
        }
        throw new TrainingConfigException("optimizer",
                "unknown optimizer '" + name + "' (expected sgd, adam, rmsprop or adagrad)");
    }
}
