package org.rnnexplorer.ui.hidden;

import org.rnnexplorer.engine.CellMode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Hidden states heatmap can show for a cell: h_t always; an LSTM's c_t and gates i, f, g, o; a GRU's gates
 * r, z, n (each after its nonlinearity, as the trace's {@code gate_*} arrays). The sigmoid gates live in (0, 1), the
 * tanh-valued g and n in (−1, 1): both are drawn on those fixed scales, so colours compare across passes.
 */
public final class HiddenQuantity {
    /** The hidden state's key. */
    public static final String HIDDEN = "h";
    /** An LSTM's cell state's key. */
    public static final String CELL = "c";

    private HiddenQuantity() {
    }

    /** The keys a cell offers, in the chooser's order: h, then c (LSTM), then the gates in PyTorch's order. */
    public static List<String> choices(CellMode mode) {
        List<String> out = new ArrayList<>();
        out.add(HIDDEN);
        if (mode == CellMode.LSTM) out.add(CELL);
        out.addAll(mode.gateNames());
        return List.copyOf(out);
    }

    /** Whether a key is a gate squashed by the logistic sigmoid (i, f, o, r, z): values in (0, 1). */
    public static boolean sigmoidGate(String key) {
        return switch (key) {
            case "i", "f", "o", "r", "z" -> true;
            default -> false;
        };
    }

    /** Whether a key is a tanh-valued gate (an LSTM's g, a GRU's n): values in (−1, 1). */
    public static boolean tanhGate(String key) {
        return key.equals("g") || key.equals("n");
    }

    /** Whether a key is a gate at all. */
    public static boolean gate(String key) {
        return sigmoidGate(key) || tanhGate(key);
    }

    /** The symbol with its subscript: {@code h_t}, {@code c_t}, {@code f_t}. */
    public static String symbol(String key) {
        return key + "_t";
    }

    /** The chooser's words: {@code f_t  forget gate}. */
    public static String label(String key) {
        String name = switch (key) {
            case HIDDEN -> "hidden state";
            case CELL -> "cell state";
            case "i" -> "input gate";
            case "f" -> "forget gate";
            case "g" -> "cell candidate";
            case "o" -> "output gate";
            case "r" -> "reset gate";
            case "z" -> "update gate";
            case "n" -> "new gate";
            default -> throw new IllegalArgumentException("no quantity " + key);
        };
        return symbol(key) + "  " + name;
    }

    /** The trace's name of the quantity: {@code h}, {@code c} or {@code gate_f} (then {@code .l0_reverse}). */
    public static String traceName(String key) {
        return gate(key) ? "gate_" + key : key;
    }
}
