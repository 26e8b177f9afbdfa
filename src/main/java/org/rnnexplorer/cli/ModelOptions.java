package org.rnnexplorer.cli;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.WeightsFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options shared by the commands that load a PyTorch RNN's weights. */
final class ModelOptions {

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors|W.pt",
            description = "The RNN's state_dict (names weight_ih_l0, ..., optionally under a module prefix): "
                    + "safetensors, or torch.save(model.state_dict()) as .pt/.pth, read without running its pickle.")
    Path weights;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Module prefix of the RNN's keys (e.g. rnn); inferred when unambiguous.")
    String prefix;

    @Option(names = "--nonlinearity", paramLabel = "tanh|relu",
            description = "nn.RNN only: overrides __metadata__ nonlinearity (default tanh); refused for LSTM and GRU.")
    String nonlinearity;

    @Option(names = "--batch-first", negatable = true,
            description = "Input/output are (N,L,*); overrides __metadata__ batch_first (default false).")
    Boolean batchFirst;

    @Option(names = "--backend", paramLabel = "scalar|simd|cuda|auto", defaultValue = "auto",
            description = "Compute backend (default: ${DEFAULT-VALUE}).")
    String backend;

    WeightsFile readWeights() throws IOException {
        Nonlinearity f = nonlinearity == null ? null : Nonlinearity.parse(nonlinearity);
        WeightsFile w = WeightsFile.readRnn(weights, prefix, f, batchFirst); // other tensors stay unread
        requireNoNonlinearityForGated(weights, w.loaded().config(), f);
        return w;
    }

    /** The file's headers only: the module, every tensor's shape and the metadata; no tensor's values (info). */
    WeightsFile.Description describeWeights() throws IOException {
        Nonlinearity f = nonlinearity == null ? null : Nonlinearity.parse(nonlinearity);
        WeightsFile.Description d = WeightsFile.describe(weights, prefix, f, batchFirst);
        requireNoNonlinearityForGated(weights, d.module().config(), f);
        return d;
    }

    /** {@code --nonlinearity} is nn.RNN's argument: refused for an LSTM or GRU state_dict. */
    static void requireNoNonlinearityForGated(Path weights, RnnConfig c, Nonlinearity f) throws FormatException {
        if (f != null && c.isGated()) {
            throw new FormatException(weights, "--nonlinearity applies to nn.RNN only; this state_dict holds "
                    + c.torchRepr() + ", which takes no nonlinearity");
        }
    }

    Backend backend() {
        return Backends.select(backend);
    }

    /** The chosen backend for this cell: auto picks one that runs it; a named one that cannot is refused in one line. */
    Backend backend(CellMode mode) {
        return Backends.select(backend, mode);
    }
}
