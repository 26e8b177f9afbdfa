package org.rnnexplorer.ui.chart;

import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFreeChart adapters: batched appends reach the chart as one change per frame; log axes for gradient norms. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ChartsUiTest {

    private final BatchedSeries norms = new BatchedSeries("layer 0");
    private ChartBox chart;

    @Start
    void start(Stage stage) {
        chart = Charts.lines("‖∂L/∂h_t‖", "t", "norm", true, norms);
        stage.setScene(new Scene(new StackPane(chart), 500, 350));
        stage.show();
    }

    @Test
    void aThousandAppendsInOneFrameAreOneChartChange(FxRobot robot) {
        AtomicInteger changes = new AtomicInteger();
        robot.interact(() -> {
            norms.series().addChangeListener(e -> changes.incrementAndGet());
            for (int t = 0; t < 1000; t++) norms.append(t, Math.pow(0.9, t)); // ρ^t decay: a line on a log axis
            assertEquals(0, norms.series().getItemCount(), "nothing reaches the chart before the frame");
            FrameScheduler.flush();
        });
        assertEquals(1000, norms.series().getItemCount());
        assertEquals(1, changes.get(), "one change event, so one redraw");
        XYPlot plot = chart.chart().getXYPlot();
        assertTrue(plot.getRangeAxis() instanceof LogAxis);
        robot.interact(() -> {
            norms.replaceAll(new double[] {0, 1, 2}, new double[] {1, 10, 100});
            FrameScheduler.flush();
        });
        assertEquals(3, norms.series().getItemCount());
        assertEquals(100.0, norms.series().getY(2).doubleValue());
        assertEquals(2, changes.get());
    }

    @Test
    void theSingularValueChartAlwaysShowsItsLineAtOneWithRoomForItsLabel(FxRobot robot) {
        BatchedSeries sigmas = new BatchedSeries("σ");
        robot.interact(() -> {
            ChartBox singular = Charts.singularValues("Singular values", sigmas);
            XYPlot plot = singular.chart().getXYPlot();
            for (double[] values : new double[][] {{0.5, 0.3, 0.1}, {1.0, 1.0, 1.0}, {1.05, 0.9, 0.4}, {3.0, 2.0, 0.5}}) {
                sigmas.replaceAll(new double[] {1, 2, 3}, values);
                FrameScheduler.flush();
                double top = plot.getRangeAxis().getUpperBound();
                assertTrue(top >= 1.2, "σ = 1 and its label in view for σ = " + Arrays.toString(values)
                        + ": the axis ends at " + top);
                assertTrue(top >= values[0], "σ_max in view");
                assertEquals(0.0, plot.getRangeAxis().getLowerBound());
            }
        });
    }

    @Test
    void chartsFollowTheDarkTheme(FxRobot robot) {
        robot.interact(() -> chart.appearanceProperty().set(new ChartAppearance(true, 1.5, ColorMap.COOL_WARM)));
        assertEquals(new ChartAppearance(true, 1.5, ColorMap.COOL_WARM).background(), chart.chart().getBackgroundPaint());
        assertEquals(Math.round(14 * 1.5f), chart.chart().getTitle().getFont().getSize(), "title font follows the zoom");
    }
}
