package org.rnnexplorer.train;

import java.util.Locale;

/** The two losses, both with PyTorch's default mean reduction. */
public enum LossKind {
    /** {@code F.mse_loss(pred, target)}: target of exactly the prediction's shape. */
    MSE("mse"),
    /** {@code F.cross_entropy(pred.reshape(-1, C), target.reshape(-1))}: classes on the last axis. */
    CROSS_ENTROPY("ce");

    private final String shortName;

    LossKind(String shortName) {
        this.shortName = shortName;
    }

    /** The CLI's name: mse or ce. */
    public String shortName() {
        return shortName;
    }

    /** Parses mse, ce, cross_entropy or cross-entropy (case-insensitive). */
    public static LossKind parse(String name) {
        String k = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "mse", "mse_loss" -> MSE;
            case "ce", "cross_entropy", "cross-entropy", "crossentropy" -> CROSS_ENTROPY;
            default -> throw new TrainingConfigException("loss", "unknown loss '" + name + "' (expected mse or ce)");
        };
    }
}
