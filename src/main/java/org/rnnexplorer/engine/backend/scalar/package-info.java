/**
 * The scalar backend, the reference: {@code ReferenceMath} in float64 loops with every shape in its comments
 * (finite-difference checked), {@code ScalarKernel} over it. The definition the other backends are tested against.
 *
 * <p>May import {@code engine}; not another backend.
 */
package org.rnnexplorer.engine.backend.scalar;
