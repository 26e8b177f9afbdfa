package org.rnnexplorer.archfixtures.ui.weights;

/** A class of one feature package, for another to import wrongly. */
public class WeightsStandIn {
}
