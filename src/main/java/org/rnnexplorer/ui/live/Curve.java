package org.rnnexplorer.ui.live;

/**
 * A line for a chart, as view-models hand it to views: y against x, equal lengths, never modified after creation.
 *
 * @param key a name unique within its chart, shown in the legend
 */
public record Curve(String key, double[] x, double[] y) {
    public Curve {
        if (x.length != y.length) throw new IllegalArgumentException(key + ": " + x.length + " x but " + y.length + " y");
    }

    /** y against 0, 1, …, y.length − 1 (values per timestep). */
    public static Curve perStep(String key, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return new Curve(key, x, y);
    }

    public int size() {
        return x.length;
    }
}
