package org.rnnexplorer.cli;

import org.rnnexplorer.engine.About;
import picocli.CommandLine;

/** {@code rnnx --version}: the version from pom.xml, recorded in the jar manifest or in a filtered resource. */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"rnnx " + About.version()};
    }
}
