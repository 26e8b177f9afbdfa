package org.rnnexplorer.ui.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsWeightsFilesTest {

    /** Written by PyTorch (src/test/python/make_sample_weights.py): a module with self.rnn and self.head. */
    static final Path SAMPLE = Path.of("sample-data", "irnn-adding-t50.safetensors");

    @TempDir
    Path dir;

    private final SafetensorsWeightsFiles files = new SafetensorsWeightsFiles();

    @Test
    void aPyTorchStateDictOpensUnderItsModulePrefixWithTheNonlinearityItsMetadataNames() throws IOException {
        RnnConfig form = new RnnConfig(10, 20, 2, Nonlinearity.TANH, true, true, 0.0, false);
        RnnParameters p = files.open(SAMPLE, form);
        assertEquals(new RnnConfig(2, 32, 1, Nonlinearity.RELU, true, false, 0.0, false), p.config());
        SafetensorsFile raw = Safetensors.read(SAMPLE);
        for (String name : p.asMap().keySet()) {
            assertArrayEquals(raw.tensors().get("rnn." + name).data(), p.get(name), name);
        }
    }

    @Test
    void withoutMetadataTheFormsNonlinearityAndLayoutStand() throws IOException {
        RnnConfig config = new RnnConfig(3, 4, 2, Nonlinearity.TANH, false, false, 0, true);
        RnnParameters original = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        Path file = dir.resolve("plain.safetensors");
        Safetensors.write(file, original.asTensors(), java.util.Map.of(), org.rnnexplorer.io.DType.F32);
        RnnConfig form = new RnnConfig(9, 9, 1, Nonlinearity.RELU, true, true, 0.3, false);
        RnnParameters p = files.open(file, form);
        assertEquals(new RnnConfig(3, 4, 2, Nonlinearity.RELU, false, true, 0.3, true), p.config());
    }

    @Test
    void savedWeightsOpenAgainBitForBitWithTheirSettings() throws IOException {
        RnnConfig config = new RnnConfig(3, 4, 2, Nonlinearity.RELU, true, true, 0, true);
        RnnParameters original = Initializers.create(config, Initializers.Scheme.ORTHOGONAL, 9);
        Path file = dir.resolve("out.safetensors");
        files.save(file, original);
        RnnParameters back = files.open(file, RnnConfig.of(1, 1));
        assertEquals(config, back.config());
        for (String name : original.asMap().keySet()) assertArrayEquals(original.get(name), back.get(name), name);
        assertEquals("relu", Safetensors.read(file).metadata().get("nonlinearity"));
    }

    @Test
    void aFileThatDoesNotFitGetsOneLineNamingIt() throws IOException {
        Path notWeights = dir.resolve("notes.safetensors");
        Files.writeString(notWeights, "hello, this is not a tensor file at all");
        String m = assertThrows(IOException.class, () -> files.open(notWeights, null)).getMessage();
        assertTrue(m.startsWith("notes.safetensors: header length "), m);
        assertFalse(m.contains(dir.toString()), "the banner names the file, not the temporary directory");
        Path golden = Path.of("src/test/resources/io/golden_f32.safetensors");
        String other = assertThrows(IOException.class, () -> files.open(golden, null)).getMessage();
        assertEquals("golden_f32.safetensors: missing weight_ih_l0: every RNN has layer 0's input and recurrent weights", other);
        assertFalse(other.contains("\n"));
    }
}
