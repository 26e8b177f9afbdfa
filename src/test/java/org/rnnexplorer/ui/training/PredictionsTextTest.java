package org.rnnexplorer.ui.training;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.service.Predictions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Training pane's prediction lines: four decimals for ordinary values, powers of ten for a run that blew up. */
class PredictionsTextTest {

    @Test
    void ordinaryValuesHaveFourDecimalsAndHugeOnesAPowerOfTen() {
        Predictions p = new Predictions(48, true, List.of(
                new Predictions.Row(0, 99, new float[] {0.81234f}, new float[] {-0.795f}),
                new Predictions.Row(1, 99, new float[] {-3.5506886e18f}, new float[] {1.25f})));
        String[] lines = PredictionsText.of(p, "adding").split("\n");
        assertEquals("b = 0, t = 99: prediction 0.8123   target −0.7950", lines[1]);
        // Was "-3550688633704939500.0000".
        assertEquals("b = 1, t = 99: prediction −3.551e18   target 1.2500", lines[2]);
    }
}
