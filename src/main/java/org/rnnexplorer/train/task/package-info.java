/**
 * The classic experiments as seeded data generators, each knowing its chance-level baseline: the adding problem
 * (1997 and uniform forms), copy memory, latching, sine and user-series forecasting, character-level text (with
 * {@link org.rnnexplorer.train.task.TextSampler}). {@link org.rnnexplorer.train.task.Seeds#forStep} gives each
 * training step its own stream so runs replay exactly.
 *
 * <p>May import {@code train} and {@code engine}; the rules of {@code train} hold here too.
 */
package org.rnnexplorer.train.task;
