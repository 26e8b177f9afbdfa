package org.rnnexplorer.archfixtures.ui.chart;

/** Planted: a chart reads the service instead of drawing what it is handed. */
public class ChartImportsService {
    Object source = new org.rnnexplorer.archfixtures.service.ServiceStandIn();
}
