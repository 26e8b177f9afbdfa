package org.rnnexplorer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnnx}: the engine headless. The only code that prints to standard streams lives in this package. */
@Command(name = "rnnx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "RNN Explorer's engine on the command line: torch.nn.RNN-exact forward, backward and training.",
        subcommands = {
                BackendsCommand.class,
                ForwardCommand.class,
                InfoCommand.class,
                TrainCommand.class,
                BenchCommand.class,
                SelftestCommand.class,
        })
public final class Rnnx implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line: one-line error messages, no stack traces. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Rnnx());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler(new CliErrors());
        // picocli lets an Error through; it gets the same one line and exit 1 as any failure.
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (Error err) {
                throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), CliErrors.message(err), err);
            }
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
