package org.rnnexplorer.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code rnnx} in-process and captures its exit code, standard output and standard error. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cl = Rnnx.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Standard error as exactly one line, failing otherwise. */
    String errLine() {
        String e = err.strip();
        if (e.contains("\n")) throw new AssertionError("expected one line on stderr, got:\n" + err);
        return e;
    }
}
