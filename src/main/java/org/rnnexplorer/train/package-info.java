/**
 * Training {@code nn.RNN} models as PyTorch trains them: pure computation (no I/O, no threads, no UI).
 *
 * <ul>
 *   <li>{@link org.rnnexplorer.train.Model}: RNN parameters + optional {@link org.rnnexplorer.train.Linear} head +
 *       {@link org.rnnexplorer.train.Readout}; {@link org.rnnexplorer.train.ModelStateDict} maps it to and from a
 *       state_dict under the file's own names; {@link org.rnnexplorer.train.Network} runs it on a backend.</li>
 *   <li>{@link org.rnnexplorer.train.Losses} (MSE, cross-entropy), {@link org.rnnexplorer.train.Optimizer}s
 *       ({@link org.rnnexplorer.train.Sgd}, {@link org.rnnexplorer.train.Adam}, {@link org.rnnexplorer.train.RmsProp},
 *       {@link org.rnnexplorer.train.Adagrad}, bit-exact with torch 1.13's per-tensor loop),
 *       {@link org.rnnexplorer.train.Clipping}.</li>
 *   <li>{@link org.rnnexplorer.train.Trainer}: one step = forward, loss, backward, clipping, optimiser step, with
 *       {@link org.rnnexplorer.train.StepMetrics}; {@link org.rnnexplorer.train.Tbptt} for long streams; the
 *       watchdog stops at the first non-finite value ({@link org.rnnexplorer.train.NonFinite}).</li>
 *   <li>{@link org.rnnexplorer.train.TimestepProbes}: per-timestep gradient norms, Jacobian factor norms, running
 *       products and saturation; {@link org.rnnexplorer.train.RecurrentSpectrum}: ρ and σ_max of each W_hh.</li>
 *   <li>{@code train.task}: seeded data generators with chance-level baselines.</li>
 * </ul>
 *
 * <p>May import {@code engine} (the seam included); never {@code io}, {@code service}, {@code ui}, {@code cli} or
 * JavaFX; no file I/O and no threads (ArchitectureTest).
 */
package org.rnnexplorer.train;
