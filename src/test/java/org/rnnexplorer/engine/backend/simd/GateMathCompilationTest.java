package org.rnnexplorer.engine.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HotSpot's C1 compiler must compile every {@link GateMath} method at its profiling tier (3). One that C1 gives up on
 * ("out of virtual registers in LIR generator") can be stranded at C1's non-profiling tier for the JVM's whole life,
 * running boxed vector code: a tiny LSTM or GRU pass was 25-50x slower in about one JVM in four (GateMath's comment
 * says how). The truth here is the JVM's own report: a child JVM runs {@code rnnx bench} on the cell with
 * -XX:+PrintCompilation, compiling synchronously up to tier 3, and every GateMath method it calls must appear
 * compiled at tier 3 (or 2), and no method of this package (the RNN's kernel too) with "COMPILE SKIPPED".
 */
class GateMathCompilationTest {
    /** A PrintCompilation line: timestamp, compile id, flags, tier, method. */
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*\\s([0-4])\\s+(\\S+)::(\\w+)\\s.*$");

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void c1CompilesEverySimdKernelMethodTheCellUses(String mode, @TempDir Path dir) throws IOException, InterruptedException {
        // The shared activations and the cell's own methods (lstm* or gru*); the RNN uses none of them.
        List<String> expected = mode.equals("rnn") ? List.of() : Arrays.stream(GateMath.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .map(Method::getName)
                .filter(n -> n.equals("activations") || n.startsWith(mode))
                .distinct().sorted().toList();
        assertTrue(mode.equals("rnn") || expected.size() >= 2, "GateMath's methods for " + mode + ": " + expected);

        String log = runBench(dir, mode);
        List<String> c1Tier = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String line : log.split("\n")) {
            // Any of the package's kernels (the RNN's too) that C1 gave up on could be stranded the same way.
            if (line.contains(GateMath.class.getPackageName() + ".") && line.contains("COMPILE SKIPPED")) {
                skipped.add(line.strip());
                continue;
            }
            if (!line.contains(GateMath.class.getName() + "::")) continue;
            Matcher m = LINE.matcher(line);
            if (m.matches() && (m.group(1).equals("2") || m.group(1).equals("3")) && !line.contains("made not entrant")) {
                c1Tier.add(m.group(3));
            }
        }
        assertEquals(List.of(), skipped, "C1 gave up on SIMD kernel methods");
        for (String name : expected) {
            assertTrue(c1Tier.contains(name), "GateMath." + name + " was never compiled by C1 in a " + mode
                    + " run; compiled at tier 2/3: " + c1Tier.stream().distinct().sorted().toList());
        }
    }

    /** {@code rnnx bench --mode MODE --shape tiny --backend simd} in a child JVM, its PrintCompilation output. */
    private static String runBench(Path dir, String mode) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Synchronous compiles (-Xbatch) up to C1's profiling tier: every method that gets hot is compiled
                // at tier 3 before the run goes on, whatever the machine's load, so the check is not a race.
                "-Xbatch", "-XX:TieredStopAtLevel=3", "-XX:+PrintCompilation", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), "org.rnnexplorer.cli.Rnnx", "bench", "--mode", mode,
                "--shape", "tiny", "--backend", "simd", "--warmup", "3", "--repeat", "5");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("rnnx bench did not finish in 120 s");
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "rnnx bench failed:\n" + log);
        return log;
    }
}
