package org.rnnexplorer.archfixtures.engine;

/** Planted: the engine depends on train. */
public class EngineImportsTrain {
    Object trainer = new org.rnnexplorer.archfixtures.train.TrainStandIn();
}
