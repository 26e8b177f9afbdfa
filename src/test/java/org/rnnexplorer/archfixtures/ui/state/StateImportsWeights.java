package org.rnnexplorer.archfixtures.ui.state;

import org.rnnexplorer.archfixtures.ui.weights.WeightsStandIn;

/** Planted: the shared state knows a pane. */
public class StateImportsWeights {
    Object pane = new WeightsStandIn();
}
