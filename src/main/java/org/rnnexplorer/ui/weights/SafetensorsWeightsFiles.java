package org.rnnexplorer.ui.weights;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.WeightsFile;
import org.rnnexplorer.io.WeightsMetadata;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Weights files through the {@code io} package. The cell (RNN, LSTM with its proj_size, GRU) comes from the
 * state_dict's shapes, and an optional {@code __metadata__} mode must agree. A file's {@code __metadata__}
 * (nonlinearity, batch_first, as this app and the sample scripts write them) wins; without it the form's current settings stand, since a state_dict
 * records neither ({@link WeightsFile#read(Path, RnnConfig)}). Dropout is never in a file: it stays the form's.
 */
public final class SafetensorsWeightsFiles implements WeightsFileHandler {

    @Override
    public RnnParameters open(Path file, RnnConfig current) throws IOException {
        try {
            return WeightsFile.read(file, current).loaded().parameters();
        } catch (FormatException e) {
            throw e.namingFileByName(); // the banner names the file as the user picked or dropped it
        }
    }

    @Override
    public void save(Path file, RnnParameters parameters) throws IOException {
        Safetensors.write(file, parameters.asTensors(), WeightsMetadata.of(parameters.config()), DType.F32);
    }

    private static String fileName(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }
}
