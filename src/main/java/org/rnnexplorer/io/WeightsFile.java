package org.rnnexplorer.io;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfigException;
import org.rnnexplorer.engine.StateDict;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A PyTorch RNN's, LSTM's or GRU's weights from a {@code .safetensors} state_dict. The cell is inferred from the
 * shapes; an optional {@code __metadata__} {@code mode} (PyTorch's RNN_TANH, RNN_RELU, LSTM, GRU) must agree.
 * Nonlinearity and batch_first are not part of a state_dict: they come from the caller, else from the
 * {@code __metadata__} keys {@code nonlinearity} (or {@code mode}) and {@code batch_first}, else tanh and false.
 *
 * @param file     where the weights came from
 * @param loaded   the RNN's configuration and parameters
 * @param contents every tensor and the metadata of the file (for a readout head or for writing back)
 */
public record WeightsFile(Path file, StateDict.Loaded loaded, SafetensorsFile contents) {

    /**
     * Reads and checks a weights file.
     *
     * @param prefix       the RNN's module prefix, or null to infer it
     * @param nonlinearity the caller's choice, or null to use the metadata
     * @param batchFirst   the caller's choice, or null to use the metadata
     * @throws FormatException naming the file, for unreadable files and for tensors that do not form an RNN
     */
    public static WeightsFile read(Path file, String prefix, Nonlinearity nonlinearity, Boolean batchFirst)
            throws IOException {
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        Nonlinearity f = nonlinearity;
        if (f == null) {
            String s = meta.get("nonlinearity");
            try {
                f = s == null ? null : Nonlinearity.parse(s.trim().toLowerCase(Locale.ROOT));
            } catch (RnnConfigException ex) {
                throw new FormatException(file, "__metadata__ nonlinearity: " + ex.getMessage());
            }
        }
        CellMode mode = null;
        if (meta.get("mode") != null) {
            try {
                mode = CellMode.parse(meta.get("mode").trim());
            } catch (RnnConfigException ex) {
                throw new FormatException(file, "__metadata__ mode: " + ex.getMessage());
            }
        }
        boolean bf;
        if (batchFirst != null) {
            bf = batchFirst;
        } else {
            String s = meta.get("batch_first");
            if (s == null) {
                bf = false;
            } else if (s.trim().equalsIgnoreCase("true")) {
                bf = true;
            } else if (s.trim().equalsIgnoreCase("false")) {
                bf = false;
            } else {
                throw new FormatException(file, "__metadata__ batch_first must be true or false, got '" + s + "'");
            }
        }
        Map<String, Tensor> tensors = contents.tensors();
        try {
            return new WeightsFile(file, StateDict.load(tensors, prefix, f, bf, mode), contents);
        } catch (IllegalArgumentException ex) {
            throw new FormatException(file, ex.getMessage());
        }
    }
}
