/**
 * The pitfalls pane: studies of common mistakes (batch_first, detaching the hidden state), each run for real.
 * As every pane: {@code XxxView.fxml}, {@code XxxView} (binds, forwards events), {@code XxxViewModel}.
 *
 * <p>View-models import only {@code javafx.beans} and {@code javafx.collections}. May import {@code ui.fx},
 * {@code ui.chart}, {@code ui.trainingcharts}, {@code ui.live}, {@code ui.run}, {@code ui.state}, {@code service},
 * {@code io}, {@code train}, {@code engine} and JavaFX; never another pane's package: panes talk through
 * {@code ui.state}.
 */
package org.rnnexplorer.ui.pitfalls;
