package org.rnnexplorer.ui.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An LSTM's or GRU's state_dict, which the engine now reads, is refused by the window in one line until its panes
 * exist (it once became an RNN of the form's nonlinearity and failed copying tensors of the wrong size).
 */
class SafetensorsWeightsFilesGatedTest {

    @TempDir
    Path dir;

    @Test
    void aGatedStateDictIsRefusedInOneLineNamingTheModule() throws IOException {
        RnnConfig lstm = RnnConfig.of(CellMode.LSTM, 3, 6).withProjSize(2);
        Path file = dir.resolve("lstm.safetensors");
        Safetensors.write(file, RnnParameters.zeros(lstm).asTensors(), Map.of(), DType.F32);
        FormatException ex = assertThrows(FormatException.class,
                () -> new SafetensorsWeightsFiles().open(file, RnnConfig.of(3, 6)));
        assertEquals("lstm.safetensors: holds LSTM(3, 6, proj_size=2); the window shows nn.RNN models only for now "
                + "(rnnx forward runs LSTM and GRU)", ex.getMessage());
    }
}
