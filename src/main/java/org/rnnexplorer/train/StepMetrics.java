package org.rnnexplorer.train;

import java.util.List;
import java.util.Map;

/**
 * What one training step measured.
 *
 * @param step             1-based number of this update
 * @param loss             the loss before the update (the mean over the passes accumulated into it)
 * @param passes           forward/backward passes accumulated into this update (1 unless TBPTT groups chunks)
 * @param gradNorm         total 2-norm of all gradients before clipping
 * @param gradNormClipped  total 2-norm after clipping (equal to gradNorm when nothing was clipped)
 * @param clipped          whether clipping changed the gradients
 * @param clipTotal        what clip_grad_norm_ returned (its norm type), NaN without norm clipping
 * @param updateRatios     per parameter in model order, ‖Δp‖₂/‖p‖₂ with p before the update (∞ when p was 0
 *                         and moved, 0 when neither)
 * @param spectra          ρ and σ_max of each W_hh after the update; empty unless due (see TrainerOptions)
 * @param probes           per-timestep probes of the last pass, before the update; empty unless due
 * @param nonFinite        the first NaN/inf found, or null; when set, the update was not applied and training stopped
 */
public record StepMetrics(long step, double loss, int passes, double gradNorm, double gradNormClipped, boolean clipped,
                          double clipTotal, Map<String, Double> updateRatios, List<RecurrentSpectrum> spectra,
                          List<DirectionProbe> probes, NonFinite nonFinite) {
}
