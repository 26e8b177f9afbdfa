package org.rnnexplorer.cli;

import org.rnnexplorer.engine.backend.Backends;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code rnnx backends}: one line per backend, available or unavailable with the reason; always exits 0. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the compute backends and whether each can run here.")
final class BackendsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Backends.Entry e : Backends.all()) System.out.println(e.availability().describe(e.name()));
        return 0;
    }
}
