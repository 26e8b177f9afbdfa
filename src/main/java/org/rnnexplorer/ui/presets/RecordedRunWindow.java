package org.rnnexplorer.ui.presets;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.rnnexplorer.ui.chart.TimeSeriesChart;
import org.rnnexplorer.ui.chart.TimeSeriesChart.SeriesLine;
import org.rnnexplorer.ui.chart.TimeSeriesChart.Style;

import java.util.ArrayList;
import java.util.List;

/**
 * A window beside the main one with a recorded run: its loss curves on a log axis with the chance level, and the
 * sentences {@link RecordedRun#summary()} computes from them. It reads no engine state: the recording is a file.
 */
final class RecordedRunWindow {

    private final Stage stage = new Stage();
    private final TimeSeriesChart chart;
    private final Label summary = new Label();

    RecordedRunWindow(Window owner, RecordedRun run) {
        // Thousands on the x axis: a six-digit tick label at the axis' right end would run past the chart's edge.
        chart = TimeSeriesChart.create(run.title(), "iteration (thousands)", "loss (mean of " + run.window()
                + " iterations)", true);
        List<SeriesLine> lines = new ArrayList<>();
        List<double[][]> points = run.points();
        double first = Double.POSITIVE_INFINITY, last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            double[][] p = points.get(i);
            double[] thousands = new double[p[0].length];
            for (int j = 0; j < thousands.length; j++) thousands[j] = p[0][j] / 1000;
            p = new double[][] {thousands, p[1]};
            lines.add(new SeriesLine(run.runs().get(i).name(), p[0], p[1], Style.SOLID, i));
            first = Math.min(first, p[0][0]);
            last = Math.max(last, p[0][p[0].length - 1]);
        }
        lines.add(new SeriesLine("chance level", new double[] {first, last}, new double[] {run.chance(), run.chance()},
                Style.DASHED, -1));
        chart.setLines(lines);
        summary.setText(run.summary());
        summary.setWrapText(true);
        summary.getStyleClass().add("explanation");
        summary.setId("recordedSummary");
        BorderPane root = new BorderPane(chart);
        root.setTop(summary);
        BorderPane.setMargin(summary, new Insets(10, 12, 6, 12));
        Scene scene = new Scene(root, 900, 600);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        stage.setTitle(run.title());
        if (owner != null) stage.initOwner(owner);
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    Stage stage() {
        return stage;
    }

    TimeSeriesChart chart() {
        return chart;
    }
}
