package org.rnnexplorer.ui.trainingcharts;

import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ρ and σ_max series get a dot at each measurement: those that skip iterations and have few points. */
class SparseSpectraTest {

    private static XYSeries at(double... iterations) {
        XYSeries s = new XYSeries("ρ l0");
        for (double x : iterations) s.add(x, 1.5);
        return s;
    }

    @Test
    void theExplodingRunsFewMeasurementsAreDotted() {
        // What the exploding preset's run charted on this machine: the initial weights, one capture, the stop.
        assertTrue(TrainingCharts.sampledSparsely(at(0, 1, 5, 20)));
    }

    @Test
    void everyIterationMeasuredIsALine() {
        assertFalse(TrainingCharts.sampledSparsely(at(0, 1, 2, 3, 4, 5)));
        assertFalse(TrainingCharts.sampledSparsely(at(7)), "one point: the chart dots a lone point itself or not at all");
    }

    @Test
    void manyMeasurementsAreALineEvenWithGaps() {
        double[] x = new double[TrainingCharts.DOTTED_SAMPLES + 1];
        for (int i = 0; i < x.length; i++) x[i] = 10.0 * i;
        assertFalse(TrainingCharts.sampledSparsely(at(x)));
        assertTrue(TrainingCharts.sampledSparsely(at(java.util.Arrays.copyOf(x, TrainingCharts.DOTTED_SAMPLES))));
    }
}
