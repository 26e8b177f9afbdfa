package org.rnnexplorer.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.skin.TableHeaderRow;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.text.Font;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeSeriesChart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a projector check looks for in the shown part of a scene (FX thread): a label, button, combo value, tab or menu
 * whose drawn text is not its whole text (cut with an ellipsis, or running past its own edge where it is clipped), or
 * whose text runs out of a box it is laid out in (a split pane's item, a pane squeezed under its content), where the
 * box's neighbour or the bar below draws over it or a clip cuts it; text in a scroll pane or a list may run out of the
 * viewport (it scrolls);
 * a heatmap with fewer than {@link Heatmap#MIN_PLOT_HEIGHT} pixels of cells or with its colour bar's two labels on
 * top of each other; a chart squashed flat or with an axis label longer than the chart.
 */
final class ProjectorChecks {

    private ProjectorChecks() {
    }

    /** Every problem under root, each a line naming the node's text or title. */
    static List<String> problems(Node root) {
        List<String> out = new ArrayList<>();
        for (Node n : shown(root)) {
            if (n instanceof Labeled l) labeled(l, out);
            if (n instanceof Heatmap h) heatmap(h, out);
            if (n instanceof TimeSeriesChart c) out.addAll(c.unreadableParts());
            if (n instanceof ChartBox c) out.addAll(c.unreadableParts());
            if (n instanceof ScrollPane s) scrollPane(s, out);
        }
        heatmapRows(shown(root), out);
        return out;
    }

    /**
     * Heatmaps side by side (in one HBox) whose cells do not start level: one title wrapped onto a second line and its
     * neighbour's did not (Pitfall 1, Weights, Data at a projector's zoom).
     */
    private static void heatmapRows(List<Node> shown, List<String> out) {
        Map<Parent, List<Heatmap>> rows = new LinkedHashMap<>();
        for (Node n : shown) {
            if (!(n instanceof Heatmap h) || h.getData().isEmpty()) continue;
            Parent p = h.getParent();
            for (int up = 0; up < 3 && p != null && !(p instanceof HBox); up++) p = p.getParent();
            if (p instanceof HBox row) rows.computeIfAbsent(row, r -> new ArrayList<>()).add(h);
        }
        for (List<Heatmap> row : rows.values()) {
            if (row.size() < 2) continue;
            double first = cellsTop(row.getFirst());
            for (Heatmap h : row.subList(1, row.size())) {
                double top = cellsTop(h);
                if (Math.abs(top - first) > 1) {
                    out.add("heatmap \"" + h.titleProperty().get() + "\": cells start " + Math.round(Math.abs(top - first))
                            + " px " + (top > first ? "below" : "above") + " those of \"" + row.getFirst().titleProperty().get() + "\" beside it");
                }
            }
        }
    }

    /** The scene y of a heatmap's cells (its image). */
    private static double cellsTop(Heatmap h) {
        for (Node c : h.getChildrenUnmodifiable()) {
            if (c instanceof ImageView image) return image.localToScene(image.getLayoutBounds()).getMinY();
        }
        return Double.NaN;
    }

    /** The visible nodes under root (a node inside an invisible parent is not shown). */
    static List<Node> shown(Node root) {
        List<Node> out = new ArrayList<>();
        ArrayDeque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!n.isVisible() || n.getOpacity() == 0) continue;
            out.add(n);
            if (n instanceof Parent p) todo.addAll(p.getChildrenUnmodifiable());
        }
        return out;
    }

    private static void labeled(Labeled l, List<String> out) {
        String text = l.getText();
        if (text == null || text.isEmpty() || l.getWidth() <= 0) return;
        String expected = l.isMnemonicParsing() ? text.replaceFirst("_(?!_)", "") : text;
        for (Node child : l.getChildrenUnmodifiable()) {
            if (!(child instanceof Text t) || !child.isVisible()) continue;
            String drawn = t.getText();
            if (!drawn.replace("\n", " ").strip().equals(expected.replace("\n", " ").strip())) {
                out.add("\"" + text + "\" drawn as \"" + drawn + "\" (" + l.getClass().getSimpleName() + ")");
            } else if (!l.isWrapText() && t.getBoundsInParent().getMaxX() > l.getWidth() - l.snappedRightInset() + 1) {
                out.add("\"" + text + "\" runs " + Math.round(t.getBoundsInParent().getMaxX() - l.getWidth())
                        + " px past its " + Math.round(l.getWidth()) + " px (" + l.getClass().getSimpleName() + ")");
            } else {
                String spill = spill(l, t);
                if (spill != null) out.add("\"" + text + "\" " + spill + " (" + l.getClass().getSimpleName() + ")");
            }
        }
    }

    /**
     * The right edge of a text's words in its own coordinates: a wrapped line's trailing space hangs past the wrapping
     * width, drawn as nothing, and a Text's bounds count it ("pack_padded_sequence skips the " read as 7 px past its
     * 224 px). Words are measured by their selection shapes (their advances, as the bounds measure glyphs).
     */
    private static double wordsRight(Text t) {
        double right = Double.NEGATIVE_INFINITY;
        Matcher word = Pattern.compile("\\S+").matcher(t.getText());
        while (word.find()) {
            for (PathElement e : t.rangeShape(word.start(), word.end())) {
                if (e instanceof LineTo to) right = Math.max(right, to.getX());
                else if (e instanceof MoveTo move) right = Math.max(right, move.getX());
            }
        }
        return right == Double.NEGATIVE_INFINITY ? t.getBoundsInLocal().getMaxX() : right;
    }

    /**
     * Where a label's drawn text runs out of one of the boxes around it, up to a scroll pane's viewport or a list's
     * (their content scrolls), or null. A box smaller than its content lays the content out past its edge: a split
     * pane's next item or a border pane's bottom bar then covers it, a clip cuts it.
     */
    private static String spill(Labeled l, Text t) {
        Bounds text = t.localToScene(t.getBoundsInLocal());
        if (text.getHeight() <= 0 || text.getWidth() <= 0) return null;
        double wordsRight = t.localToScene(wordsRight(t), 0).getX();
        for (Parent p = l.getParent(); p != null; p = p.getParent()) {
            if (scrolls(p) || scrolls(p.getParent())) return null;
            Bounds box = p.localToScene(p.getLayoutBounds());
            double below = text.getMaxY() - box.getMaxY(), above = box.getMinY() - text.getMinY();
            double right = Math.min(text.getMaxX(), wordsRight) - box.getMaxX(), left = box.getMinX() - text.getMinX();
            double worst = Math.max(Math.max(below, above), Math.max(right, left));
            if (worst > 1) {
                String side = worst == below ? "bottom" : worst == above ? "top" : worst == right ? "right" : "left";
                return "runs " + Math.round(worst) + " px out of the " + side + " of its " + p.getClass().getSimpleName()
                        + (p.getId() == null ? "" : " #" + p.getId()) + " (" + Math.round(box.getWidth()) + " × "
                        + Math.round(box.getHeight()) + " px)";
            }
        }
        return null;
    }

    /** Whether what is inside this node may lie outside its bounds by design: it scrolls there. */
    private static boolean scrolls(Parent p) {
        return p instanceof ScrollPane || p instanceof VirtualFlow<?> || p instanceof TableHeaderRow
                || (p != null && p.getStyleClass().contains("viewport"));
    }

    /**
     * A scroll pane squeezed so far that it shows less than two lines of its content (the step's arithmetic once got
     * a viewport 2 px tall): scrolling cannot help when there is nothing to scroll in.
     */
    private static void scrollPane(ScrollPane s, List<String> out) {
        if (s.getContent() == null || !s.getContent().isVisible()) return;
        Bounds viewport = s.getViewportBounds();
        double content = s.getContent().getLayoutBounds().getHeight();
        double twoLines = 2 * 1.3 * Font.getDefault().getSize();
        if (content > 1 && viewport.getHeight() < Math.min(content, twoLines) - 1) {
            out.add("scroll pane " + (s.getId() == null ? s.getStyleClass() : "#" + s.getId()) + " shows "
                    + Math.round(viewport.getHeight()) + " px of its " + Math.round(content) + " px content");
        }
    }

    private static void heatmap(Heatmap h, List<String> out) {
        String name = "heatmap \"" + h.titleProperty().get() + "\"";
        if (h.getData().isEmpty()) return;
        if (h.plotHeight() < Heatmap.MIN_PLOT_HEIGHT) {
            out.add(name + ": cells " + h.plotHeight() + " px tall, under " + Heatmap.MIN_PLOT_HEIGHT);
        }
        Node high = h.lookup(".scale-high"), low = h.lookup(".scale-low");
        if (high != null && low != null && high.getBoundsInParent().intersects(low.getBoundsInParent())) {
            out.add(name + ": its colour bar's labels overlap (" + high.getBoundsInParent() + ", " + low.getBoundsInParent() + ")");
        }
    }
}
