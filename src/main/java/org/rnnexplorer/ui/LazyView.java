package org.rnnexplorer.ui;

import org.rnnexplorer.ui.chart.ExportableChart;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** A pane's view, built on first use so that panes the user has not opened cost nothing at start-up. FX thread. */
final class LazyView<V> implements Supplier<V> {
    private final Supplier<V> build;
    private V view;

    LazyView(Supplier<V> build) {
        this.build = build;
    }

    @Override
    public V get() {
        if (view == null) view = build.get();
        return view;
    }

    /** The view's charts once it is built; none before (nothing drawn yet to export). */
    Supplier<List<ExportableChart>> charts(Function<V, List<ExportableChart>> charts) {
        return () -> view == null ? List.of() : charts.apply(view);
    }
}
