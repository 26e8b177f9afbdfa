/**
 * The explore run's specification from the model form and input ({@code ExploreSpecs}), the PyTorch code for the
 * form's model ({@code TorchCode}) and the run behind the copied code ({@code CopiedRun}), shared by the panes and
 * rules that start runs. Not a pane.
 *
 * <p>May import {@code ui.state} (the form's {@code ModelState}), {@code io}, {@code service}, {@code train} and
 * {@code engine}; no pane.
 */
package org.rnnexplorer.ui.run;
