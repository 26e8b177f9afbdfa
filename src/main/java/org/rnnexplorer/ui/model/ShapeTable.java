package org.rnnexplorer.ui.model;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shapes of everything an {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} forward call takes and returns, with
 * PyTorch's names: an LSTM adds c_0 and c_n, and its h_t is P wide with a projection; a gated cell's weights stack
 * its G gate blocks (4·H rows for LSTM, 3·H for GRU), in {@code named_parameters()} order.
 */
public final class ShapeTable {

    private ShapeTable() {
    }

    public static List<ShapeRow> rows(ModelState state) {
        RnnConfig c = state.config();
        InputSpec in = state.input();
        InputLayout layout = state.layout();
        boolean unbatched = layout.unbatched();
        boolean bf = layout.batchFirst();
        String dh = c.bidirectional() ? "2·H" : "H";
        String states = c.bidirectional() ? "2·num_layers" : "num_layers";
        List<ShapeRow> rows = new ArrayList<>();

        rows.add(new ShapeRow("input", tuple(layout.inputShape(c)),
                unbatched ? "(L, H_in)" : bf ? "(N, L, H_in)" : "(L, N, H_in)",
                unbatched ? "unbatched: one sequence, no batch axis"
                        : bf ? "batch_first=True puts the batch first" : "sequence first (PyTorch's default layout)"));
        if (in.hasLengths()) {
            rows.add(new ShapeRow("lengths", tuple(new int[] {layout.batch()}), "(N,)",
                    "valid steps per sequence; pack_padded_sequence skips the padding"));
        }
        boolean lstm = c.mode() == CellMode.LSTM;
        String hOut = c.projSize() > 0 ? "P" : "H";
        if (c.projSize() > 0) dh = c.bidirectional() ? "2·P" : "P";
        String stateFormula = unbatched ? "(" + states + ", " + hOut + ")" : "(" + states + ", N, " + hOut + ")";
        String cellFormula = unbatched ? "(" + states + ", H)" : "(" + states + ", N, H)";
        String h0Note = in.withH0() ? (bf ? "batch_first does not apply to h_0" : "one initial state per layer and direction")
                : "not passed: PyTorch starts from zeros of this shape";
        if (c.projSize() > 0) h0Note += "; h_t is proj_size wide";
        rows.add(new ShapeRow("h_0", tuple(layout.stateShape(c)), stateFormula, h0Note));
        if (lstm) {
            rows.add(new ShapeRow("c_0", tuple(layout.cellStateShape(c)), cellFormula,
                    in.withH0() ? "passed with h_0 as (h_0, c_0); the window's run starts the cell state from zeros"
                            : "not passed: PyTorch starts from zeros of this shape"));
        }
        String outputNote = c.bidirectional() ? "top layer's h_t for every t, forward and reverse halves side by side"
                : "top layer's h_t for every t";
        if (in.hasLengths()) outputNote += "; zero after each sequence's length";
        rows.add(new ShapeRow("output", tuple(layout.outputShape(c)),
                unbatched ? "(L, " + dh + ")" : bf ? "(N, L, " + dh + ")" : "(L, N, " + dh + ")", outputNote));
        // With lengths the forward direction's last step is each sequence's own t = length − 1, not L − 1.
        boolean packed = in.hasLengths();
        rows.add(new ShapeRow("h_n", tuple(layout.stateShape(c)), stateFormula,
                (bf ? "batch_first does not apply to h_n; " : "")
                        + (c.bidirectional() ? "row 2k is layer k forward" + (packed ? " (last step t = length − 1)" : "")
                        + ", 2k+1 reverse (its last step is t = 0)"
                        : "row k is layer k's state after " + (packed ? "each sequence's last valid step, t = length − 1"
                        : "the last step"))));
        if (lstm) {
            rows.add(new ShapeRow("c_n", tuple(layout.cellStateShape(c)), cellFormula,
                    "each layer and direction's cell state c_t after " + (c.bidirectional() ? "its" : "the")
                            + " last step" + (packed ? " (forward: t = length − 1)" : "") + "; never projected"));
        }
        for (Map.Entry<String, int[]> e : c.shape().parameterShapes().entrySet()) {
            ParameterName p = ParameterName.parse(e.getKey());
            rows.add(new ShapeRow(e.getKey(), tuple(e.getValue()), parameterFormula(c, p), parameterNote(c, p)));
        }
        return rows;
    }

    /** Shape in symbols, e.g. {@code (H, 2·H)} for weight_ih_l1 of a bidirectional RNN, {@code (4·H, P)} for an LSTM's W_hh. */
    static String parameterFormula(RnnConfig c, ParameterName p) {
        String rows = c.isGated() ? c.mode().gateCount() + "·H" : "H";
        String hOut = c.projSize() > 0 ? "P" : "H";
        return switch (p.kind()) {
            case WEIGHT_IH -> "(" + rows + ", " + (p.layer() == 0 ? "H_in" : c.bidirectional() ? "2·" + hOut : hOut) + ")";
            case WEIGHT_HH -> "(" + rows + ", " + hOut + ")";
            case BIAS_IH, BIAS_HH -> "(" + rows + ",)";
            case WEIGHT_HR -> "(P, H)";
        };
    }

    private static String parameterNote(RnnConfig c, ParameterName p) {
        String where = "layer " + p.layer() + (c.bidirectional() ? (p.direction() == 0 ? ", forward" : ", reverse") : "");
        String note = switch (p.kind()) {
            case WEIGHT_IH -> where + (p.layer() == 0 ? ": input x_t → h_t"
                    : c.bidirectional() ? ": reads both directions of layer " + (p.layer() - 1) + ", concatenated"
                    : ": reads layer " + (p.layer() - 1) + "'s h_t");
            case WEIGHT_HH -> where + ": h_{t-1} → h_t";
            case BIAS_IH -> where + ": added to W_ih x_t";
            case BIAS_HH -> where + ": added to W_hh h_{t-1}";
            case WEIGHT_HR -> where + ": projects o ⊙ tanh(c_t) to h_t";
        };
        if (!c.isGated() || p.kind() == ParameterName.Kind.WEIGHT_HR) return note;
        return note + "; rows: gate blocks " + String.join(", ", c.mode().gateNames()) + " of H each";
    }

    static String tuple(int[] shape) {
        return Tensor.formatTuple(shape);
    }
}
