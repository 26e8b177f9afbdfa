/**
 * Charts shared by the panes: pixel-buffer heatmaps, Java2D-drawn time series (JFreeChart), colour maps and
 * scales, and export to PNG and SVG.
 *
 * <p>May import JavaFX, JFreeChart, {@code ui.fx} and {@code io} (atomic export writes); never {@code service}
 * (charts draw what they are handed) or a pane package.
 */
package org.rnnexplorer.ui.chart;
