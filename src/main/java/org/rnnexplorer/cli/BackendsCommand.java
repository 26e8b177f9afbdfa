package org.rnnexplorer.cli;

import org.rnnexplorer.engine.backend.Backends;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rnnx backends}: one line per backend, available or unavailable with the reason; always exits 0. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the compute backends and whether each can run here.")
final class BackendsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : Backends.describeAll()) out.println(line);
        out.flush();
        return 0;
    }
}
