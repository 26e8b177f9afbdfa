package org.rnnexplorer.ui.chart;

import javafx.scene.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What File ▸ Export chart… offers: a tab's charts by title. A dialog lists these strings, never the charts: a chart
 * is a live node, and a combo box showing nodes as its items re-parents them into its cells, emptying the pane.
 */
public final class ExportChoices {

    private ExportChoices() {
    }

    /**
     * The charts on screen: those whose node and every parent are visible. A pane lists all its charts; one it hides
     * (a bias heatmap without biases, W_hr without proj_size, the gate scatter of an RNN) would export as a stale or
     * empty frame, so it is not offered.
     */
    public static List<ExportableChart> shown(List<? extends ExportableChart> charts) {
        List<ExportableChart> out = new ArrayList<>();
        for (ExportableChart chart : charts) {
            if (!(chart instanceof Node node) || treeVisible(node)) out.add(chart);
        }
        return out;
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }

    /**
     * The charts keyed by their {@link ExportableChart#exportName()}, in the tab's order; a name that repeats gets
     * " (2)", " (3)" … so every choice is distinct.
     */
    public static Map<String, ExportableChart> byTitle(List<? extends ExportableChart> charts) {
        Map<String, ExportableChart> out = new LinkedHashMap<>();
        for (ExportableChart chart : charts) {
            String name = chart.exportName();
            String title = name;
            for (int n = 2; out.containsKey(title); n++) title = name + " (" + n + ")";
            out.put(title, chart);
        }
        return Collections.unmodifiableMap(out);
    }
}
