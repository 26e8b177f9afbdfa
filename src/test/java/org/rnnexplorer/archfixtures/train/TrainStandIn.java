package org.rnnexplorer.archfixtures.train;

/** A class of train, for the engine to depend on wrongly. */
public class TrainStandIn {
}
