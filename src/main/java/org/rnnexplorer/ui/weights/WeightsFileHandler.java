package org.rnnexplorer.ui.weights;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads PyTorch weights files (.safetensors, or torch.save's .pt/.pth read without running them) and writes
 * .safetensors, for the window: File ▸ Open weights…, drag-and-drop onto the window, and File ▸ Export weights…. Implemented with the {@code io} package; the window works without one
 * (those menu items are then disabled).
 */
public interface WeightsFileHandler {

    /**
     * Reads an {@code nn.RNN} state_dict. A state_dict records no nonlinearity, batch_first or dropout: those come
     * from {@code current}; everything else (sizes, layers, directions, bias) from the file's names and shapes.
     *
     * @throws IOException with a one-line message naming the file and what does not fit
     *                     (e.g. {@code weights.safetensors: weight_hh_l0 is (3, 4), expected a square matrix})
     */
    RnnParameters open(Path file, RnnConfig current) throws IOException;

    /** Writes every parameter under its PyTorch name, atomically. */
    void save(Path file, RnnParameters parameters) throws IOException;
}
