/**
 * The simd backend: float32 kernels on the Vector API, matched against the scalar reference by
 * {@code BackendConformanceTest}.
 *
 * <ul>
 *   <li>{@link org.rnnexplorer.engine.backend.simd.SimdBackend}: availability (the incubator module must be added)
 *       and the backend's worker threads.</li>
 *   <li>{@code SimdKernel}: one configuration's buffers and passes (input projection of all steps as one product,
 *       fused recurrent steps, BPTT, weight gradients over the whole sequence).</li>
 *   <li>{@code Gemm}: register-tiled products on packed panels (4 rows × 4 vectors per micro-kernel).</li>
 *   <li>{@code WorkerPool}: chunks of a job claimed by the caller and the workers alike.</li>
 *   <li>{@code Activation}: tanh / relu and their derivatives on vectors.</li>
 * </ul>
 *
 * <p>May import {@code engine} and {@code jdk.incubator.vector}; not another backend. Owns its worker threads.
 */
package org.rnnexplorer.engine.backend.simd;
