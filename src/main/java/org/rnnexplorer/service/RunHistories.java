package org.rnnexplorer.service;

import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.train.RecurrentSpectrum;
import org.rnnexplorer.train.StepMetrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metric histories of one run, each bounded ({@link MetricHistory}). Engine-thread only. */
final class RunHistories {
    private final int capacity;
    private final double baseline;
    private final MetricHistory loss;
    private final MetricHistory lossEma;
    /** The moving average of the raw losses so far (NaN before the first). */
    private double ema = Double.NaN;
    private final MetricHistory gradNorm;
    private final MetricHistory gradNormClipped;
    private final MetricHistory clipped;
    private final Map<String, MetricHistory> ratios = new LinkedHashMap<>();
    private final Map<String, MetricHistory> rho = new LinkedHashMap<>();
    private final Map<String, MetricHistory> sigma = new LinkedHashMap<>();

    /** @param baseline the task's chance-level loss, NaN when it has none */
    RunHistories(int capacity, double baseline) {
        this.capacity = capacity;
        this.baseline = baseline;
        loss = new MetricHistory(capacity);
        lossEma = new MetricHistory(capacity);
        gradNorm = new MetricHistory(capacity);
        gradNormClipped = new MetricHistory(capacity);
        clipped = new MetricHistory(capacity);
    }

    void record(StepMetrics m) {
        loss.add(m.step(), m.loss());
        // A non-finite loss (the watchdog stops there) has no average: the previous one repeated would draw the
        // loss as levelling off at the step where it overflowed.
        boolean finite = Double.isFinite(m.loss());
        if (finite) ema = TrainingHistory.nextEma(ema, m.loss());
        lossEma.add(m.step(), finite ? ema : Double.NaN);
        gradNorm.add(m.step(), m.gradNorm());
        gradNormClipped.add(m.step(), m.gradNormClipped());
        clipped.add(m.step(), m.clipped() ? 1 : 0);
        for (var e : m.updateRatios().entrySet()) {
            ratios.computeIfAbsent(e.getKey(), k -> new MetricHistory(capacity)).add(m.step(), e.getValue());
        }
        spectra(m.step(), m.spectra());
    }

    void spectra(long step, List<RecurrentSpectrum> spectra) {
        for (RecurrentSpectrum s : spectra) {
            String label = ModelShape.directionLabel(s.layer(), s.direction());
            spectrum(label, step, s.spectralRadius(), s.largestSingularValue());
        }
    }

    /** @param label "l{k}" or "l{k}_reverse", PyTorch's parameter-name suffix */
    void spectrum(String label, long step, double r, double s) {
        rho.computeIfAbsent(label, k -> new MetricHistory(capacity)).add(step, r);
        sigma.computeIfAbsent(label, k -> new MetricHistory(capacity)).add(step, s);
    }

    TrainingHistory snapshot() {
        return new TrainingHistory(loss.snapshot(), gradNorm.snapshot(), gradNormClipped.snapshot(),
                clipped.snapshot(), copy(ratios), copy(rho), copy(sigma), baseline, lossEma.snapshot());
    }

    private static Map<String, MetricHistory.Series> copy(Map<String, MetricHistory> m) {
        Map<String, MetricHistory.Series> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) out.put(e.getKey(), e.getValue().snapshot());
        return Collections.unmodifiableMap(out);
    }
}
