package org.rnnexplorer.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rnnx} in a child JVM on the test class path, for what an in-process run cannot show: signals, exit codes
 * and the heap a run needs.
 */
final class RnnxProcess {

    private RnnxProcess() {
    }

    /** The java command line running {@code rnnx args} with the given heap ({@code -Xmx}). */
    static List<String> command(String maxHeap, String... args) {
        return command(List.of(), maxHeap, args);
    }

    /** The same with more JVM options first, e.g. {@code -XX:TieredStopAtLevel=1}. */
    static List<String> command(List<String> jvmOptions, String maxHeap, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:-UsePerfData", "-Xmx" + maxHeap, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Rnnx.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts it in {@code dir}, standard error and output merged into {@code log}. */
    static Process start(Path dir, Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }
}
