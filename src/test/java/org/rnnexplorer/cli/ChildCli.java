package org.rnnexplorer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rnnx} in a child JVM with a small heap, as a user's process: what out-of-memory does to a process
 * (a stack trace, a thread that dies, a JVM that never exits) cannot be seen in-process.
 *
 * @param exitCode the process's exit code, or -1 when it had to be killed
 * @param seconds  how long the process ran
 */
record ChildCli(int exitCode, String out, String err, double seconds) {

    /** A process still running after this is a hang: killed, and reported as exit code -1. */
    static final long LIMIT_SECONDS = 60;

    static ChildCli run(Path workDir, String heap, String... args) throws IOException, InterruptedException {
        return run(workDir, List.of("-Xmx" + heap), args);
    }

    static ChildCli run(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Rnnx.class.getName());
        command.addAll(List.of(args));
        Path out = workDir.resolve("child.out");
        Path err = workDir.resolve("child.err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ChildCli(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), seconds);
    }

    /** Standard error as exactly one line (JVM warnings about incubator modules aside), failing otherwise. */
    String errLine() {
        List<String> lines = new ArrayList<>();
        for (String line : err.strip().split("\n")) {
            if (!line.startsWith("WARNING: Using incubator modules")) lines.add(line);
        }
        if (lines.size() != 1) throw new AssertionError("expected one line on stderr, got:\n" + err);
        return lines.getFirst();
    }
}
