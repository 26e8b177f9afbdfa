package org.rnnexplorer.archfixtures.io;

/** A class of io, for the engine to depend on wrongly. */
public class IoStandIn {
}
