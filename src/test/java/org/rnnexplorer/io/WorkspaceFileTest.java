package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.GradientClipping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceFileTest {

    @TempDir
    Path dir;

    static Workspace sample() {
        RnnConfig config = new RnnConfig(3, 5, 2, Nonlinearity.RELU, true, true, 0.25, true);
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.ORTHOGONAL, 42);
        weights.get("weight_hh_l1_reverse")[3] = Float.MIN_VALUE; // a subnormal survives too
        weights.get("bias_ih_l0")[0] = -0.0f;
        Workspace.Training training = new Workspace.Training("series", 17, "identity", 1.5, "adam",
                Map.of("lr", 3e-4, "betas", List.of(0.8, 0.995)), GradientClipping.norm(0.7, Double.POSITIVE_INFINITY),
                8, 12, -99, null, new float[] {1.5f, -2.25f, 0.1f, 1e-30f}, 2);
        return new Workspace(config, new Workspace.Input(4, 2, false, new int[] {4, 3}, true), 123456789012L, "simd",
                training, weights, new Tensor(new int[] {2, 4, 3}, floats(24, 0.37f)),
                new Tensor(new int[] {2, 4, 10}, floats(80, -0.11f)),
                new Workspace.View("Training", "dark", 1.5625, "PURPLE_ORANGE", 1, 1, 1));
    }

    static float[] floats(int n, float step) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) Math.sin(i * step) / 3f;
        return f;
    }

    @Test
    void aWorkspaceReadsBackFieldForFieldAndTheWeightsBitForBit() throws IOException {
        Workspace w = sample();
        Path file = dir.resolve("lab.rnnx");
        WorkspaceFile.write(file, w);
        Workspace back = WorkspaceFile.read(file);
        assertEquals(w.model(), back.model());
        assertEquals(w.input(), back.input());
        assertEquals(w.weightsSeed(), back.weightsSeed());
        assertEquals(w.backend(), back.backend());
        assertEquals(w.training(), back.training());
        assertEquals(w.view(), back.view());
        for (String name : w.weights().asMap().keySet()) {
            float[] a = w.weights().get(name), b = back.weights().get(name);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
            }
        }
        assertEquals(w.importedInput(), back.importedInput());
        assertEquals(w.referenceOutput(), back.referenceOutput());
        String text = WorkspaceV2Test.json(file);
        assertTrue(text.contains("\"format\" : \"rnnx-workspace\"") && text.contains("\"version\" : 2")
                && text.contains("\"mode\" : \"RNN_RELU\""), text);
        assertTrue(text.contains("\"norm_type\" : \"inf\""), "infinity is written as PyTorch's spelling");
    }

    @Test
    void optionalPartsMayBeAbsent() throws IOException {
        Workspace w = sample();
        Workspace.Training t = new Workspace.Training("text", 25, "pytorch_default", Double.NaN, "sgd",
                Map.of("lr", 0.1, "momentum", 0.9), GradientClipping.value(5), 0, 16, 0, "ab\"c\né", null, 0);
        Workspace.View v = w.view();
        Workspace plain = new Workspace(w.model(), new Workspace.Input(5, 1, true, null, false), 0, "auto", t,
                w.weights(), null, null, new Workspace.View(v.selectedTab(), v.theme(), v.zoom(), v.colorMap(),
                v.layer(), v.direction())); // unbatched: one sequence, followed
        Path file = dir.resolve("plain.rnnx");
        WorkspaceFile.write(file, plain);
        Workspace back = WorkspaceFile.read(file);
        assertEquals(t, back.training());
        assertTrue(Double.isNaN(back.training().rho()));
        assertNull(back.input().lengths());
        assertNull(back.importedInput());
        assertNull(back.referenceOutput());
    }

    private String problem(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return assertThrows(FormatException.class, () -> WorkspaceFile.read(file)).getMessage();
    }

    /** The version-1 fixture (written by the version-1 writer from {@link #sample()}): every section's checks. */
    private String written() throws IOException {
        return Files.readString(Fixtures.path("workspace_v1.rnnx"));
    }

    @Test
    void aVersion1FileStillOpensFieldForField() throws IOException {
        Workspace w = sample();
        Workspace back = WorkspaceFile.read(Fixtures.path("workspace_v1.rnnx"));
        assertEquals(w.model(), back.model());
        assertEquals(w.input(), back.input());
        assertEquals(w.training(), back.training());
        // A version-1 file names no followed sequence: the panes follow sequence 0, as they did.
        Workspace.View v = w.view();
        assertEquals(new Workspace.View(v.selectedTab(), v.theme(), v.zoom(), v.colorMap(), v.layer(), v.direction(), 0),
                back.view());
        assertEquals(w.weights().asMap().keySet(), back.weights().asMap().keySet());
        for (String name : w.weights().asMap().keySet()) assertArrayEquals(w.weights().get(name), back.weights().get(name), name);
        assertEquals(w.importedInput(), back.importedInput());
        assertEquals(w.referenceOutput(), back.referenceOutput());
    }

    @Test
    void aFileThatIsNotAWorkspaceGetsOneLineNamingTheFileAndField() throws IOException {
        String good = written();
        assertEquals("notes.rnnx: not a workspace: the file is not a JSON object", problem("notes.rnnx", "[1, 2]"));
        assertTrue(problem("cut.rnnx", good.substring(0, good.length() / 2))
                .startsWith("cut.rnnx: not a workspace: invalid JSON (line "));
        assertEquals("w.rnnx: format is \"jupyter\", expected \"rnnx-workspace\"",
                problem("w.rnnx", good.replace("\"rnnx-workspace\"", "\"jupyter\"")));
        assertEquals("w.rnnx: version is 3; this RNN Explorer reads versions 1 and 2",
                problem("w.rnnx", good.replace("\"version\" : 1", "\"version\" : 3")));
        assertEquals("w.rnnx: version is 2 but the file is laid out as version 1",
                problem("w.rnnx", good.replace("\"version\" : 1", "\"version\" : 2")));
        assertEquals("w.rnnx: training.optimizer_args.lr must be a number, true/false or two numbers, got \"fast\"",
                problem("w.rnnx", good.replace("\"lr\" : 3.0E-4", "\"lr\" : \"fast\"")));
        assertEquals("w.rnnx: model.hidden_size must be an integer, got 5.5",
                problem("w.rnnx", good.replace("\"hidden_size\" : 5", "\"hidden_size\" : 5.5")));
        assertEquals("w.rnnx: model.hidden_size hidden_size must be greater than zero",
                problem("w.rnnx", good.replace("\"hidden_size\" : 5", "\"hidden_size\" : 0")));
        assertEquals("w.rnnx: view.theme is missing", problem("w.rnnx", good.replace("\"theme\" : \"dark\",", "")));
        assertEquals("w.rnnx: training.optimizer_args.betas Adam.__init__() got an unexpected keyword argument 'momentm'"
                        .replace("betas", "momentm"),
                problem("w.rnnx", good.replace("\"betas\"", "\"momentm\"")));
        assertTrue(problem("w.rnnx", good.replace("\"input_size\" : 3", "\"input_size\" : 4"))
                .startsWith("w.rnnx: tensors "), "weights that do not fit the model are named");
        String blob = good.substring(good.indexOf("\"data\" : \"") + 10);
        blob = blob.substring(0, blob.indexOf('"'));
        assertTrue(problem("w.rnnx", good.replace(blob, blob.substring(0, 40)))
                .startsWith("w.rnnx: tensors.data: "), "a damaged tensor blob is named");
        for (String m : List.of(problem("x.rnnx", good.replace("\"kind\" : \"norm\"", "\"kind\" : \"l2\"")))) {
            assertEquals("x.rnnx: training.clipping.kind is \"l2\", expected none, norm or value", m);
            assertTrue(!m.contains("\n"));
        }
    }

    @Test
    void theEmbeddedBlobIsAnOrdinarySafetensorsFile() throws IOException {
        Workspace w = sample();
        byte[] blob = Safetensors.toBytes(w.weights().asTensors(), Map.of("nonlinearity", "relu"), DType.F32);
        Path file = dir.resolve("blob.safetensors");
        Files.write(file, blob);
        SafetensorsFile viaFile = Safetensors.read(file);
        SafetensorsFile viaBytes = Safetensors.read(blob, file);
        assertEquals(viaFile.tensors(), viaBytes.tensors());
        assertEquals("relu", viaBytes.metadata().get("nonlinearity"));
        assertArrayEquals(w.weights().get("weight_ih_l1"), viaBytes.tensors().get("weight_ih_l1").data());
    }
}
