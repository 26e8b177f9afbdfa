package org.rnnexplorer.archfixtures.ui.hidden;

/** Planted: one pane imports another pane's package. */
public class HiddenImportsWeights {
    Object other = new org.rnnexplorer.archfixtures.ui.weights.WeightsStandIn();
}
