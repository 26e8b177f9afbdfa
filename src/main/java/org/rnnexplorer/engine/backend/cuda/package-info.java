/**
 * The CUDA backend: FFM bindings to the driver API ({@code CudaDriver}, {@code java.lang.foreign}), the committed
 * kernel binary loaded from resources, the device's owner thread ({@code OwnerThread}, {@code CudaDevice}), the
 * layer kernels ({@code CudaKernel} for the RNN, {@code GatedCudaKernel} for LSTM and GRU) over shared device buffers
 * and products ({@code DeviceBuffers}, {@code DeviceProducts}), and the RNN recurrence planner ({@code RecurrencePlan},
 * {@code RecurrencePath}). Fails soft: without a driver or GPU it is unavailable with the reason.
 *
 * <p>May import {@code engine} and {@code java.lang.foreign}; not another backend. Owns a thread and native memory.
 */
package org.rnnexplorer.engine.backend.cuda;
