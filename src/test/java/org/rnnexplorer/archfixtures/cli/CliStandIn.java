package org.rnnexplorer.archfixtures.cli;

/** A class of the front end, for a lower layer to depend on wrongly. */
public class CliStandIn {
}
