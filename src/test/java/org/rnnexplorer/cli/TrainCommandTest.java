package org.rnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code rnnx train}'s fixed-batch form against PyTorch 1.13.1 training loops (the 64 RNN cases of
 * src/test/python/make_train_fixtures.py: every optimiser setting × every clipping mode, tanh/relu, head or not,
 * readout all/last, mse/ce, lengths, unbatched, batch-first bidirectional; and its 16 LSTM/GRU cases: every optimiser
 * setting, LSTM with and without proj_size, GRU): the per-step loss and gradient norm and the parameters after the
 * last step.
 */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src/test/resources/train");

    @TempDir
    Path dir;

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String opt : List.of("sgd", "adam", "rmsprop", "adagrad", "gated")) {
            JsonNode root = JSON.readTree(FIXTURES.resolve("training_" + opt + ".json").toFile());
            for (JsonNode c : root.get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    /**
     * Writes a fixture case's INIT (into {@code init} too), input and target under {@link #dir}, and gives the
     * command line that trains it: --out final.safetensors, --log log.json.
     */
    private List<String> fixedBatchRun(JsonNode c, Map<String, Tensor> init) throws IOException {
        JsonNode cfg = c.get("config");
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("initial").fields(); it.hasNext(); ) {
            var e = it.next();
            init.put(e.getKey(), tensor(e.getValue()));
        }
        Path weights = dir.resolve("init.safetensors");
        // An LSTM's or GRU's file says what it is as PyTorch names it (__metadata__ "mode"); an RNN's, its nonlinearity.
        Map.Entry<String, String> cell = cfg.has("mode") ? Map.entry("mode", cfg.get("mode").asText())
                : Map.entry("nonlinearity", cfg.get("nonlinearity").asText());
        Safetensors.write(weights, init, Map.ofEntries(cell, Map.entry("batch_first", cfg.get("batch_first").asText()),
                Map.entry("origin", "torch fixture")), DType.F32);
        Path x = dir.resolve("x.npy");
        Npy.write(x, tensor(c.get("input")));
        Path y = dir.resolve("y.npy");
        JsonNode target = c.get("target");
        if (target.has("classes")) {
            long[] cls = new long[target.get("classes").size()];
            for (int i = 0; i < cls.length; i++) cls[i] = target.get("classes").get(i).asLong();
            Npy.writeLong(y, ints(target.get("shape")), cls);
        } else {
            Npy.write(y, tensor(target));
        }
        int steps = c.get("steps").size();
        Path out = dir.resolve("final.safetensors");
        Path log = dir.resolve("log.json");
        List<String> args = new ArrayList<>(List.of("train", "--weights", weights.toString(), "--input", x.toString(),
                "--target", y.toString(), "--readout", c.get("readout").asText(), "--loss", c.get("loss").asText(),
                "--optimizer", c.get("optimizer").get("name").asText(), "--steps", Integer.toString(steps),
                "--backend", "scalar", "--out", out.toString(), "--log", log.toString(), "--quiet"));
        if (!c.get("lengths").isNull()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode l : c.get("lengths")) sb.append(sb.isEmpty() ? "" : ",").append(l.asInt());
            args.addAll(List.of("--lengths", sb.toString()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("optimizer").get("kwargs").fields(); it.hasNext(); ) {
            var e = it.next();
            String flag = "--" + e.getKey().replace('_', '-');
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                if (v.asBoolean()) args.add(flag);
            } else if (v.isArray()) {
                args.addAll(List.of(flag, v.get(0).asText() + "," + v.get(1).asText()));
            } else {
                args.addAll(List.of(flag, v.asText()));
            }
        }
        JsonNode clip = c.get("clip");
        switch (clip.get("kind").asText()) {
            case "norm" -> args.addAll(List.of("--clip-norm", clip.get("max_norm").asText(), "--clip-norm-type",
                    clip.get("norm_type").asText()));
            case "value" -> args.addAll(List.of("--clip-value", clip.get("clip_value").asText()));
            default -> { }
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixedBatchTrainingMatchesPyTorchStepForStep(String name, JsonNode c) throws IOException {
        Map<String, Tensor> init = new LinkedHashMap<>();
        List<String> args = fixedBatchRun(c, init);
        int steps = c.get("steps").size();
        Path out = dir.resolve("final.safetensors");
        Path log = dir.resolve("log.json");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());

        List<String> failures = new ArrayList<>();
        JsonNode ourLog = JSON.readTree(log.toFile());
        for (int s = 0; s < steps; s++) {
            JsonNode ref = c.get("steps").get(s);
            close(failures, "loss[" + s + "]", ourLog.get("loss").get(s).asDouble(), ref.get("loss").asDouble());
            close(failures, "grad_norm[" + s + "]", ourLog.get("grad_norm").get(s).asDouble(), ref.get("grad_norm").asDouble());
        }
        SafetensorsFile fin = Safetensors.read(out);
        assertEquals(List.copyOf(init.keySet()), List.copyOf(fin.tensors().keySet()), "same names as INIT");
        assertEquals("torch fixture", fin.metadata().get("origin"), "INIT's metadata kept");
        JsonNode last = c.get("steps").get(steps - 1).get("params");
        for (String key : init.keySet()) {
            float[] ours = fin.tensors().get(key).data();
            JsonNode ref = last.get(key);
            double maxRef = 0, maxDiff = 0;
            for (int i = 0; i < ours.length; i++) {
                maxRef = Math.max(maxRef, Math.abs(ref.get(i).asDouble()));
                maxDiff = Math.max(maxDiff, Math.abs(ours[i] - ref.get(i).asDouble()));
            }
            if (maxDiff / Math.max(1, maxRef) > 1e-5) failures.add(key + ": error " + maxDiff / Math.max(1, maxRef));
        }
        if (!failures.isEmpty()) fail(name + ":\n  " + String.join("\n  ", failures));
    }

    /**
     * INIT's file says tanh; --nonlinearity relu trains ReLU. The weights written say what was trained (relu), so a
     * later forward or info on them does not silently run tanh; INIT's other keys stay.
     */
    @Test
    void theWeightsWrittenSayWhatWasTrainedNotWhatInitSaid() throws IOException {
        JsonNode tanhCase = null;
        for (JsonNode c : JSON.readTree(FIXTURES.resolve("training_sgd.json").toFile()).get("cases")) {
            JsonNode cfg = c.get("config");
            if (!cfg.has("mode") && cfg.get("nonlinearity").asText().equals("tanh")) {
                tanhCase = c;
                break;
            }
        }
        assertNotNull(tanhCase, "a tanh case among the SGD fixtures");
        List<String> args = fixedBatchRun(tanhCase, new LinkedHashMap<>());
        args.addAll(List.of("--nonlinearity", "relu"));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> meta = Safetensors.read(dir.resolve("final.safetensors")).metadata();
        assertEquals("RNN_RELU", meta.get("mode"), meta.toString());
        assertEquals("relu", meta.get("nonlinearity"), meta.toString());
        assertEquals("torch fixture", meta.get("origin"), "INIT's other keys kept");
        CliRun info = CliRun.of("info", "--weights", dir.resolve("final.safetensors").toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("nonlinearity='relu'"), info.out());
        CliRun backend = CliRun.of("info", "--weights", dir.resolve("final.safetensors").toString(), "--backend", "simd");
        assertEquals(1, backend.exitCode());
        assertEquals("rnnx: --backend is for commands that compute; info reads headers and runs nothing", backend.errLine());
    }

    @Test
    void aTaskRunWritesItsLogAndWeightsAndBeatsTheAddingBaseline() throws IOException {
        Path out = dir.resolve("adding.safetensors");
        Path log = dir.resolve("adding.csv");
        CliRun r = CliRun.of("train", "--task", "adding", "--seq-len", "10", "--hidden-size", "16", "--steps", "150",
                "--lr", "0.05", "--clip-norm", "1", "--backend", "scalar", "--seed", "1", "--out", out.toString(),
                "--log", log.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(log);
        assertEquals("step,loss,grad_norm,grad_norm_clipped,clipped", lines.getFirst());
        assertEquals(151, lines.size());
        double lastLoss = Double.parseDouble(lines.getLast().split(",")[1]);
        assertTrue(lastLoss < 1.0 / 6, "loss " + lastLoss + " below the 1/6 baseline at T = 10");
        SafetensorsFile w = Safetensors.read(out);
        assertTrue(w.tensors().containsKey("rnn.weight_hh_l0") && w.tensors().containsKey("head.weight"));
        assertEquals("adding", w.metadata().get("task"));
    }

    @Test
    void badTrainingInputGetsOneLineAndNoOutputFile() throws IOException {
        Path out = dir.resolve("never.safetensors");
        CliRun noLr = CliRun.of("train", "--task", "adding", "--steps", "1", "--optimizer", "adam", "--lr", "-1",
                "--out", out.toString());
        assertEquals(1, noLr.exitCode());
        assertEquals("rnnx: Invalid learning rate: -1", noLr.errLine());
        CliRun both = CliRun.of("train", "--task", "adding", "--steps", "1", "--clip-norm", "1", "--clip-value", "1");
        assertEquals(2, both.exitCode());
        CliRun unknown = CliRun.of("train", "--task", "juggling", "--steps", "1", "--out", out.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.errLine().startsWith("rnnx: unknown task 'juggling'"), unknown.err());
        CliRun wrongKw = CliRun.of("train", "--task", "adding", "--steps", "1", "--optimizer", "sgd", "--lr", "0.1",
                "--betas", "0.9,0.99", "--out", out.toString());
        assertEquals(1, wrongKw.exitCode());
        assertTrue(wrongKw.errLine().contains("unexpected keyword argument 'betas'"), wrongKw.err());
        assertFalse(Files.exists(out));
    }

    /** Flags the run would not use are refused by name, as elsewhere; the series task goes by its CLI name. */
    @Test
    void flagsTheRunWouldNotUseAreRefusedAndTasksAreListedByTheirCliNames() throws IOException {
        CliRun typeAlone = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--clip-norm-type", "inf");
        assertEquals(1, typeAlone.exitCode());
        assertEquals("rnnx: --clip-norm-type is the norm of --clip-norm; give --clip-norm F with it", typeAlone.errLine());
        CliRun withValue = CliRun.of("train", "--task", "adding", "--steps", "1", "--quiet", "--clip-value", "1",
                "--clip-norm-type", "1");
        assertEquals(1, withValue.exitCode());
        assertTrue(withValue.errLine().endsWith("--clip-value clips each element and has none"), withValue.err());
        CliRun unknown = CliRun.of("train", "--task", "foo", "--steps", "1");
        assertEquals("rnnx: unknown task 'foo' (expected one of adding, adding-1997, copy, latching, sine, text, csv)",
                unknown.errLine());
        // An LSTM's state_dict takes no --nonlinearity in train, as in forward.
        JsonNode lstmCase = null;
        for (JsonNode c : JSON.readTree(FIXTURES.resolve("training_gated.json").toFile()).get("cases")) {
            if (c.get("config").get("mode").asText().equals("LSTM")) {
                lstmCase = c;
                break;
            }
        }
        assertNotNull(lstmCase);
        List<String> args = fixedBatchRun(lstmCase, new LinkedHashMap<>());
        args.addAll(List.of("--nonlinearity", "relu"));
        CliRun relu = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, relu.exitCode());
        assertTrue(relu.errLine().contains("--nonlinearity applies to nn.RNN only"), relu.err());
        assertFalse(Files.exists(dir.resolve("final.safetensors")));
    }

    /**
     * An --out whose directory takes no new file is refused before the run, not after it (the helper found it after
     * 9 s of training, which would have been hours). /proc takes no new file even for root, as chmod 555 would for
     * anyone else; a million steps would not end within the timeout if training came first.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anOutInADirectoryThatTakesNoNewFileIsRefusedBeforeTraining() throws IOException {
        Path log = dir.resolve("log.json");
        CliRun r = CliRun.of("train", "--task", "adding", "--seq-len", "5", "--hidden-size", "4", "--steps", "1000000",
                "--out", "/proc/rnnx-never.safetensors", "--log", log.toString(), "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("rnnx: /proc/rnnx-never.safetensors: cannot create a file in /proc (this file system takes no "
                + "new files)", r.errLine());
        assertFalse(Files.exists(log), "nothing written");
    }

    /**
     * A run that blows up keeps its last finite checkpoint in --out and says which step it is; without --out or with
     * K = 0 the flag is refused before any work.
     */
    @Test
    void aRunThatBlowsUpLeavesItsLastFiniteCheckpointAndSaysWhichStep() throws IOException {
        Path out = dir.resolve("ck.safetensors");
        CliRun r = CliRun.of("train", "--task", "adding", "--seq-len", "20", "--hidden-size", "16", "--nonlinearity",
                "relu", "--rho", "1.5", "--lr", "0.1", "--steps", "300", "--backend", "scalar", "--quiet", "--out",
                out.toString(), "--checkpoint-every", "2");
        assertEquals(1, r.exitCode());
        String line = r.errLine();
        assertTrue(line.startsWith("rnnx: training stopped: step "), line);
        SafetensorsFile kept = Safetensors.read(out);
        long at = Long.parseLong(kept.metadata().get("checkpoint_at_step"));
        assertTrue(line.endsWith("; " + out + " holds the checkpoint at step " + at), line);
        long stoppedAt = Long.parseLong(line.substring("rnnx: training stopped: step ".length(), line.indexOf(':', 30)));
        assertTrue(at > 0 && at < stoppedAt && at % 2 == 0, "the last even step before step " + stoppedAt + ": " + at);
        for (var e : kept.tensors().entrySet()) {
            for (float v : e.getValue().data()) assertTrue(Float.isFinite(v), e.getKey() + " is finite");
        }

        CliRun noOut = CliRun.of("train", "--task", "adding", "--steps", "5", "--checkpoint-every", "2");
        assertEquals("rnnx: --checkpoint-every writes to --out: give --out FILE.safetensors", noOut.errLine());
        CliRun zero = CliRun.of("train", "--task", "adding", "--steps", "5", "--checkpoint-every", "0", "--out",
                dir.resolve("z.safetensors").toString());
        assertEquals(1, zero.exitCode());
        assertTrue(zero.errLine().startsWith("rnnx: --checkpoint-every must be"), zero.err());
        assertFalse(Files.exists(dir.resolve("z.safetensors")));
    }

    private static void close(List<String> failures, String what, double ours, double ref) {
        if (Math.abs(ours - ref) > 1e-5 * Math.max(1, Math.abs(ref))) failures.add(what + ": " + ours + " vs torch " + ref);
    }

    private static Tensor tensor(JsonNode n) {
        int[] shape = ints(n.get("shape"));
        JsonNode data = n.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) data.get(i).asDouble();
        return new Tensor(shape, d);
    }

    private static int[] ints(JsonNode n) {
        int[] a = new int[n.size()];
        for (int i = 0; i < a.length; i++) a[i] = n.get(i).asInt();
        return a;
    }
}
