package org.rnnexplorer.ui.run;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Copy hands to PyTorch: the explore run's exact weights, x and h_0 as an .npz, and the script that loads it.
 * The file is named after a digest of its arrays, so a script copied earlier keeps loading the numbers it was copied
 * with.
 */
public final class CopiedRun {

    private CopiedRun() {
    }

    /** Where Copy writes its data files: {@code ~/.cache/rnn-explorer}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "rnn-explorer");
    }

    /**
     * The arrays of an explore spec: the module's state_dict under PyTorch's names with PyTorch's shapes, then
     * {@code x} in the form's input layout and, when the run passes h_0, {@code h0} (D·num_layers, N, H_out) or
     * (D·num_layers, H_out) unbatched; for an LSTM also {@code c0} (D·num_layers, N, H) or (D·num_layers, H), since
     * PyTorch takes an LSTM's state as the pair (h_0, c_0). The explore run starts the cell state from zeros (its
     * fixed batch carries h_0 only), so c0 holds zeros: what the window ran.
     */
    public static Map<String, Tensor> arrays(RunSpec spec) {
        TaskSpec.FixedBatch batch = spec.task().fixed();
        if (batch == null || spec.initialModel().isEmpty()) {
            throw new IllegalArgumentException("only an explore run (fixed batch with its weights) can be copied");
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>(spec.initialModel().get().rnn().asTensors());
        arrays.put("x", batch.input());
        if (batch.h0() != null) arrays.put("h0", batch.h0());
        if (batch.h0() != null && spec.config().mode() == CellMode.LSTM) {
            int[] cellShape = batch.h0().shape();
            cellShape[cellShape.length - 1] = spec.config().hiddenSize();
            arrays.put("c0", Tensor.zeros(cellShape));
        }
        return arrays;
    }

    /** {@code copied-<12 hex digits of SHA-256 over names, shapes and values>.npz} in {@code directory}. */
    public static Path dataFile(Path directory, Map<String, Tensor> arrays) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> a : arrays.entrySet()) {
                sha.update(a.getKey().getBytes(StandardCharsets.UTF_8));
                Tensor t = a.getValue();
                ByteBuffer b = ByteBuffer.allocate(4 * (t.shape().length + t.data().length));
                for (int d : t.shape()) b.putInt(d);
                for (float v : t.data()) b.putFloat(v);
                sha.update(b.array());
            }
            return directory.resolve("copied-" + HexFormat.of().formatHex(sha.digest(), 0, 6) + ".npz");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the spec's arrays (atomically, see {@link Npz#write}) into {@code directory} and returns the script that
     * loads them.
     *
     * @return the script and the data file it reads
     */
    public static Copied write(ModelState form, RunSpec spec, Path directory) throws IOException {
        Map<String, Tensor> arrays = arrays(spec);
        Path file = dataFile(directory, arrays).toAbsolutePath();
        Files.createDirectories(file.getParent());
        Npz.write(file, arrays);
        return new Copied(TorchCode.of(form, file.toString()), file);
    }

    /** A copied script and the .npz it loads. */
    public record Copied(String code, Path dataFile) {
    }
}
