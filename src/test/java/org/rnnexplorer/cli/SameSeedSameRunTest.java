package org.rnnexplorer.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "The same seed gives the same run, step for step" on the simd backend, however the JVM compiles its code: one child
 * JVM runs in C1 only (the Vector API's Java code, lane by lane; {@code Math}'s own code), the other in C2
 * (intrinsics), and the two training logs must be the same bytes. Before: the vector tanh and exp differed by an ulp
 * between the two, so a run's losses depended on when C2 compiled the kernel, and two runs of one seed parted after a
 * few steps. The trainer's own exp, log and pow (the loss, Adam, the data and the initial weights) are StrictMath's
 * for the same reason.
 */
class SameSeedSameRunTest {
    @TempDir
    Path dir;

    /** The cells on the adding task (MSE), and the copy task (cross-entropy, its softmax's exp and log). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"rnn, adding", "lstm, adding", "gru, adding", "rnn, copy"})
    void trainingLogsAreTheSameBytesInC1AndC2(String mode, String task) throws Exception {
        byte[] c1 = train(mode, task, List.of("-XX:TieredStopAtLevel=1"), "c1");
        // C2 alone, compiling a method once it has run a few times: most steps run C2's code (-Xbatch would make it
        // certain but takes 15 s; the old kernels differed within 40 steps every time this way too).
        byte[] c2 = train(mode, task, List.of("-XX:-TieredCompilation", "-XX:CompileThreshold=20"), "c2");
        assertTrue(new String(c1).lines().count() > 20, "a log of every step");
        assertArrayEquals(c1, c2, "the same seed, the same losses and gradient norms, bit for bit");
    }

    private byte[] train(String mode, String task, List<String> jvm, String name) throws Exception {
        Path log = dir.resolve(mode + "-" + task + "-" + name + ".csv");
        Path console = dir.resolve(mode + "-" + task + "-" + name + ".txt");
        Process p = RnnxProcess.start(dir, console, RnnxProcess.command(jvm, "256m", "train", "--mode", mode,
                "--task", task, "--seq-len", "20", "--hidden-size", "24", "--batch-size", "8", "--steps", "40",
                "--seed", "3", "--backend", "simd", "--quiet", "--log", log.toString()));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
        assertEquals(0, p.exitValue(), Files.readString(console));
        return Files.readAllBytes(log);
    }
}
