/**
 * The CUDA backend: FFM bindings to the driver API ({@code CudaDriver}, {@code java.lang.foreign}), the committed
 * kernel binary loaded from resources, the device's owner thread ({@code OwnerThread}, {@code CudaDevice}), device
 * buffers ({@code CudaKernel}) and the recurrence planner ({@code RecurrencePlan}, {@code RecurrencePath}). Fails
 * soft: without a driver or GPU it is unavailable with the reason.
 *
 * <p>May import {@code engine} and {@code java.lang.foreign}; not another backend. Owns a thread and native memory.
 */
package org.rnnexplorer.engine.backend.cuda;
