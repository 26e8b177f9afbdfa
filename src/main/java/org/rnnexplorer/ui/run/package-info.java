/**
 * The explore run's specification from the model form and input ({@code ExploreSpecs}) and the run behind the
 * copied PyTorch code ({@code CopiedRun}), shared by the panes and rules that start runs. Not a pane.
 *
 * <p>May import {@code ui.state} (the form's {@code ModelState}), {@code ui.model}'s {@code TorchCode} (the code
 * the copied run is), {@code io}, {@code service}, {@code train} and {@code engine}.
 */
package org.rnnexplorer.ui.run;
