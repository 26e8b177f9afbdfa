package org.rnnexplorer.archfixtures.engine;

/** Planted: the engine depends on io. */
public class EngineImportsIo {
    Object reader = new org.rnnexplorer.archfixtures.io.IoStandIn();
}
