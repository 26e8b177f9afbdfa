package org.rnnexplorer.ui.chart;

import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cell indices along a heatmap's axes: each label sits on the cell whose index it shows, and labels never overlap. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class HeatmapTicksUiTest {

    private Heatmap heatmap;

    @Start
    void start(Stage stage) {
        heatmap = new Heatmap();  // here, not as a field initialiser: the toolkit starts before @Start
        heatmap.setCellFormatter((r, c, v) -> r + "," + c);
        stage.setScene(new Scene(new StackPane(heatmap), 640, 320));
        stage.show();
    }

    private void show(FxRobot robot, int rows, int columns) {
        robot.interact(() -> {
            heatmap.setData(new HeatmapData(rows, columns, new float[rows * columns]));
            heatmap.applyCss();
            heatmap.layout();
            FrameScheduler.flush();
        });
    }

    @Test
    void columnLabelsSitOnTheCellsTheyNameWithoutOverlapping(FxRobot robot) {
        show(robot, 48, 300);
        Rectangle2D plot = heatmap.plotArea();
        List<Label> labels = heatmap.visibleTicks(false);
        assertTrue(labels.size() >= 4 && labels.size() < 300, labels.size() + " column labels");
        assertEquals("0", labels.get(0).getText());
        double previousRight = Double.NEGATIVE_INFINITY;
        for (Label l : labels) {
            int index = Integer.parseInt(l.getText());
            double centre = l.getLayoutX() + l.getWidth() / 2;
            // The hover readout at the label's centre (just inside the cells) names the same column.
            String cell = heatmap.describeCellAt(centre - plot.getMinX(), 1);
            if (index > 0) assertEquals(index, Integer.parseInt(cell.split(",")[1]), "label " + index + " is over " + cell);
            assertTrue(l.getLayoutX() >= previousRight, "labels overlap at " + index);
            previousRight = l.getLayoutX() + l.getWidth();
            assertTrue(l.getLayoutY() >= plot.getMaxY() - 0.5, "under the cells");
            assertTrue(index < 300);
        }
    }

    @Test
    void rowLabelsSitLeftOfTheirRowsAndGoAwayWhenTurnedOffOrForOneRow(FxRobot robot) {
        show(robot, 48, 300);
        Rectangle2D plot = heatmap.plotArea();
        List<Label> rows = heatmap.visibleTicks(true);
        assertTrue(rows.size() >= 4 && rows.size() <= 48, rows.size() + " row labels");
        for (Label l : rows) {
            int index = Integer.parseInt(l.getText());
            assertTrue(l.getLayoutX() + l.getWidth() <= plot.getMinX(), "left of the cells");
            String cell = heatmap.describeCellAt(1, l.getLayoutY() + l.getHeight() / 2 - plot.getMinY());
            assertEquals(index, Integer.parseInt(cell.split(",")[0]), "label " + index + " is beside " + cell);
        }
        double withLabels = plot.getWidth();

        robot.interact(() -> {
            heatmap.rowTicksVisibleProperty().set(false);
            heatmap.layout();
        });
        assertTrue(heatmap.tickTexts(true).isEmpty());
        assertTrue(heatmap.plotArea().getWidth() > withLabels, "the cells take the labels' room");

        robot.interact(() -> heatmap.rowTicksVisibleProperty().set(true));
        show(robot, 1, 10);  // a bias vector: one row needs no row index
        assertTrue(heatmap.tickTexts(true).isEmpty());
        assertEquals("0", heatmap.tickTexts(false).get(0));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), heatmap.tickTexts(false), "10 wide cells: every index");
    }

    @Test
    void groupedRowsAreLabelledBesideTheirGroup(FxRobot robot) {
        // Pitfall 1's layout: 3 samples × 5 steps, a row per (sample, step); the labels name samples.
        robot.interact(() -> heatmap.rowTicksProperty().set(RowTicks.groupsOf(5, "n=")));
        show(robot, 15, 4);
        Rectangle2D plot = heatmap.plotArea();
        List<Label> rows = heatmap.visibleTicks(true);
        assertEquals(List.of("n=0", "n=1", "n=2"), rows.stream().map(Label::getText).toList());
        for (Label l : rows) {
            int sample = Integer.parseInt(l.getText().substring(2));
            String cell = heatmap.describeCellAt(1, l.getLayoutY() + l.getHeight() / 2 - plot.getMinY());
            int row = Integer.parseInt(cell.split(",")[0]);
            assertEquals(sample * 5 + 2, row, l.getText() + " is beside its sample's middle step, not " + cell);
        }
        robot.interact(() -> heatmap.rowTicksProperty().set(RowTicks.INDICES));
    }
}
