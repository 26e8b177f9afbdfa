package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format 2 carries the cell: an LSTM (with its proj_size) or GRU workspace reopens as the same model, bit for bit. */
class WorkspaceGatedTest {

    @TempDir
    Path dir;

    private Workspace gated(RnnConfig config) {
        Workspace w = WorkspaceFileTest.sample();
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 7);
        return new Workspace(config, w.input(), 7, "auto", w.training(), weights, null, null, w.view());
    }

    @Test
    void anLstmWithProjectionAndAGruReopenExactly() throws IOException {
        for (RnnConfig config : List.of(new RnnConfig(CellMode.LSTM, 3, 6, 2, true, true, 0.25, true, 2),
                new RnnConfig(CellMode.GRU, 3, 5, 2, false, true, 0.0, true, 0))) {
            Path file = dir.resolve(config.mode() + ".rnnx");
            Workspace w = gated(config);
            WorkspaceFile.write(file, w);
            Workspace back = WorkspaceFile.read(file);
            assertEquals(config, back.model());
            assertEquals(w.weights().asMap().keySet(), back.weights().asMap().keySet());
            for (String name : w.weights().asMap().keySet()) {
                float[] a = w.weights().get(name), b = back.weights().get(name);
                assertEquals(a.length, b.length, name);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
                }
            }
            String json = WorkspaceV2Test.json(file);
            assertTrue(json.contains("\"mode\" : \"" + config.mode().torchName() + "\""), json);
            assertEquals(config.projSize() > 0, json.contains("\"proj_size\" : 2"), json);
        }
    }

    @Test
    void aProjSizeThatPyTorchRefusesIsRefusedByName() throws IOException {
        Path good = dir.resolve("lstm.rnnx");
        WorkspaceFile.write(good, gated(new RnnConfig(CellMode.LSTM, 3, 6, 2, true, true, 0.25, true, 2)));
        Path bad = WorkspaceV2Test.edited(good, dir.resolve("bad.rnnx"), json -> json.replace("\"proj_size\" : 2", "\"proj_size\" : 6"));
        FormatException e = assertThrows(FormatException.class, () -> WorkspaceFile.read(bad));
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("bad.rnnx: model.proj_size proj_size has to be smaller than hidden_size", e.getMessage());
    }
}
