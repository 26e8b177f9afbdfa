/**
 * The window's single state ({@code ExplorerState}, observable with {@code javafx.beans} only): the form's model,
 * the weights and who moved them last, the imported input, the backend, the selected pane ({@code PaneId}), each
 * run slot (main, A, B, C) with its spec and owner, and the requests that presets, workspaces and files make of the
 * panes ({@code PaneRequests}); and the values several panes read: {@code ModelState}, {@code InputSpec},
 * {@code ExploreLoss}, {@code RunVariant}, the Training pane's settings as {@code TrainingSettings}. Shared by the
 * panes, not a pane: the bottom of the ui packages.
 *
 * <p>May import {@code io}, {@code service}, {@code train}, {@code engine} and {@code javafx.beans}; no other ui
 * package.
 */
package org.rnnexplorer.ui.state;
