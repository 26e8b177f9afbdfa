package org.rnnexplorer.archfixtures.io;

/** Planted: a layer below the front ends depends on the CLI. */
public class IoImportsCli {
    Object command = new org.rnnexplorer.archfixtures.cli.CliStandIn();
}
