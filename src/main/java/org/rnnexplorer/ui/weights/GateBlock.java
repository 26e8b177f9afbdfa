package org.rnnexplorer.ui.weights;

import org.rnnexplorer.engine.CellMode;

import java.util.ArrayList;
import java.util.List;

/**
 * One gate's rows of a gated cell's stacked tensors: PyTorch stacks W_ih (G·H, in), W_hh (G·H, H_out), b_ih and b_hh
 * (G·H) as G blocks of H rows in the order {@link CellMode#gateNames()} gives (i, f, g, o for LSTM; r, z, n for
 * GRU). The Elman RNN has one block, unnamed, covering all H rows.
 *
 * @param name     the gate's name as PyTorch's documentation writes it (W_if is the f block of W_ih), "" for an RNN
 * @param meaning  what the gate does, one short phrase
 * @param firstRow the block's first row in the stacked tensor
 * @param rows     H, the block's number of rows
 */
public record GateBlock(String name, String meaning, int firstRow, int rows) {

    /** The blocks of a cell with hidden size H, in PyTorch's row order. */
    public static List<GateBlock> of(CellMode mode, int hiddenSize) {
        if (!mode.isGated()) return List.of(new GateBlock("", "the whole recurrent step", 0, hiddenSize));
        List<GateBlock> blocks = new ArrayList<>();
        List<String> names = mode.gateNames();
        for (int g = 0; g < names.size(); g++) {
            blocks.add(new GateBlock(names.get(g), meaning(names.get(g)), g * hiddenSize, hiddenSize));
        }
        return List.copyOf(blocks);
    }

    /** One past the block's last row. */
    public int endRow() {
        return firstRow + rows;
    }

    /** e.g. "f (forget gate), rows 20–39"; for an RNN "rows 0–19". */
    public String describe() {
        String range = "rows " + firstRow + "–" + (endRow() - 1);
        return name.isEmpty() ? range : name + " (" + meaning + "), " + range;
    }

    /** Rows [firstRow, endRow) of a row-major tensor with {@code columns} columns (a bias: 1 column). */
    public float[] slice(float[] stacked, int columns) {
        float[] out = new float[rows * columns];
        System.arraycopy(stacked, firstRow * columns, out, 0, out.length);
        return out;
    }

    private static String meaning(String gate) {
        return switch (gate) {
            case "i" -> "input gate";
            case "f" -> "forget gate";
            case "g" -> "cell candidate";
            case "o" -> "output gate";
            case "r" -> "reset gate";
            case "z" -> "update gate";
            case "n" -> "new state candidate";
            default -> throw new IllegalArgumentException("no gate named " + gate);
        };
    }
}
