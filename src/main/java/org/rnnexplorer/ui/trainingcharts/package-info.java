/**
 * The training charts (loss against the chance level, gradient norm before and after clipping, update ratios, ρ and
 * σ_max of W_hh), their series and shared scales: drawn by the Training pane for its run and by the A/B view for
 * each of its runs. Shared by two panes, not a pane.
 *
 * <p>May import {@code ui.chart}, {@code ui.fx}, {@code service} and JavaFX, JFreeChart.
 */
package org.rnnexplorer.ui.trainingcharts;
