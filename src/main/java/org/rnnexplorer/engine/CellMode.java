package org.rnnexplorer.engine;

import java.util.List;

/**
 * The recurrent cell, by PyTorch's own mode names ({@code RNNBase.mode}): the Elman RNN with tanh or relu, LSTM, GRU.
 * A gated cell stacks its gate blocks in W_ih, W_hh and the biases in the order {@link #gateNames()} gives.
 */
public enum CellMode {
    RNN_TANH("RNN", List.of()),
    RNN_RELU("RNN", List.of()),
    LSTM("LSTM", List.of("i", "f", "g", "o")),
    GRU("GRU", List.of("r", "z", "n"));

    private final String moduleName;
    private final List<String> gateNames;

    CellMode(String moduleName, List<String> gateNames) {
        this.moduleName = moduleName;
        this.gateNames = gateNames;
    }

    /** The mode for an Elman RNN with this nonlinearity. */
    public static CellMode of(Nonlinearity nonlinearity) {
        return nonlinearity == Nonlinearity.RELU ? RNN_RELU : RNN_TANH;
    }

    /**
     * Parses PyTorch's mode name ({@code "RNN_TANH"}, {@code "RNN_RELU"}, {@code "LSTM"}, {@code "GRU"}).
     *
     * @throws RnnConfigException naming the field {@code mode} for anything else
     */
    public static CellMode parse(String torchName) {
        for (CellMode m : values()) {
            if (m.name().equals(torchName)) return m;
        }
        throw new RnnConfigException("mode", "Unknown mode '" + torchName
                + "'. Select from 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU'.");
    }

    /** PyTorch's mode name, e.g. {@code RNN_TANH}. */
    public String torchName() {
        return name();
    }

    /** The {@code torch.nn} class: {@code RNN}, {@code LSTM} or {@code GRU}. */
    public String moduleName() {
        return moduleName;
    }

    /** G: how many H-row blocks W_ih, W_hh and the biases stack (1 for the Elman RNN). */
    public int gateCount() {
        return isGated() ? gateNames.size() : 1;
    }

    /** The gate blocks' names in row order: i, f, g, o (LSTM); r, z, n (GRU); empty for the Elman RNN. */
    public List<String> gateNames() {
        return gateNames;
    }

    public boolean isGated() {
        return !gateNames.isEmpty();
    }

    /** The Elman RNN's nonlinearity; throws for a gated cell, which has none. */
    public Nonlinearity nonlinearity() {
        return switch (this) {
            case RNN_TANH -> Nonlinearity.TANH;
            case RNN_RELU -> Nonlinearity.RELU;
            default -> throw new IllegalStateException(moduleName + " has no nonlinearity argument");
        };
    }

    /** Whether two modes have the same parameters (names and shapes): tanh and relu RNNs do, nothing else differs. */
    public boolean sameParametersAs(CellMode other) {
        return moduleName.equals(other.moduleName);
    }
}
