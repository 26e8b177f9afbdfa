package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import org.rnnexplorer.ui.chart.ChartBox;
import org.rnnexplorer.ui.chart.Heatmap;
import org.rnnexplorer.ui.chart.TimeSeriesChart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a projector check looks for in the shown part of a scene (FX thread): a label, button, combo value, tab or menu
 * whose drawn text is not its whole text (cut with an ellipsis, or running past its own edge where it is clipped);
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
        }
        return out;
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
            }
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
