package org.rnnexplorer.ui.state;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;

import java.util.List;

/**
 * What one run of the A/B view changes against the others: the cell and its initialisation (every other setting is
 * the Training pane's, shared by all runs). A value of the state because presets choose the runs they compare.
 *
 * @param mode the cell: nn.RNN with tanh or ReLU, nn.LSTM or nn.GRU
 * @param rho  spectral radius to rescale every W_hh to after initialisation, or NaN (an Elman RNN's setting)
 */
public record RunVariant(String label, CellMode mode, Initializers.Scheme init, double rho) {

    public static final RunVariant TANH = new RunVariant("tanh, PyTorch default init", CellMode.RNN_TANH,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    public static final RunVariant RELU = new RunVariant("ReLU, PyTorch default init", CellMode.RNN_RELU,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    public static final RunVariant IRNN = new RunVariant("IRNN: ReLU, W_hh = I", CellMode.RNN_RELU,
            Initializers.Scheme.IDENTITY, Double.NaN);
    public static final RunVariant TANH_ORTHOGONAL = new RunVariant("tanh, orthogonal W_hh", CellMode.RNN_TANH,
            Initializers.Scheme.ORTHOGONAL, Double.NaN);
    public static final RunVariant TANH_RHO_1 = new RunVariant("tanh, default init rescaled to ρ = 1",
            CellMode.RNN_TANH, Initializers.Scheme.PYTORCH_DEFAULT, 1.0);
    public static final RunVariant LSTM = new RunVariant("LSTM, PyTorch default init", CellMode.LSTM,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    public static final RunVariant GRU = new RunVariant("GRU, PyTorch default init", CellMode.GRU,
            Initializers.Scheme.PYTORCH_DEFAULT, Double.NaN);
    /** Every variant the A/B view offers, in its menus' order. */
    public static final List<RunVariant> VARIANTS = List.of(TANH, RELU, IRNN, TANH_ORTHOGONAL, TANH_RHO_1, LSTM, GRU);

    @Override
    public String toString() {
        return label;
    }
}
