package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CUlaunchConfig and CUlaunchAttribute as cuda.h of CUDA 13.0 lays them out on x86-64 and aarch64 Linux:
 * <pre>
 * line 2246  typedef union CUlaunchAttributeValue_union { char pad[64]; ... struct { unsigned int x, y, z; } clusterDim;
 *            ... CUevent event; ... }  -> 64 bytes, 8-byte aligned (it holds pointers)
 * line 2340  typedef struct CUlaunchAttribute_st {
 * line 2341      CUlaunchAttributeID id;                      -> offset 0 (a 4-byte enum)
 * line 2342      char pad[8 - sizeof(CUlaunchAttributeID)];   -> 4 bytes
 * line 2343      CUlaunchAttributeValue value;                -> offset 8, clusterDim.x/y/z at 8/12/16; size 72
 * line 2349  typedef struct CUlaunchConfig_st {
 *                unsigned int gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ;  -> 0, 4, ..., 20
 *                unsigned int sharedMemBytes;                 -> 24
 *                CUstream hStream;                            -> 32 (pointer alignment)
 *                CUlaunchAttribute *attrs;                    -> 40
 *                unsigned int numAttrs;                       -> 48; size 56
 * line 2083  CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4
 * </pre>
 */
class LaunchConfigLayoutTest {

    @Test
    void launchAttributeMatchesCudaH() {
        assertEquals(72, LaunchConfig.ATTRIBUTE.byteSize());
        assertEquals(0, LaunchConfig.offset(LaunchConfig.ATTRIBUTE, "id"));
        assertEquals(8, LaunchConfig.offset(LaunchConfig.ATTRIBUTE, "value"));
        assertEquals(8, LaunchConfig.clusterDimOffset("x"));
        assertEquals(12, LaunchConfig.clusterDimOffset("y"));
        assertEquals(16, LaunchConfig.clusterDimOffset("z"));
        assertEquals(8, LaunchConfig.ATTRIBUTE.byteAlignment());
        assertEquals(4, LaunchConfig.ATTRIBUTE_CLUSTER_DIMENSION);
    }

    @Test
    void launchConfigMatchesCudaH() {
        assertEquals(56, LaunchConfig.CONFIG.byteSize());
        String[] ints = {"gridDimX", "gridDimY", "gridDimZ", "blockDimX", "blockDimY", "blockDimZ", "sharedMemBytes"};
        for (int i = 0; i < ints.length; i++) assertEquals(4L * i, LaunchConfig.offset(LaunchConfig.CONFIG, ints[i]), ints[i]);
        assertEquals(32, LaunchConfig.offset(LaunchConfig.CONFIG, "hStream"));
        assertEquals(40, LaunchConfig.offset(LaunchConfig.CONFIG, "attrs"));
        assertEquals(48, LaunchConfig.offset(LaunchConfig.CONFIG, "numAttrs"));
    }
}
