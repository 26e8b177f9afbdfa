package org.rnnexplorer.ui.trainingcharts;

import javafx.beans.property.SimpleObjectProperty;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Marker;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.chart.AxisLabelFit;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.LegendEntries;
import org.testfx.api.FxToolkit;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Training pane's charts keep their axis labels whole at the size they get while a run shows its predictions
 * (four lines above the charts) at 1366 × 768: about 660 × 175 px each, a legend under each chart.
 */
class TrainingChartsLabelTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // the charts are JavaFX nodes; nothing is shown
    }

    @Test
    void everyAxisLabelFitsWhileARunShowsItsPredictions() {
        TrainingCharts charts = new TrainingCharts("", new SimpleObjectProperty<>(ChartAppearance.DEFAULT));
        for (ChartBox box : List.of(charts.loss(), charts.gradientNorm(), charts.updateRatios(), charts.spectra())) {
            JFreeChart chart = box.chart();
            if (chart.getXYPlot().getDataset() instanceof XYSeriesCollection c && c.getSeriesCount() == 0) {
                // What a run puts there: the legend under the chart takes a line.
                for (String key : box == charts.spectra() ? List.of("ρ l0", "σ_max l0") : List.of("weight_ih_l0", "weight_hh_l0")) {
                    XYSeries s = new XYSeries(key);
                    for (int i = 0; i < 50; i++) s.add(i, 0.5 + i * 0.01);
                    c.addSeries(s);
                }
            }
            int width = 660, height = 175;
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            ChartRenderingInfo info = new ChartRenderingInfo();
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height), info);
            g.dispose();
            assertEquals(List.of(), AxisLabelFit.problems(chart, width, height, info.getPlotInfo().getDataArea()));
        }
    }

    /**
     * The chance level and the healthy update-ratio band are named in the legend, not by labels over the plot: the
     * loss of a run that does not learn lies on the chance level and a healthy run's ratios on 10⁻³, and the labels
     * hid those curves.
     */
    @Test
    void theChanceLevelAndTheHealthyBandAreNamedInTheLegendNotOverTheCurves() {
        TrainingCharts charts = new TrainingCharts("", new SimpleObjectProperty<>(ChartAppearance.DEFAULT));
        charts.setBaseline(1.0 / 6.0);
        assertEquals("chance level 0.1667", lastLegendEntry(charts.loss().chart()));
        assertEquals(TrainingCharts.HEALTHY_KEY, lastLegendEntry(charts.updateRatios().chart()));
        for (ChartBox box : List.of(charts.loss(), charts.updateRatios())) {
            List<Marker> markers = LegendEntries.rangeMarkers(box.chart());
            assertFalse(markers.isEmpty(), "the line is still drawn");
            for (Marker m : markers) assertNull(m.getLabel(), "no text over the plot: " + m.getLabel());
        }
        charts.setBaseline(Double.NaN);
        assertEquals(TrainingSeries.EMA_LABEL, lastLegendEntry(charts.loss().chart()), "no chance level, no entry");
    }

    /** A run without clipping: one norm, named as such; "after clipping" and "clipping fired" only where it clips. */
    @Test
    void theGradientNormLegendNamesClippingOnlyForARunThatClips() {
        TrainingCharts charts = new TrainingCharts("", new SimpleObjectProperty<>(ChartAppearance.DEFAULT));
        JFreeChart grad = charts.gradientNorm().chart();
        assertEquals(List.of("before clipping", "after clipping", "clipping fired"), LegendEntries.of(grad));
        charts.showClipping(false);
        assertEquals(List.of(TrainingCharts.NORM_WITHOUT_CLIPPING), LegendEntries.of(grad));
        var renderer = grad.getXYPlot().getRenderer();
        assertFalse(renderer.isSeriesVisible(1), "no second line drawn over the first");
        charts.showClipping(true);
        assertEquals(List.of("before clipping", "after clipping", "clipping fired"), LegendEntries.of(grad));
    }

    /** Before any run, and once cleared, the legend follows the pane's Clipping setting, not a run that clips. */
    @Test
    void theEmptyChartsLegendFollowsTheClippingSetting() {
        TrainingCharts charts = new TrainingCharts("", new SimpleObjectProperty<>(ChartAppearance.DEFAULT));
        JFreeChart grad = charts.gradientNorm().chart();
        charts.clippingWhileEmpty(false);
        assertEquals(List.of(TrainingCharts.NORM_WITHOUT_CLIPPING), LegendEntries.of(grad));
        charts.showClipping(true); // a run that clips was shown
        charts.clear();
        assertEquals(List.of(TrainingCharts.NORM_WITHOUT_CLIPPING), LegendEntries.of(grad), "cleared: the setting again");
        charts.clippingWhileEmpty(true);
        assertEquals(List.of("before clipping", "after clipping", "clipping fired"), LegendEntries.of(grad));
    }

    private static String lastLegendEntry(JFreeChart chart) {
        return LegendEntries.of(chart).getLast();
    }
}
