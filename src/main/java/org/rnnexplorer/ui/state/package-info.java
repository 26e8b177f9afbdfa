/**
 * The window's single state ({@code ExplorerState}, observable with {@code javafx.beans} only): the form's model,
 * the weights and who moved them last, the imported input, the backend, the selected pane and each run slot (main,
 * A, B) with its spec and owner; and {@code LiveRunRule}, the main run following the explorer while it explores.
 * Shared by the panes, not a pane.
 *
 * <p>May import {@code ui.fx}, {@code ui.run}, the panes' value types (e.g. {@code ui.state.ModelState}),
 * {@code service}, {@code engine} and {@code javafx.beans}/{@code javafx.collections}.
 */
package org.rnnexplorer.ui.state;

