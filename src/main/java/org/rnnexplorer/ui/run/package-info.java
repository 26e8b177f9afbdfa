/**
 * The explore run's specification from the model form and input ({@code ExploreSpecs}), shared by the panes
 * that start runs. Not a pane.
 *
 * <p>May import {@code service}, {@code train} and {@code engine} (and, until issue 15 item 1, {@code ui.model}'s
 * state).
 */
package org.rnnexplorer.ui.run;
