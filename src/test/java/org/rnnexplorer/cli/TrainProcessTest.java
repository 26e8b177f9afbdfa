package org.rnnexplorer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code rnnx train} as a process (issue 14): SIGTERM and SIGINT (Ctrl-C) keep the training done so far, memory does not grow with the
 * number of steps, and a write that the kernel refuses names the user's path.
 */
class TrainProcessTest {

    @TempDir
    Path dir;

    private List<String> output(Path console) throws IOException {
        return Files.readAllLines(console).stream().filter(l -> !l.startsWith("WARNING")).toList();
    }

    private List<Path> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void sigtermWritesCompleteWeightsAndLogMarkedInterruptedAndExits143() throws Exception {
        signalledRunKeepsItsTraining("TERM", 143);
    }

    /** Ctrl-C in a terminal: SIGINT to the process, the same promise as SIGTERM with the shell's status 130. */
    @Test
    void sigintWritesCompleteWeightsAndLogMarkedInterruptedAndExits130() throws Exception {
        signalledRunKeepsItsTraining("INT", 130);
    }

    /**
     * Trains "forever", sends {@code SIG<signal>} once the log has rows, and checks the weights and log on disk are
     * complete, marked {@code interrupted_at_step}, and the exit status is {@code exit}.
     */
    private void signalledRunKeepsItsTraining(String signal, int exit) throws Exception {
        Path out = dir.resolve("w.safetensors");
        Path log = dir.resolve("log.csv");
        Path console = dir.resolve("console.txt");
        // A process started in the background by a non-interactive shell (as CI may run the build) inherits SIGINT
        // ignored, and the JVM then leaves it ignored: env resets it to the default so the child's handler runs.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=" + signal));
        cmd.addAll(RnnxProcess.command("256m", "train", "--task", "adding", "--seq-len", "5", "--hidden-size", "8",
                "--steps", "1000000000", "--backend", "scalar", "--quiet", "--out", out.toString(), "--log",
                log.toString()));
        Process p = RnnxProcess.start(dir, console, cmd);
        try {
            // The log streams to its hidden temporary file, flushed every second: wait for some rows.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                List<Path> temps = hidden();
                if (!temps.isEmpty() && Files.size(temps.getFirst()) > 2000) break;
                if (!p.isAlive() || System.nanoTime() > deadline) fail("no training progress: " + output(console));
                Thread.sleep(100);
            }
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "exits after SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(exit, p.exitValue(), String.join("\n", output(console)));

        SafetensorsFile w = Safetensors.read(out);
        long at = Long.parseLong(w.metadata().get("interrupted_at_step"));
        assertTrue(at > 0, "trained some steps before the signal");
        assertEquals("1000000000", w.metadata().get("steps"), "the steps asked for");
        assertTrue(w.tensors().containsKey("rnn.weight_hh_l0") && w.tensors().containsKey("head.weight"));

        List<String> lines = Files.readAllLines(log);
        assertEquals("step,loss,grad_norm,grad_norm_clipped,clipped", lines.getFirst());
        assertEquals("# interrupted_at_step=" + at, lines.getLast());
        List<String> rows = lines.subList(1, lines.size() - 1);
        assertEquals(at, rows.size(), "one row per step done");
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            assertEquals(5, cells.length, rows.get(i));
            assertEquals(i + 1, Long.parseLong(cells[0]));
            assertTrue(Double.isFinite(Double.parseDouble(cells[1])), rows.get(i));
        }
        assertEquals(List.of("rnnx: interrupted at step " + at + "; weights written to " + out + ", log written to "
                + log), output(console));
        assertEquals(List.of(), hidden(), "no temporary files left");
    }

    /**
     * Keeping every step's metrics cost ~0.8 KB a step: 30,000 steps needed ~24 MB more than a 16 MB heap has and
     * ended in an OutOfMemoryError. Streamed, the run's memory does not depend on the number of steps.
     */
    @Test
    void aLongRunFitsAHeapThatCouldNotHoldEveryStepsMetrics() throws Exception {
        Path log = dir.resolve("log.json");
        Path console = dir.resolve("console.txt");
        Process p = RnnxProcess.start(dir, console, RnnxProcess.command("16m", "train", "--task", "adding",
                "--seq-len", "2", "--hidden-size", "2", "--batch-size", "1", "--steps", "30000", "--backend", "scalar",
                "--quiet", "--log", log.toString()));
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finishes");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), String.join("\n", output(console)));
        var json = new ObjectMapper().readTree(log.toFile());
        assertEquals(30000, json.get("steps").asInt());
        assertEquals(30000, json.get("loss").size());
        assertEquals(30000, json.get("update_ratio").get("weight_hh_l0").size());
    }

    /**
     * Runs {@code rnnx args} under a 1 KiB file-size limit: writes past it fail with EFBIG ("File too large") as a full
     * disk fails with ENOSPC (the JVM ignores SIGXFSZ, so write() returns the error). Returns the console's lines.
     */
    private List<String> runWithFileSizeLimit(String... args) throws Exception {
        Path console = dir.resolve("console.txt");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "ulimit -f 1 && exec \"$@\"", "sh"));
        cmd.addAll(RnnxProcess.command("128m", args));
        Process p = RnnxProcess.start(dir, console, cmd);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finishes");
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = output(console);
        Files.delete(console);
        assertEquals(1, p.exitValue(), String.join("\n", lines));
        return lines;
    }

    @Test
    void aWriteTheKernelRefusesNamesTheUsersPathAndLeavesNothing() throws Exception {
        Path out = dir.resolve("w.safetensors");
        List<String> console = runWithFileSizeLimit("train", "--task", "adding", "--seq-len", "5", "--hidden-size",
                "30", "--steps", "2", "--backend", "scalar", "--quiet", "--out", out.toString());
        assertEquals(List.of("rnnx: " + out + ": File too large"), console);
        assertFalse(Files.exists(out));
        assertEquals(List.of(), hidden());
    }

    /**
     * {@code --checkpoint-every}: a run killed with SIGKILL (no shutdown hook runs) leaves its last checkpoint whole,
     * and it is exactly the weights after that many steps: the same run asked for that many steps writes the same
     * bits.
     */
    @Test
    void aRunKilledWithSigkillLeavesItsLastCheckpointWholeAndExact() throws Exception {
        Path out = dir.resolve("w.safetensors");
        Path console = dir.resolve("console.txt");
        List<String> common = List.of("train", "--task", "adding", "--seq-len", "5", "--hidden-size", "8", "--seed", "3",
                "--backend", "scalar", "--quiet");
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--steps", "1000000000", "--out", out.toString(), "--checkpoint-every", "150"));
        Process p = RnnxProcess.start(dir, console, RnnxProcess.command("256m", args.toArray(String[]::new)));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(Files.exists(out) && Long.parseLong(Safetensors.read(out).metadata().get("checkpoint_at_step")) >= 450)) {
                if (!p.isAlive() || System.nanoTime() > deadline) fail("no checkpoints: " + output(console));
                Thread.sleep(50);
            }
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        SafetensorsFile kept = Safetensors.read(out);
        long at = Long.parseLong(kept.metadata().get("checkpoint_at_step"));
        assertEquals(0, at % 150, "a checkpoint is taken after every 150th step");

        Path replay = dir.resolve("replay.safetensors");
        List<String> again = new ArrayList<>(common);
        again.addAll(List.of("--steps", Long.toString(at), "--out", replay.toString()));
        CliRun r = CliRun.of(again.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        SafetensorsFile expected = Safetensors.read(replay);
        assertEquals(expected.tensors().keySet(), kept.tensors().keySet());
        for (var e : expected.tensors().entrySet()) {
            float[] want = e.getValue().data(), got = kept.tensors().get(e.getKey()).data();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), e.getKey() + "[" + i + "]");
            }
        }
        assertFalse(expected.metadata().containsKey("checkpoint_at_step"), "the final weights are not a checkpoint");
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRunNamingTheFileAndStep() throws Exception {
        Path out = dir.resolve("w.safetensors");
        List<String> console = runWithFileSizeLimit("train", "--task", "adding", "--seq-len", "5", "--hidden-size",
                "30", "--steps", "1000000000", "--backend", "scalar", "--quiet", "--out", out.toString(),
                "--checkpoint-every", "1");
        // The writer takes the newest checkpoint waiting: step 2 may have replaced step 1 before the first write began.
        assertEquals(1, console.size(), String.join("\n", console));
        assertTrue(console.getFirst().matches(Pattern.quote("rnnx: " + out + ": File too large (checkpoint at step ")
                + "[1-9][0-9]*\\)"), console.getFirst());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), hidden());
    }

    @Test
    void aLogThatCannotBeWrittenMidRunStopsTheRunNamingTheLog() throws Exception {
        Path out = dir.resolve("w.safetensors");
        Path log = dir.resolve("log.csv");
        // The log fills its 1 KiB within ~20 rows, on the engine thread: the run must end with the error, not hang.
        List<String> console = runWithFileSizeLimit("train", "--task", "adding", "--seq-len", "5", "--hidden-size", "4",
                "--steps", "1000000000", "--backend", "scalar", "--quiet", "--out", out.toString(), "--log",
                log.toString());
        assertEquals(List.of("rnnx: " + log + ": File too large"), console);
        assertFalse(Files.exists(out) || Files.exists(log), "all outputs or none");
        assertEquals(List.of(), hidden());
    }
}
