package org.rnnexplorer.ui.model;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.List;

/** The shapes of everything an {@code nn.RNN} forward call takes and returns, with PyTorch's names. */
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
        String stateFormula = unbatched ? "(" + states + ", H)" : "(" + states + ", N, H)";
        String h0Note = in.withH0() ? (bf ? "batch_first does not apply to h_0" : "one initial state per layer and direction")
                : "not passed: PyTorch starts from zeros of this shape";
        rows.add(new ShapeRow("h_0", tuple(layout.stateShape(c)), stateFormula, h0Note));
        String outputNote = c.bidirectional() ? "top layer's h_t for every t, forward and reverse halves side by side"
                : "top layer's h_t for every t";
        if (in.hasLengths()) outputNote += "; zero after each sequence's length";
        rows.add(new ShapeRow("output", tuple(layout.outputShape(c)),
                unbatched ? "(L, " + dh + ")" : bf ? "(N, L, " + dh + ")" : "(L, N, " + dh + ")", outputNote));
        rows.add(new ShapeRow("h_n", tuple(layout.stateShape(c)), stateFormula,
                (bf ? "batch_first does not apply to h_n; " : "")
                        + (c.bidirectional() ? "row 2k is layer k forward, 2k+1 reverse (its last step is t = 0)"
                        : "row k is layer k's state after the last step")));
        RnnParameters shapesOnly = RnnParameters.zeros(c.withInputSize(1).withHiddenSize(1));
        for (ParameterName p : shapesOnly.names()) {
            rows.add(new ShapeRow(p.torchName(), tuple(p.shape(c)), parameterFormula(c, p), parameterNote(c, p)));
        }
        return rows;
    }

    /** Shape in symbols, e.g. {@code (H, 2·H)} for weight_ih_l1 of a bidirectional RNN. */
    static String parameterFormula(RnnConfig c, ParameterName p) {
        return switch (p.kind()) {
            case WEIGHT_IH -> p.layer() == 0 ? "(H, H_in)" : c.bidirectional() ? "(H, 2·H)" : "(H, H)";
            case WEIGHT_HH -> "(H, H)";
            case BIAS_IH, BIAS_HH -> "(H,)";
            case WEIGHT_HR -> "(P, H)";
        };
    }

    private static String parameterNote(RnnConfig c, ParameterName p) {
        String where = "layer " + p.layer() + (c.bidirectional() ? (p.direction() == 0 ? ", forward" : ", reverse") : "");
        return switch (p.kind()) {
            case WEIGHT_IH -> where + (p.layer() == 0 ? ": input x_t → h_t"
                    : c.bidirectional() ? ": reads both directions of layer " + (p.layer() - 1) + ", concatenated"
                    : ": reads layer " + (p.layer() - 1) + "'s h_t");
            case WEIGHT_HH -> where + ": h_{t-1} → h_t";
            case BIAS_IH -> where + ": added to W_ih x_t";
            case BIAS_HH -> where + ": added to W_hh h_{t-1}";
            case WEIGHT_HR -> where + ": projects o ⊙ tanh(c_t) to h_t";
        };
    }

    static String tuple(int[] shape) {
        return Tensor.formatTuple(shape);
    }
}
