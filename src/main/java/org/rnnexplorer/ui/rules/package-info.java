/**
 * The cross-pane rules as small named classes over {@code ui.state.ExplorerState}, installed in one place
 * ({@code ExplorerRules}): the form and the weights, training's ownership of the main run, what an edit of the model
 * means, the A/B slots, which runs train now, the requests of presets, workspaces and files carried to the panes,
 * and the live run following the explorer. Panes do not call each other; these rules connect them. Not a pane.
 *
 * <p>May import {@code ui.state}, {@code ui.run}, the panes' view-models, {@code ui.fx}, {@code service},
 * {@code engine} and {@code javafx.beans}/{@code javafx.collections}.
 */
package org.rnnexplorer.ui.rules;
