package org.rnnexplorer.ui.chart;

import javafx.scene.control.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cell-index labels of a {@link Heatmap}: row indices right-aligned left of the cells, column indices centred
 * under them, as many as {@link IndexTicks} lets fit. Labels are pooled and reused from layout to layout (those not
 * needed are hidden). FX thread, during the heatmap's layout.
 */
final class HeatmapIndexLabels {

    /** Pixels between a row label and the cells, and added to the widest column label as the spacing between two. */
    private static final double ROW_GAP = 3, COLUMN_GAP = 12;

    private final Consumer<Label> addToScene;
    private final List<Label> rows = new ArrayList<>();
    private final List<Label> columns = new ArrayList<>();

    /** @param addToScene adds a new label to the heatmap's children (below its hover readout) */
    HeatmapIndexLabels(Consumer<Label> addToScene) {
        this.addToScene = addToScene;
    }

    /** Width the row labels take left of the cells, gap included, for {@code rowCount} rows. */
    double rowLabelWidth(int rowCount, RowTicks ticks) {
        return label(rows, 0, ticks.text(ticks.count(rowCount) - 1)).prefWidth(-1) + ROW_GAP;
    }

    /** Height the column labels take under the cells. */
    double columnLabelHeight() {
        return label(columns, 0, "0").prefHeight(-1);
    }

    /** Row labels for {@code rowCount} rows drawn from {@code top} over {@code height}, right-aligned at {@code left}. */
    void placeRows(boolean show, int rowCount, RowTicks ticks, double left, double top, double height) {
        int shown = 0;
        if (show) {
            double labelH = label(rows, 0, "0").prefHeight(-1);
            int count = ticks.count(rowCount);
            // One label per group: each has its group's height (height / count) to fit in, not one row's.
            for (int k : IndexTicks.indices(count, height, labelH + 2)) {
                Label l = label(rows, shown++, ticks.text(k));
                double lw = l.prefWidth(-1);
                l.resizeRelocate(left - ROW_GAP - lw, ticks.centre(k, rowCount, top, height) - labelH / 2, lw, labelH);
                l.setVisible(true);
            }
        }
        hideFrom(rows, shown);
    }

    /**
     * Column labels for columns that stand for indices {@code first … first + count - 1}, drawn from {@code left}
     * over {@code width}, under {@code y}; none starts left of {@code minX}.
     */
    void placeColumns(boolean show, int first, int count, double left, double width, double y, double minX) {
        int shown = 0;
        if (show) {
            Label widest = label(columns, 0, String.valueOf(first + count - 1));
            double labelH = widest.prefHeight(-1);
            for (int index : IndexTicks.indices(first, count, width, widest.prefWidth(-1) + COLUMN_GAP)) {
                Label l = label(columns, shown++, String.valueOf(index));
                double lw = l.prefWidth(-1);
                double x = IndexTicks.centre(index - first, count, left, width) - lw / 2;
                l.resizeRelocate(Math.max(minX, x), y, lw, labelH);
                l.setVisible(true);
            }
        }
        hideFrom(columns, shown);
    }

    /** The labels shown now, in order: rows (top to bottom) or columns (left to right). */
    List<Label> visible(boolean ofRows) {
        return (ofRows ? rows : columns).stream().filter(Label::isVisible).toList();
    }

    private static void hideFrom(List<Label> pool, int first) {
        for (int i = first; i < pool.size(); i++) pool.get(i).setVisible(false);
    }

    /** Label {@code i} of a pool, created on first use, showing {@code text}, its CSS applied so it measures right. */
    private Label label(List<Label> pool, int i, String text) {
        while (pool.size() <= i) {
            Label l = new Label();
            l.getStyleClass().add("axis-tick");
            l.setManaged(false);
            l.setMouseTransparent(true);
            l.setVisible(false);
            addToScene.accept(l);
            pool.add(l);
        }
        Label l = pool.get(i);
        l.setText(text);
        l.applyCss();
        return l;
    }
}
