/**
 * The model pane: the {@code nn.RNN} form ({@code ModelView}, {@code ModelViewModel}; its valid settings are
 * {@code ui.state.ModelState}s), the unrolled diagram and the shape table, the PyTorch code for the configuration
 * (written by {@code ui.run.TorchCode}).
 * As every pane: {@code XxxView.fxml}, {@code XxxView} (binds, forwards events), {@code XxxViewModel}.
 *
 * <p>View-models import only {@code javafx.beans} and {@code javafx.collections}. May import {@code ui.fx},
 * {@code ui.chart}, {@code ui.trainingcharts}, {@code ui.live}, {@code ui.run}, {@code ui.state}, {@code service},
 * {@code io}, {@code train}, {@code engine} and JavaFX; never another pane's package: panes talk through
 * {@code ui.state}.
 */
package org.rnnexplorer.ui.model;

