package org.rnnexplorer.service;

import java.util.Map;

/**
 * The run's per-iteration metrics, decimated as {@link MetricHistory} describes (bounded memory for any length).
 *
 * @param loss            loss before each update
 * @param gradNorm        total 2-norm of the gradients before clipping
 * @param gradNormClipped after clipping
 * @param clipped         1 where clipping fired, else 0 (a decimated point's max tells whether it fired within)
 * @param updateRatios    ‖Δp‖/‖p‖ per parameter name
 * @param spectralRadius  ρ per W_hh, keyed {@code l0}, {@code l0_reverse}, ...
 * @param sigmaMax        σ_max per W_hh, same keys
 * @param baseline        the task's chance-level loss
 * @param lossEma         the exponential moving average of the raw per-iteration losses, span {@link #EMA_SPAN}
 *                        (computed at every iteration before decimation; a merged point holds the mean of its
 *                        iterations' averages)
 */
public record TrainingHistory(MetricHistory.Series loss, MetricHistory.Series gradNorm,
                              MetricHistory.Series gradNormClipped, MetricHistory.Series clipped,
                              Map<String, MetricHistory.Series> updateRatios,
                              Map<String, MetricHistory.Series> spectralRadius,
                              Map<String, MetricHistory.Series> sigmaMax, double baseline,
                              MetricHistory.Series lossEma) {

    /**
     * The span N of the loss's moving average: each new loss weighs α = 2 / (N + 1), as pandas'
     * {@code ewm(span=N, adjust=False)}, starting from the first loss.
     */
    public static final int EMA_SPAN = 50;

    public static final TrainingHistory EMPTY = new TrainingHistory(MetricHistory.Series.EMPTY, MetricHistory.Series.EMPTY,
            MetricHistory.Series.EMPTY, MetricHistory.Series.EMPTY, Map.of(), Map.of(), Map.of(), Double.NaN,
            MetricHistory.Series.EMPTY);

    /** The next moving average after {@code loss}, from the previous one (NaN before the first loss). */
    public static double nextEma(double previous, double loss) {
        if (Double.isNaN(previous)) return loss;
        return previous + 2.0 / (EMA_SPAN + 1) * (loss - previous);
    }
}
