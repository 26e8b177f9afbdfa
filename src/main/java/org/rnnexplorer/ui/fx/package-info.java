/**
 * The bridge to the FX thread: {@code ServiceBridge} and {@code PulseCoalescer} hand the service's snapshots
 * to the window once per pulse, {@code LatestWork} runs heavy view work off the FX thread keeping only the newest
 * job, {@code FxmlViews} loads a view beside its FXML.
 *
 * <p>May import {@code service}, {@code engine} and JavaFX; no pane package.
 */
package org.rnnexplorer.ui.fx;
