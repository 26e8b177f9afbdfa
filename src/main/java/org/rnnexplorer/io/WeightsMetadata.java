package org.rnnexplorer.io;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnConfigException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a weights file's {@code __metadata__} says about the module beyond its state_dict, the one place that reads
 * and writes it. A state_dict records neither the nonlinearity nor batch_first; this app, the sample scripts and
 * {@code rnnx train} write them as {@code nonlinearity} ({@code tanh}, {@code relu}) and {@code batch_first}
 * ({@code true}, {@code false}), and the cell as {@code mode} in PyTorch's names ({@code RNN_TANH}, {@code RNN_RELU},
 * {@code LSTM}, {@code GRU}). Precedence when reading: the caller's choice, else the metadata, else a fallback. A key
 * is checked when it is used, so a caller's choice overrides even a malformed value.
 *
 * @param file     where the metadata came from, for messages
 * @param metadata the file's {@code __metadata__}, every key (others are left alone)
 */
public record WeightsMetadata(Path file, Map<String, String> metadata) {

    public static final String MODE = "mode";
    public static final String NONLINEARITY = "nonlinearity";
    public static final String BATCH_FIRST = "batch_first";

    public WeightsMetadata {
        metadata = Map.copyOf(metadata);
    }

    /** The keys that describe a module, in the order they are written: mode, nonlinearity (RNN only), batch_first. */
    public static Map<String, String> of(RnnConfig config) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(MODE, config.mode().torchName());
        if (!config.isGated()) keys.put(NONLINEARITY, config.nonlinearity().torchName());
        keys.put(BATCH_FIRST, Boolean.toString(config.batchFirst()));
        return keys;
    }

    /**
     * The recorded cell, when there is a {@code mode} key.
     *
     * @throws FormatException naming the file, for a name that is not one of PyTorch's modes
     */
    public Optional<CellMode> mode() throws FormatException {
        String m = metadata.get(MODE);
        if (m == null) return Optional.empty();
        try {
            return Optional.of(CellMode.parse(m.trim()));
        } catch (RnnConfigException ex) {
            throw new FormatException(file, "__metadata__ mode: " + ex.getMessage());
        }
    }

    /**
     * The caller's choice when not null, else the metadata's ({@code nonlinearity}, else an RNN {@code mode}), else
     * {@code fallback}.
     *
     * @throws FormatException naming the file, for a value that is neither tanh nor relu, or an RNN mode that
     *                         contradicts the nonlinearity key
     */
    public Nonlinearity nonlinearity(Nonlinearity caller, Nonlinearity fallback) throws FormatException {
        if (caller != null) return caller;
        Nonlinearity recorded = null;
        String n = metadata.get(NONLINEARITY);
        if (n != null) {
            try {
                recorded = Nonlinearity.parse(n.trim().toLowerCase(Locale.ROOT));
            } catch (RnnConfigException ex) {
                throw new FormatException(file, "__metadata__ nonlinearity: " + ex.getMessage());
            }
        }
        Optional<CellMode> mode = mode();
        if (mode.isPresent() && !mode.get().isGated()) {
            Nonlinearity implied = mode.get().nonlinearity();
            if (recorded != null && recorded != implied) {
                throw new FormatException(file, "__metadata__ mode " + mode.get().torchName()
                        + " contradicts nonlinearity " + recorded.torchName());
            }
            recorded = implied;
        }
        return recorded != null ? recorded : fallback;
    }

    /**
     * The caller's choice when not null, else the metadata's, else {@code fallback}.
     *
     * @throws FormatException naming the file, for a value other than true or false
     */
    public boolean batchFirst(Boolean caller, boolean fallback) throws FormatException {
        if (caller != null) return caller;
        String b = metadata.get(BATCH_FIRST);
        if (b == null) return fallback;
        if (b.trim().equalsIgnoreCase("true")) return true;
        if (b.trim().equalsIgnoreCase("false")) return false;
        throw new FormatException(file, "__metadata__ batch_first must be true or false, got '" + b + "'");
    }

    /**
     * Checks that a recorded {@code mode} names the cell the tensors hold (tanh against relu is the nonlinearity's
     * business, not the tensors').
     *
     * @param tensors the shape the state_dict's tensors imply
     * @throws FormatException naming the file, for an unknown mode or one the tensors contradict
     */
    public void requireAgrees(ModelShape tensors) throws FormatException {
        Optional<CellMode> mode = mode();
        if (mode.isPresent() && !mode.get().sameParametersAs(tensors.mode())) {
            throw new FormatException(file, "__metadata__ mode is " + mode.get().torchName()
                    + " but the tensors are those of " + tensors.describe());
        }
    }
}
