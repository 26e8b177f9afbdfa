package org.rnnexplorer.ui.weights;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.WeightsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Weights files through the {@code io} package. A file's {@code __metadata__} (nonlinearity, batch_first, as this
 * app and the sample scripts write them) wins; without it the form's current settings stand, since a state_dict
 * records neither. Dropout is never in a file: it stays the form's.
 */
public final class SafetensorsWeightsFiles implements WeightsFileHandler {

    @Override
    public RnnParameters open(Path file, RnnConfig current) throws IOException {
        WeightsFile read;
        try {
            read = WeightsFile.read(file, null, null, null);
        } catch (FormatException e) {
            throw shortened(file, e);
        }
        Map<String, String> meta = read.contents().metadata();
        RnnConfig config = read.loaded().config();
        if (config.isGated()) { // the engine and CLI run it; the panes follow (issue 16)
            throw new FormatException(fileName(file) + ": holds " + config.torchRepr()
                    + "; the window shows nn.RNN models only for now (rnnx forward runs LSTM and GRU)");
        }
        if (current != null) {
            if (!meta.containsKey("nonlinearity")) config = config.withNonlinearity(current.nonlinearity());
            if (!meta.containsKey("batch_first")) config = config.withBatchFirst(current.batchFirst());
            config = config.withDropout(current.dropout());
        }
        RnnParameters p = RnnParameters.zeros(config);
        p.copyFrom(read.loaded().parameters());
        return p;
    }

    @Override
    public void save(Path file, RnnParameters parameters) throws IOException {
        RnnConfig c = parameters.config();
        Safetensors.write(file, parameters.asTensors(), Map.of("nonlinearity", c.nonlinearity().torchName(),
                "batch_first", Boolean.toString(c.batchFirst())), DType.F32);
    }

    /** The io package names the full path; the banner names the file, as the user picked or dropped it. */
    private static FormatException shortened(Path file, FormatException e) {
        String m = e.getMessage();
        String prefix = file + ": ";
        String name = fileName(file);
        return new FormatException(m.startsWith(prefix) ? name + ": " + m.substring(prefix.length()) : m);
    }

    private static String fileName(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }
}
