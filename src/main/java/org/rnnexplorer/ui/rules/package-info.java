/**
 * The cross-pane rules as small named classes over {@code ui.state.ExplorerState}, installed in one place
 * ({@code ExplorerRules}): the form and the weights, training's ownership of the main run, what an edit of the model
 * means, the A/B slots. Panes do not call each other; these rules connect them. Not a pane.
 *
 * <p>May import {@code ui.state}, the panes' view-models, {@code ui.fx}, {@code service}, {@code engine} and
 * {@code javafx.beans}/{@code javafx.collections}.
 */
package org.rnnexplorer.ui.rules;
