package org.rnnexplorer.train;

import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Spectra;

import java.util.ArrayList;
import java.util.List;

/**
 * ρ and σ_max of one W_hh. They differ for non-normal matrices (PyTorch's default init has ρ ≈ 0.58 but
 * σ_max ≈ 1.15 for large H), and it is σ_max that bounds the gradient's growth.
 *
 * @param layer                k
 * @param direction            0 forward, 1 reverse
 * @param spectralRadius       largest eigenvalue modulus
 * @param largestSingularValue ‖W_hh‖₂
 */
public record RecurrentSpectrum(int layer, int direction, double spectralRadius, double largestSingularValue) {

    /**
     * Both numbers for every W_hh, in PyTorch's parameter order; NaN for a W_hh holding non-finite values, and for
     * LSTM and GRU, whose W_hh stacks gate blocks (G·H × H_out) and so is no square recurrent matrix.
     */
    public static List<RecurrentSpectrum> of(RnnParameters p) {
        int h = p.config().hiddenSize();
        boolean square = !p.config().isGated();
        List<RecurrentSpectrum> out = new ArrayList<>();
        for (int k = 0; k < p.config().numLayers(); k++) {
            for (int d = 0; d < p.config().numDirections(); d++) {
                float[] w = p.weightHh(k, d);
                boolean finite = square;
                for (float v : w) finite &= Float.isFinite(v);
                out.add(finite ? new RecurrentSpectrum(k, d, Spectra.spectralRadius(w, h), Spectra.largestSingularValue(w, h, h))
                        : new RecurrentSpectrum(k, d, Double.NaN, Double.NaN));
            }
        }
        return out;
    }
}
