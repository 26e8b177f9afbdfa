package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsMetadataTest {

    private static final Path FILE = Path.of("runs", "w.safetensors");

    @TempDir
    Path dir;

    private static WeightsMetadata meta(Map<String, String> keys) {
        return new WeightsMetadata(FILE, keys);
    }

    @Test
    void theCallersChoiceWinsOverTheMetadataWhichWinsOverTheFallback() throws IOException {
        WeightsMetadata recorded = meta(Map.of("nonlinearity", "relu", "batch_first", "true"));
        assertEquals(Nonlinearity.RELU, recorded.nonlinearity(null, Nonlinearity.TANH));
        assertEquals(Nonlinearity.TANH, recorded.nonlinearity(Nonlinearity.TANH, Nonlinearity.RELU));
        assertTrue(recorded.batchFirst(null, false));
        assertFalse(recorded.batchFirst(false, true));
        WeightsMetadata none = meta(Map.of("producer", "someone"));
        assertEquals(Nonlinearity.RELU, none.nonlinearity(null, Nonlinearity.RELU));
        assertTrue(none.batchFirst(null, true));
    }

    @Test
    void anRnnModeNamesTheNonlinearityAndMustNotContradictIt() throws IOException {
        assertEquals(Nonlinearity.RELU, meta(Map.of("mode", "RNN_RELU")).nonlinearity(null, Nonlinearity.TANH));
        assertEquals(Nonlinearity.RELU, meta(Map.of("mode", "LSTM", "nonlinearity", "relu")).nonlinearity(null, Nonlinearity.TANH),
                "a gated cell's mode says nothing about the nonlinearity key");
        FormatException ex = assertThrows(FormatException.class,
                () -> meta(Map.of("mode", "RNN_RELU", "nonlinearity", "tanh")).nonlinearity(null, Nonlinearity.TANH));
        assertEquals(FILE + ": __metadata__ mode RNN_RELU contradicts nonlinearity tanh", ex.getMessage());
        assertEquals(FILE, ex.file().orElseThrow());
    }

    @Test
    void malformedValuesAreNamedWithTheFileUnlessTheCallerOverridesThem() throws IOException {
        WeightsMetadata bad = meta(Map.of("nonlinearity", "sigmoid", "batch_first", "yes", "mode", "rnn"));
        FormatException n = assertThrows(FormatException.class, () -> bad.nonlinearity(null, Nonlinearity.TANH));
        assertEquals("__metadata__ nonlinearity: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.", n.problem());
        assertEquals(FILE + ": " + n.problem(), n.getMessage());
        assertEquals("__metadata__ batch_first must be true or false, got 'yes'",
                assertThrows(FormatException.class, () -> bad.batchFirst(null, false)).problem());
        assertEquals("__metadata__ mode: Unknown mode 'rnn'. Select from 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU'.",
                assertThrows(FormatException.class, bad::mode).problem());
        assertEquals(Nonlinearity.TANH, bad.nonlinearity(Nonlinearity.TANH, Nonlinearity.RELU));
        assertTrue(bad.batchFirst(true, false));
    }

    @Test
    void theWrittenKeysAreTorchsModeThenNonlinearityAndBatchFirstAndReadBack() throws IOException {
        RnnConfig relu = new RnnConfig(3, 4, 2, Nonlinearity.RELU, true, true, 0.5, false);
        Map<String, String> keys = WeightsMetadata.of(relu);
        assertEquals(List.of("mode", "nonlinearity", "batch_first"), List.copyOf(keys.keySet()));
        assertEquals(Map.of("mode", "RNN_RELU", "nonlinearity", "relu", "batch_first", "true"), keys);
        WeightsMetadata back = meta(keys);
        assertEquals(CellMode.RNN_RELU, back.mode().orElseThrow());
        assertEquals(Nonlinearity.RELU, back.nonlinearity(null, Nonlinearity.TANH));
        assertTrue(back.batchFirst(null, false));
        assertEquals("RNN_TANH", WeightsMetadata.of(RnnConfig.of(2, 2)).get("mode"));
    }

    @Test
    void aModeMustNameTheCellTheTensorsHold() throws IOException {
        ModelShape rnn = RnnConfig.of(3, 4).shape();
        FormatException ex = assertThrows(FormatException.class, () -> meta(Map.of("mode", "LSTM")).requireAgrees(rnn));
        assertEquals(FILE + ": __metadata__ mode is LSTM but the tensors are those of a 1-layer RNN with bias", ex.getMessage());
        meta(Map.of("mode", "RNN_RELU")).requireAgrees(rnn); // tanh or relu: the same tensors
        meta(Map.of()).requireAgrees(rnn);
        meta(Map.of("mode", "GRU")).requireAgrees(new ModelShape(CellMode.GRU, 3, 4, 1, true, false, 0));
    }

    @Test
    void aWeightsFileWhoseModeContradictsItsTensorsIsRefusedNamingTheFile() throws IOException {
        RnnConfig config = RnnConfig.of(2, 3);
        Path file = dir.resolve("gru.safetensors");
        Safetensors.write(file, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1).asTensors(),
                Map.of("mode", "GRU"), DType.F32);
        FormatException ex = assertThrows(FormatException.class, () -> WeightsFile.read(file, null, null, null));
        assertEquals(file, ex.file().orElseThrow());
        assertEquals("__metadata__ mode is GRU but the tensors are those of a 1-layer RNN with bias", ex.problem());
    }

    @Test
    void aFileReadForTheWindowTakesTheFormsSettingsWhereTheMetadataIsSilent() throws IOException {
        RnnConfig config = new RnnConfig(2, 3, 1, Nonlinearity.TANH, true, false, 0, false);
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1).asTensors(),
                Map.of("mode", "RNN_RELU"), DType.F32);
        RnnConfig form = new RnnConfig(9, 9, 2, Nonlinearity.TANH, true, true, 0.25, false);
        assertEquals(new RnnConfig(2, 3, 1, Nonlinearity.RELU, true, true, 0.25, false),
                WeightsFile.read(file, form).loaded().config());
        assertEquals(new RnnConfig(2, 3, 1, Nonlinearity.RELU, true, false, 0, false),
                WeightsFile.read(file, null, null, null).loaded().config());
        assertEquals(Nonlinearity.TANH, WeightsFile.read(file, null, Nonlinearity.TANH, null).loaded().config().nonlinearity());
    }
}
