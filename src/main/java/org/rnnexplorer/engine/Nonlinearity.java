package org.rnnexplorer.engine;

/** The two activations {@code torch.nn.RNN} offers; the name is PyTorch's keyword value. */
public enum Nonlinearity {
    TANH("tanh"),
    RELU("relu");

    private final String torchName;

    Nonlinearity(String torchName) {
        this.torchName = torchName;
    }

    /** PyTorch's spelling, e.g. {@code 'tanh'}. */
    public String torchName() {
        return torchName;
    }

    /** f(a). */
    public double apply(double a) {
        return this == TANH ? StrictMath.tanh(a) : (a > 0 ? a : 0.0);
    }

    /** f'(a) written in terms of the output h = f(a), as PyTorch's autograd does: relu' at exactly 0 is 0. */
    public double derivativeFromOutput(double h) {
        return this == TANH ? 1.0 - h * h : (h > 0 ? 1.0 : 0.0);
    }

    /**
     * Parses PyTorch's keyword value. Case-sensitive like PyTorch.
     *
     * @throws RnnConfigException with PyTorch 2.x's message for anything but 'tanh' or 'relu'
     */
    public static Nonlinearity parse(String name) {
        for (Nonlinearity n : values()) {
            if (n.torchName.equals(name)) {
                return n;
            }
        }
        throw new RnnConfigException("nonlinearity",
                "Unknown nonlinearity '" + name + "'. Select from 'tanh' or 'relu'.");
    }
}
