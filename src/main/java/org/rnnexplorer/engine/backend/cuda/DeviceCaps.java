package org.rnnexplorer.engine.backend.cuda;

/**
 * What the recurrence planner needs to know about the GPU and the loaded code.
 *
 * @param name                   the device's name
 * @param multiprocessors        SM count
 * @param major                  compute capability, major
 * @param minor                  compute capability, minor
 * @param codeArch               __CUDA_ARCH__ of the machine code the driver picked for this GPU (750, 800, 860,
 *                               890, 900; 750 when it compiled the compute_75 PTX), reported by the probe kernel
 * @param maxThreadsPerBlock     CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK
 * @param maxSharedPerBlockOptin CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, bytes
 * @param cooperativeLaunch      CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH
 * @param clusterLaunch          CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH
 */
public record DeviceCaps(String name, int multiprocessors, int major, int minor, int codeArch, int maxThreadsPerBlock,
                         int maxSharedPerBlockOptin, boolean cooperativeLaunch, boolean clusterLaunch) {

    /** Clusters need the hardware (sm_90+) and code compiled for it (the sm_90 part of the fatbin). */
    public boolean clustersUsable() {
        return clusterLaunch && major >= 9 && codeArch >= 900;
    }

    /** TF32 tensor-core instructions (mma.sync .tf32) need the hardware and code compiled for it: sm_80 and later. */
    public boolean tensorCoresUsable() {
        return major >= 8 && codeArch >= 800;
    }

    /** e.g. "NVIDIA H200 (compute capability 9.0, 132 SMs, code sm_90)". */
    public String describe() {
        return name + " (compute capability " + major + "." + minor + ", " + multiprocessors + " SMs, code sm_"
                + codeArch / 10 + ")";
    }
}
