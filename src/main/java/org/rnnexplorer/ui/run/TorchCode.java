package org.rnnexplorer.ui.run;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The PyTorch script that builds the same model and runs the forward call the form describes on the window's own
 * numbers: the engine cannot reproduce PyTorch's random streams, so the script loads the weights, x and h_0 the
 * window used from an .npz that Copy writes ({@code CopiedRun} in ui.run) and only the lengths come from the form.
 * An LSTM takes and returns its state as the pair (h, c): the script passes (h0, c0) and unpacks (h_n, c_n).
 */
public final class TorchCode {
    /** The data file named in the code the pane shows before Copy has written one. */
    public static final String DATA_PLACEHOLDER = "rnn-explorer-run.npz";

    private TorchCode() {
    }

    /** The script as the pane shows it, loading {@link #DATA_PLACEHOLDER}. */
    public static String of(ModelState state) {
        return of(state, DATA_PLACEHOLDER);
    }

    /**
     * @param dataFile the .npz with the module's state_dict arrays under PyTorch's names (weight_ih_l0, ...), x in the
     *                 form's input layout and, when the form passes h_0, h0 (D·num_layers, N, H_out) or
     *                 (D·num_layers, H_out), and for an LSTM c0 (D·num_layers, N, H) or (D·num_layers, H)
     */
    public static String of(ModelState state, String dataFile) {
        RnnConfig c = state.config();
        InputSpec in = state.input();
        InputLayout layout = state.layout();
        boolean packed = in.hasLengths();
        boolean lstm = c.mode() == CellMode.LSTM;
        String module = c.mode().moduleName().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        sb.append("import numpy as np\n");
        sb.append("import torch\n");
        sb.append("import torch.nn as nn\n");
        if (packed) sb.append("from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence\n");
        sb.append('\n');
        sb.append("# The window's weights, x and h_0").append(lstm && in.withH0() ? ", c_0" : "")
                .append(" (written by Copy): PyTorch's random streams differ from the engine's.\n");
        sb.append("data = np.load(").append(pyString(dataFile)).append(")\n");
        sb.append(module).append(" = ").append(oneArgumentPerLine(c.torchConstructor())).append('\n');
        sb.append(module).append(".load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in (")
                .append(lstm ? "\"x\", \"h0\", \"c0\"" : "\"x\", \"h0\"").append(")})\n");
        if (c.dropout() > 0) sb.append(module).append(".eval()  # the window's pass of the form runs without dropout\n");
        sb.append('\n');

        String inputDims = dims(layout.inputShape(c));
        String inputSymbols = layout.unbatched() ? "(L, H_in)" : layout.batchFirst() ? "(N, L, H_in)" : "(L, N, H_in)";
        sb.append("x = torch.from_numpy(data[\"x\"])  # ").append(inputDims).append(": ").append(inputSymbols).append('\n');
        if (in.withH0()) {
            String hOut = c.projSize() > 0 ? "P" : "H";
            String stateSymbols = layout.unbatched() ? "(D*num_layers, " + hOut + ")" : "(D*num_layers, N, " + hOut + ")";
            if (layout.batchFirst()) sb.append(lstm ? "# h0 and c0 ignore batch_first\n" : "# h0 ignores batch_first\n");
            sb.append("h0 = torch.from_numpy(data[\"h0\"])  # ").append(dims(layout.stateShape(c))).append(": ").append(stateSymbols).append('\n');
            if (lstm) {
                String cellSymbols = layout.unbatched() ? "(D*num_layers, H)" : "(D*num_layers, N, H)";
                sb.append("c0 = torch.from_numpy(data[\"c0\"])  # ").append(dims(layout.cellStateShape(c))).append(": ")
                        .append(cellSymbols).append('\n');
            }
        }
        String initialState = !in.withH0() ? "" : lstm ? ", (h0, c0)" : ", h0";
        String finalState = lstm ? "(h_n, c_n)" : "h_n";
        if (packed) {
            StringJoiner lengths = new StringJoiner(", ", "[", "]");
            for (int len : in.lengths()) lengths.add(Integer.toString(len));
            sb.append("lengths = torch.tensor(").append(lengths).append(")  # valid steps per sequence\n");
            sb.append("packed = pack_padded_sequence(x, lengths, batch_first=").append(py(c.batchFirst()))
                    .append(", enforce_sorted=False)\n");
            sb.append("packed_output, ").append(finalState).append(" = ").append(module).append("(packed").append(initialState).append(")\n");
            sb.append("output, _ = pad_packed_sequence(packed_output, batch_first=").append(py(c.batchFirst()))
                    .append(", total_length=").append(layout.steps()).append(")\n");
        } else {
            sb.append("output, ").append(finalState).append(" = ").append(module).append("(x").append(initialState).append(")\n");
        }
        sb.append("print(output.shape)  # torch.Size([").append(dims(layout.outputShape(c))).append("])\n");
        sb.append("print(h_n.shape)  # torch.Size([").append(dims(layout.stateShape(c))).append("])\n");
        if (lstm) sb.append("print(c_n.shape)  # torch.Size([").append(dims(layout.cellStateShape(c))).append("])\n");
        // The values too: the window's numbers are what a user copies the script to check (shapes alone check nothing).
        sb.append("# The window's numbers: output holds the last layer's h_t at every step (directions side by side")
                .append(packed ? "; zero past each length" : "").append("),\n");
        sb.append("# h_n each layer's final h").append(lstm ? ", c_n its final c" : "")
                .append("; the Hidden states pane shows every layer's h_t.\n");
        sb.append("torch.set_printoptions(precision=6, linewidth=120)\n");
        sb.append("print(\"output:\", output)\n");
        sb.append("print(\"h_n:\", h_n)\n");
        if (lstm) sb.append("print(\"c_n:\", c_n)\n");
        return sb.toString();
    }

    /** {@code nn.RNN(a=1, b=2)} → one keyword argument per line, so the script reads without scrolling. */
    static String oneArgumentPerLine(String call) {
        int open = call.indexOf('(');
        String inner = call.substring(open + 1, call.length() - 1);
        StringBuilder sb = new StringBuilder(call.substring(0, open + 1)).append('\n');
        for (String arg : inner.split(", ")) sb.append("    ").append(arg).append(",\n");
        return sb.append(')').toString();
    }

    private static String dims(int[] shape) {
        StringJoiner j = new StringJoiner(", ");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }

    /** A Python string literal of a path: backslashes and quotes escaped, so a Windows path reads back as it is. */
    static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
