package org.rnnexplorer.ui.trainingcharts;

/**
 * Two runs' training charts on the same scales: both loss charts over the union of the two runs' iterations and
 * losses, both gradient-norm charts likewise. Without it each chart fits its own data, and a run stuck at the chance
 * level fills its chart exactly as a run a hundred times lower fills its own. FX thread.
 */
public final class SharedScales {

    private final TrainingCharts a, b;

    private SharedScales(TrainingCharts a, TrainingCharts b) {
        this.a = a;
        this.b = b;
    }

    /** Links the two from now on: each redraw of either sets both charts' ranges. */
    public static SharedScales link(TrainingCharts a, TrainingCharts b) {
        SharedScales s = new SharedScales(a, b);
        a.setOnRedrawn(s::apply);
        b.setOnRedrawn(s::apply);
        s.apply();
        return s;
    }

    void apply() {
        TrainingCharts.Extent loss = TrainingCharts.Extent.union(a.lossExtent(), b.lossExtent());
        TrainingCharts.Extent grad = TrainingCharts.Extent.union(a.gradientExtent(), b.gradientExtent());
        a.fixRanges(loss, grad);
        b.fixRanges(loss, grad);
    }
}
