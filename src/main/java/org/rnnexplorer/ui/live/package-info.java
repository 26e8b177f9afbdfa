/**
 * Shared by the live panes (hidden states, gradient flow): the BPTT time cursor ({@code TimeCursorViewModel},
 * {@code CursorPlayer}), the time window and zoom, the controls and shortcuts, and trace export. Not a pane.
 *
 * <p>May import {@code ui.fx}, {@code ui.chart}, {@code service}, {@code io}, {@code engine} and JavaFX; no pane
 * package.
 */
package org.rnnexplorer.ui.live;
