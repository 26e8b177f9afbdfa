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
 */
public record TrainingHistory(MetricHistory.Series loss, MetricHistory.Series gradNorm,
                              MetricHistory.Series gradNormClipped, MetricHistory.Series clipped,
                              Map<String, MetricHistory.Series> updateRatios,
                              Map<String, MetricHistory.Series> spectralRadius,
                              Map<String, MetricHistory.Series> sigmaMax, double baseline) {

    public static final TrainingHistory EMPTY = new TrainingHistory(MetricHistory.Series.EMPTY, MetricHistory.Series.EMPTY,
            MetricHistory.Series.EMPTY, MetricHistory.Series.EMPTY, Map.of(), Map.of(), Map.of(), Double.NaN);
}
