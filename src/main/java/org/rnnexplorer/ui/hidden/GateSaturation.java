package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.service.GatedTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Karpathy, Johnson &amp; Fei-Fei's gate-saturation plot ("Visualizing and Understanding Recurrent Networks", 2015,
 * fig. 3) for one layer and direction of the followed sequence: per unit of each sigmoid gate, the fraction of the
 * sequence's valid steps at which the gate is left-saturated (&lt; 0.1, shut) against right-saturated (&gt; 0.9, open).
 * A unit in the top-left corner is a gate that is almost always open, bottom-right almost always shut, near the
 * origin one that works in its middle range.
 *
 * @param gates the sigmoid gates in PyTorch's order (i, f, o or r, z)
 * @param shut  per gate, per unit: fraction of steps with the gate &lt; 0.1, (H)
 * @param open  per gate, per unit: fraction of steps with the gate &gt; 0.9, (H)
 * @param steps the valid steps counted
 */
public record GateSaturation(List<String> gates, List<double[]> shut, List<double[]> open, int steps) {

    /** Counts over the first {@code valid} steps of each gate's (T, H) trace. */
    static GateSaturation of(GatedTrace trace, int hidden, int valid) {
        List<String> names = new ArrayList<>();
        List<double[]> shut = new ArrayList<>(), open = new ArrayList<>();
        for (String g : trace.mode().gateNames()) {
            if (!HiddenQuantity.sigmoidGate(g)) continue;
            float[] v = trace.gate(g);
            double[] low = new double[hidden], high = new double[hidden];
            for (int t = 0; t < valid; t++) {
                for (int u = 0; u < hidden; u++) {
                    float x = v[t * hidden + u];
                    if (x < HiddenFrame.GATE_LOW) low[u]++;
                    if (x > HiddenFrame.GATE_HIGH) high[u]++;
                }
            }
            for (int u = 0; u < hidden; u++) {
                low[u] /= Math.max(1, valid);
                high[u] /= Math.max(1, valid);
            }
            names.add(g);
            shut.add(low);
            open.add(high);
        }
        return new GateSaturation(List.copyOf(names), List.copyOf(shut), List.copyOf(open), valid);
    }

    /** How many units of gate {@code g} are open (&gt; 0.9) at more than half the steps. */
    public int mostlyOpen(int g) {
        int n = 0;
        for (double f : open.get(g)) if (f > 0.5) n++;
        return n;
    }

    /** How many units of gate {@code g} are shut (&lt; 0.1) at more than half the steps. */
    public int mostlyShut(int g) {
        int n = 0;
        for (double f : shut.get(g)) if (f > 0.5) n++;
        return n;
    }

    /**
     * What the plot shows, with its counts: e.g. "Each dot is one unit of l0 over sequence b's 40 steps: x the
     * fraction of steps its gate is below 0.1 (shut), y above 0.9 (open). More than half the steps open: i 0, f 3,
     * o 1 of 16 units; shut: i 0, f 0, o 2."
     */
    public String describe(String label, int batchIndex) {
        StringBuilder openText = new StringBuilder(), shutText = new StringBuilder();
        int units = shut.isEmpty() ? 0 : shut.getFirst().length;
        for (int g = 0; g < gates.size(); g++) {
            String sep = g == 0 ? "" : ", ";
            openText.append(sep).append(gates.get(g)).append(' ').append(mostlyOpen(g));
            shutText.append(sep).append(gates.get(g)).append(' ').append(mostlyShut(g));
        }
        return String.format(Locale.ROOT, "Each dot is one unit of %s over sequence b = %d's %d steps: x is the fraction "
                        + "of steps its gate is below 0.1 (shut), y above 0.9 (open). Open at more than half the steps: "
                        + "%s of %d units; shut: %s.", label, batchIndex, steps, openText, units, shutText);
    }
}
