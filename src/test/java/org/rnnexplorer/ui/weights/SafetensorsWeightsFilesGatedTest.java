package org.rnnexplorer.ui.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LSTM and GRU state_dicts open in the window (they were refused until the panes existed): the cell comes from the
 * shapes, an optional __metadata__ mode must agree, and an RNN file opens while the form holds a gated cell (the
 * reader once asked that cell for its nonlinearity and threw).
 */
class SafetensorsWeightsFilesGatedTest {

    static final Path WINDOW = Path.of("src/test/resources/fixtures/window");

    @TempDir
    Path dir;

    @Test
    void torchSavedLstmAndGruStateDictsOpenAsTheirModules() throws IOException {
        RnnParameters lstm = new SafetensorsWeightsFiles().open(WINDOW.resolve("lstm_proj.pt"), RnnConfig.of(3, 6));
        assertEquals("LSTM(3, 6, proj_size=2, num_layers=2, bidirectional=True)", lstm.config().torchRepr());
        RnnParameters gru = new SafetensorsWeightsFiles().open(WINDOW.resolve("gru.pt"),
                RnnConfig.of(CellMode.LSTM, 3, 6).withProjSize(2));
        assertEquals("GRU(4, 5, bias=False)", gru.config().torchRepr());
    }

    @Test
    void aGatedSafetensorsFileReadsBackBitForBitWithItsMode() throws IOException {
        RnnConfig config = new RnnConfig(CellMode.LSTM, 3, 6, 2, true, true, 0.0, true, 2);
        RnnParameters written = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 5);
        Path file = dir.resolve("lstm.safetensors");
        new SafetensorsWeightsFiles().save(file, written);
        RnnParameters read = new SafetensorsWeightsFiles().open(file, RnnConfig.of(1, 1));
        assertEquals(config, read.config());
        for (String name : written.asMap().keySet()) assertArrayEquals(written.get(name), read.get(name), 0f, name);
    }

    @Test
    void aMetadataModeTheTensorsContradictIsRefusedInOneLine() throws IOException {
        RnnConfig gru = RnnConfig.of(CellMode.GRU, 3, 4);
        Path file = dir.resolve("gru.safetensors");
        Safetensors.write(file, RnnParameters.zeros(gru).asTensors(), Map.of("mode", "LSTM"), DType.F32);
        FormatException ex = assertThrows(FormatException.class,
                () -> new SafetensorsWeightsFiles().open(file, RnnConfig.of(3, 4)));
        assertTrue(ex.getMessage().startsWith("gru.safetensors: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("LSTM") && ex.getMessage().contains("GRU"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void anRnnFileOpensWhileTheFormHoldsAnLstm() throws IOException {
        Path file = dir.resolve("rnn.safetensors");
        Safetensors.write(file, RnnParameters.zeros(RnnConfig.of(3, 4)).asTensors(), Map.of(), DType.F32);
        RnnParameters read = new SafetensorsWeightsFiles().open(file, RnnConfig.of(CellMode.LSTM, 3, 4));
        assertEquals(CellMode.RNN_TANH, read.config().mode());
    }
}
