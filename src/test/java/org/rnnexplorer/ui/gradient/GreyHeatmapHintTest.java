package org.rnnexplorer.ui.gradient;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.rules.LiveRunRule;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.chart.HeatmapData;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grey-heatmap sentence: counted from the shown values, said only where it is true. */
class GreyHeatmapHintTest {

    @Test
    void countsTheStepsWhoseLargestMagnitudeIsUnderOnePercentOfTheMaps() {
        // (H, T) = (2, 5), row-major: column maxima 1e-4, 0.019, 0.009 (from -0.009), 0.5, 2. One percent of 2 is
        // 0.02: columns 0, 1 and 2 are under it.
        HeatmapData map = new HeatmapData(2, 5, new float[] {
            1e-4f, 0.019f, -0.009f, 0.5f, 2f,
            0f, -0.001f, 0.001f, -0.3f, 1f});
        assertEquals(3, GreyHeatmapHint.greyColumns(map));
        assertTrue(GreyHeatmapHint.of(map, false).startsWith("The heatmap's colours are linear: at 3 of 5 steps"));
        assertEquals("", GreyHeatmapHint.of(map, true), "the log view has no grey problem");
    }

    @Test
    void aVanishingPassIsExplainedOnTheSignedViewAndNotOnTheLogView() throws Exception {
        int steps = 60, hidden = 16;
        RnnConfig config = new RnnConfig(4, hidden, 1, Nonlinearity.TANH, true, false, 0, false);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        Initializers.rescaleSpectralRadius(weights, 0.5); // every step back multiplies ∂L/∂h by at most ~0.5
        try (EngineService service = new EngineService()) {
            GradientFlowViewModel vm = new GradientFlowViewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)),
                    Runnable::run, Runnable::run);
            ServiceSnapshot s = LiveRuns.explore(service, config, weights, steps, 2, 5);
            vm.show(s);
            // Independently: the followed sequence's ∂L/∂h_t from the trace, column by column.
            DirectionTrace d = s.trace().direction(0, 0);
            float[] g = d.gradHidden();
            double[] columnMax = new double[steps];
            double max = 0;
            for (int t = 0; t < steps; t++) {
                for (int u = 0; u < hidden; u++) columnMax[t] = Math.max(columnMax[t], Math.abs(g[t * hidden + u]));
                max = Math.max(max, columnMax[t]);
            }
            int grey = 0;
            for (double m : columnMax) if (m < 0.01 * max) grey++;
            assertTrue(grey > steps / 2, "the pass vanishes: " + grey + " grey steps");
            String text = vm.boundTextProperty().get();
            assertTrue(text.contains("at " + grey + " of " + steps + " steps ∂L/∂h_t is under 1% of its largest magnitude"),
                    text);

            vm.logMagnitudeProperty().set(true);
            assertFalse(vm.boundTextProperty().get().contains("looks grey"), vm.boundTextProperty().get());
        }
    }

    @Test
    void aPassWithoutGreyStepsGetsNoSentence() {
        HeatmapData even = new HeatmapData(1, 4, new float[] {0.5f, -1f, 0.7f, 0.9f});
        assertEquals(0, GreyHeatmapHint.greyColumns(even));
        assertEquals("", GreyHeatmapHint.of(even, false));
    }

    /**
     * Steps where ∂L/∂h_t is exactly 0 are called so, not "small, not zero": after the exploding preset every step but
     * the last was 0 and the sentence beside the heatmap said otherwise.
     */
    @Test
    void stepsWhereTheGradientIsExactlyZeroAreSaidToBe() {
        HeatmapData allZero = new HeatmapData(2, 5, new float[] {0f, 0f, 0f, 0f, 3f, 0f, -0f, 0f, 0f, -2f});
        assertEquals(4, GreyHeatmapHint.greyColumns(allZero));
        assertEquals(4, GreyHeatmapHint.zeroColumns(allZero));
        assertEquals("The heatmap is grey at 4 of 5 steps because ∂L/∂h_t is exactly 0 there, not small: no gradient "
                + "reaches those steps, and a 0 has no place on the line chart's log axis.", GreyHeatmapHint.of(allZero, false));
        HeatmapData mixed = new HeatmapData(1, 5, new float[] {0f, 1e-5f, 2e-4f, 0.5f, 1f});
        assertEquals(3, GreyHeatmapHint.greyColumns(mixed));
        assertEquals(1, GreyHeatmapHint.zeroColumns(mixed));
        assertTrue(GreyHeatmapHint.of(mixed, false).contains("at 3 of 5 steps ∂L/∂h_t is under 1% of its largest magnitude "
                + "and looks grey (small, not zero, but for 1 step where it is exactly 0)"), GreyHeatmapHint.of(mixed, false));
    }

    /** Steps past the followed sequence's length are padding, said as such; the rest is judged on its own. */
    @Test
    void stepsPastTheSequencesLengthAreNamedAsPadding() {
        // (H, T) = (2, 5): t = 0, 1 ran (0.3 and 1), t = 2…4 are padding.
        HeatmapData map = new HeatmapData(2, 5, new float[] {0.3f, 1f, 0f, 0f, 0f, -0.2f, 0.5f, 0f, 0f, 0f});
        assertEquals("The heatmap is grey at t = 2…4: past sequence 2's length 2 (padding, which the RNN never runs; "
                + "PyTorch's output is 0 there).", GreyHeatmapHint.of(map, false, 2, 2));
        assertTrue(GreyHeatmapHint.of(map, false, 4, 1).startsWith("The heatmap is grey at t = 4: past sequence 1's "
                + "length 4 (padding, which the RNN never runs; PyTorch's output is 0 there). "),
                "one padded step; the valid ones are then judged by themselves");
        assertTrue(GreyHeatmapHint.of(map, false, 4, 1).contains("The heatmap is grey at 2 of 4 steps because ∂L/∂h_t "
                + "is exactly 0 there"), GreyHeatmapHint.of(map, false, 4, 1));
        assertEquals("", GreyHeatmapHint.of(map, true, 2, 2), "the log view draws padding as no value at all");
    }

    /** Through the pane: lengths 5, 3, 2 followed at sequence 2, whose ∂L/∂h_t the engine leaves 0 past t = 1. */
    @Test
    void thePaneNamesAShortSequencesPaddingRatherThanAVanishedGradient() throws Exception {
        ModelState state = PackedBatch.form(8);
        RnnParameters weights = Initializers.create(state.config(), Initializers.Scheme.PYTORCH_DEFAULT, 1);
        try (EngineService service = new EngineService()) {
            GradientFlowViewModel vm = new GradientFlowViewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)),
                    Runnable::run, Runnable::run);
            ServiceSnapshot s = LiveRuns.await(service.configure(
                    LiveRunRule.exploreSpec(state, weights, null, "scalar", ExploreLoss.LAST_STEP, 2)));
            float[] g = s.trace().direction(0, 0).gradHidden();
            for (int i = 2 * 8; i < g.length; i++) assertEquals(0f, g[i], "padding at t ≥ 2 has no gradient");
            vm.show(s);
            String text = vm.boundTextProperty().get();
            assertTrue(text.contains("The heatmap is grey at t = 2…4: past sequence 2's length 2 (padding"), text);
            assertFalse(text.contains("no gradient reaches those steps"), text);
        }
    }
}
