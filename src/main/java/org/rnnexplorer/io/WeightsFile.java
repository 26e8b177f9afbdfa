package org.rnnexplorer.io;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.StateDict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A PyTorch RNN's, LSTM's or GRU's weights from a {@code .safetensors} state_dict, or from a {@code torch.save} file
 * ({@code .pt}, {@code .pth}; see {@link TorchSave}, which executes nothing). The cell is inferred from the shapes; an
 * optional {@code __metadata__} {@code mode} (PyTorch's RNN_TANH, RNN_RELU, LSTM, GRU) must agree. Nonlinearity and
 * batch_first are not part of a state_dict: they come from the caller, else from the file's {@code __metadata__}
 * ({@link WeightsMetadata}), else a fallback (tanh and false for the CLI, the form's settings for the window).
 *
 * @param file     where the weights came from
 * @param loaded   the RNN's configuration and parameters
 * @param contents every tensor and the metadata of the file (for a readout head or for writing back)
 */
public record WeightsFile(Path file, StateDict.Loaded loaded, SafetensorsFile contents) {

    /** Whether the file's name says torch.save wrote it: {@code .pt} or {@code .pth}. */
    public static boolean isTorchSave(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".pt") || lower.endsWith(".pth");
    }

    /**
     * Reads and checks a weights file (a torch.save file by its extension, else safetensors).
     *
     * @param prefix       the RNN's module prefix, or null to infer it
     * @param nonlinearity the caller's choice, or null to use the metadata (else tanh)
     * @param batchFirst   the caller's choice, or null to use the metadata (else false)
     * @throws FormatException naming the file, for unreadable files, malformed metadata and for tensors that do not
     *                         form an RNN
     */
    public static WeightsFile read(Path file, String prefix, Nonlinearity nonlinearity, Boolean batchFirst)
            throws IOException {
        return read(file, prefix, nonlinearity, batchFirst, RnnConfig.of(1, 1), name -> true);
    }

    /**
     * Reads only the recurrent module's tensors (names ending in weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0, ...): other tensors in the file,
     * however large, are not read; {@link #contents()} then holds only the RNN's.
     */
    public static WeightsFile readRnn(Path file, String prefix, Nonlinearity nonlinearity, Boolean batchFirst)
            throws IOException {
        return read(file, prefix, nonlinearity, batchFirst, RnnConfig.of(1, 1), name -> RNN_KEY.matcher(name).matches());
    }

    private static final Pattern RNN_KEY = Pattern.compile(".*(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l\\d+(_reverse)?");

    /**
     * Reads a weights file as the window opens one: the metadata's nonlinearity and batch_first, else those of
     * {@code fallback}; dropout, which no file records, is always {@code fallback}'s.
     *
     * @param fallback the settings in use (the form's), or null for tanh, false and no dropout
     * @throws FormatException naming the file, as {@link #read(Path, String, Nonlinearity, Boolean)}
     */
    public static WeightsFile read(Path file, RnnConfig fallback) throws IOException {
        // Only the module's tensors are read: a checkpoint's large head or embedding costs the window nothing.
        return read(file, null, null, null, fallback == null ? RnnConfig.of(1, 1) : fallback,
                name -> RNN_KEY.matcher(name).matches());
    }

    /**
     * What a weights file holds, from its headers alone: the module, its prefix and the other keys, each tensor's
     * shape and the metadata, without reading any tensor's values ({@code rnnx info}).
     *
     * @param file    the file described
     * @param module  the RNN, LSTM or GRU its shapes describe
     * @param headers every tensor's shape and dtype, and the metadata
     */
    public record Description(Path file, StateDict.Described module, TensorHeaders headers) {
    }

    /**
     * Describes a weights file from its headers (a torch.save file by its extension, else safetensors), with the
     * same choices and checks as {@link #read(Path, String, Nonlinearity, Boolean)} except the values': a file whose
     * data is cut short or too large to load is still described.
     *
     * @throws FormatException naming the file, for unreadable headers, malformed metadata and for shapes that do not
     *                         form an RNN
     */
    public static Description describe(Path file, String prefix, Nonlinearity nonlinearity, Boolean batchFirst)
            throws IOException {
        TensorHeaders headers = headers(file);
        WeightsMetadata meta = new WeightsMetadata(file, headers.metadata());
        Nonlinearity f = meta.nonlinearity(nonlinearity, Nonlinearity.TANH);
        boolean bf = meta.batchFirst(batchFirst, false);
        StateDict.Described module;
        try {
            module = StateDict.describe(headers.shapes(), prefix, f, bf);
        } catch (IllegalArgumentException ex) {
            throw new FormatException(file, ex.getMessage());
        }
        meta.requireAgrees(module.config().shape());
        return new Description(file, module, headers);
    }

    /** Every tensor's name and shape, and the metadata, from the file's header or pickle alone. */
    private static TensorHeaders headers(Path file) throws IOException {
        return isTorchSave(file) ? TorchSave.readHeaders(file) : Safetensors.readHeaders(file);
    }

    /** Caller's choice (null: none), else the metadata, else {@code fallback}'s nonlinearity and batch_first. */
    private static WeightsFile read(Path file, String prefix, Nonlinearity nonlinearity, Boolean batchFirst,
                                    RnnConfig fallback, Predicate<String> wanted) throws IOException {
        SafetensorsFile contents = isTorchSave(file) ? TorchSave.read(file, wanted) : Safetensors.read(file, wanted);
        WeightsMetadata meta = new WeightsMetadata(file, contents.metadata());
        // An LSTM or GRU fallback (the window's form) has no nonlinearity; an RNN file then reads as tanh unless told.
        Nonlinearity f = meta.nonlinearity(nonlinearity, fallback.isGated() ? Nonlinearity.TANH : fallback.nonlinearity());
        boolean bf = meta.batchFirst(batchFirst, fallback.batchFirst());
        StateDict.Loaded loaded;
        try {
            loaded = StateDict.load(contents.tensors(), prefix, f, bf);
        } catch (IllegalArgumentException ex) {
            // Read with a filter, the contents lack the file's other keys, which say what the file holds instead
            // ("no RNN parameters found (keys: )"): the headers, which name them all, give the message then.
            if (contents.tensors().size() < headers(file).shapes().size()) describe(file, prefix, nonlinearity, batchFirst);
            throw new FormatException(file, ex.getMessage());
        }
        meta.requireAgrees(loaded.config().shape());
        if (fallback.dropout() != 0) {
            RnnConfig config = loaded.config().withDropout(fallback.dropout());
            loaded = new StateDict.Loaded(config, loaded.parameters().withConfig(config), loaded.prefix(), loaded.otherKeys());
        }
        return new WeightsFile(file, loaded, contents);
    }
}
