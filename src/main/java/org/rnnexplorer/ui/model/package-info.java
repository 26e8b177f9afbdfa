/**
 * The model pane: the {@code nn.RNN} form ({@code ModelView}, {@code ModelViewModel}, {@code ModelState}), the
 * unrolled diagram and the shape table, PyTorch code for the configuration.
 * As every pane: {@code XxxView.fxml}, {@code XxxView} (binds, forwards events), {@code XxxViewModel}.
 *
 * <p>View-models import only {@code javafx.beans} and {@code javafx.collections}. May import {@code ui.fx},
 * {@code ui.chart}, {@code ui.live}, {@code ui.run}, {@code service}, {@code io}, {@code train}, {@code engine} and
 * JavaFX; not another pane's package (the imports still to remove are listed in {@code ArchitectureRules}).
 */
package org.rnnexplorer.ui.model;

