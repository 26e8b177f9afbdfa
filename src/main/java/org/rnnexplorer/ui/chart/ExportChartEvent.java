package org.rnnexplorer.ui.chart;

import javafx.event.Event;
import javafx.event.EventType;

/** Fired by a chart's context menu and bubbled to the window, which asks where to save and writes the file. */
public final class ExportChartEvent extends Event {

    public static final EventType<ExportChartEvent> EXPORT = new EventType<>(Event.ANY, "EXPORT_CHART");

    private final transient ExportableChart chart;

    public ExportChartEvent(ExportableChart chart) {
        super(EXPORT);
        this.chart = chart;
    }

    public ExportableChart chart() {
        return chart;
    }
}
