package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@code CUlaunchConfig} with one {@code CUlaunchAttribute} (the thread-block cluster dimension) for
 * cuLaunchKernelEx and cuOccupancyMaxActiveClusters. Layouts as in cuda.h of CUDA 13.0:
 * <pre>
 * typedef union CUlaunchAttributeValue_union {   // line 2246: "char pad[64]" makes it 64 bytes;
 *     char pad[64]; ...                          //   its pointer members make it 8-byte aligned
 *     struct { unsigned int x, y, z; } clusterDim;  // line 2266
 *     ... } CUlaunchAttributeValue;
 * typedef struct CUlaunchAttribute_st {          // line 2340
 *     CUlaunchAttributeID id;                    // a 4-byte enum
 *     char pad[8 - sizeof(CUlaunchAttributeID)]; // line 2342
 *     CUlaunchAttributeValue value;              // at offset 8; struct size 72
 * } CUlaunchAttribute;
 * typedef struct CUlaunchConfig_st {             // line 2349
 *     unsigned int gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes;  // 0..24
 *     CUstream hStream;                          // offset 32 (after 4 bytes of alignment padding)
 *     CUlaunchAttribute *attrs;                  // offset 40
 *     unsigned int numAttrs;                     // offset 48; struct size 56
 * } CUlaunchConfig;
 * </pre>
 */
final class LaunchConfig {
    /** CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION, cuda.h line 2083. */
    static final int ATTRIBUTE_CLUSTER_DIMENSION = 4;

    static final StructLayout ATTRIBUTE = MemoryLayout.structLayout(
            JAVA_INT.withName("id"), MemoryLayout.paddingLayout(4),
            MemoryLayout.unionLayout(
                    MemoryLayout.paddingLayout(64),
                    MemoryLayout.structLayout(JAVA_INT.withName("x"), JAVA_INT.withName("y"), JAVA_INT.withName("z"))
                            .withName("clusterDim"),
                    JAVA_LONG.withName("align")).withName("value")).withName("CUlaunchAttribute");

    static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("gridDimX"), JAVA_INT.withName("gridDimY"), JAVA_INT.withName("gridDimZ"),
            JAVA_INT.withName("blockDimX"), JAVA_INT.withName("blockDimY"), JAVA_INT.withName("blockDimZ"),
            JAVA_INT.withName("sharedMemBytes"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("hStream"), ADDRESS.withName("attrs"), JAVA_INT.withName("numAttrs"),
            MemoryLayout.paddingLayout(4)).withName("CUlaunchConfig");

    private final MemorySegment config;
    private final MemorySegment attribute;

    LaunchConfig(Arena arena) {
        config = arena.allocate(CONFIG);
        attribute = arena.allocate(ATTRIBUTE);
        config.set(ADDRESS, offset(CONFIG, "attrs"), attribute);
        config.set(JAVA_INT, offset(CONFIG, "numAttrs"), 1);
        attribute.set(JAVA_INT, offset(ATTRIBUTE, "id"), ATTRIBUTE_CLUSTER_DIMENSION);
    }

    /** Fills the configuration for a launch of (gx, gy, 1) blocks of (threads, 1, 1) in clusters of (cluster, 1, 1). */
    MemorySegment set(int gx, int gy, int threads, int sharedBytes, long stream, int cluster) {
        config.set(JAVA_INT, offset(CONFIG, "gridDimX"), gx);
        config.set(JAVA_INT, offset(CONFIG, "gridDimY"), gy);
        config.set(JAVA_INT, offset(CONFIG, "gridDimZ"), 1);
        config.set(JAVA_INT, offset(CONFIG, "blockDimX"), threads);
        config.set(JAVA_INT, offset(CONFIG, "blockDimY"), 1);
        config.set(JAVA_INT, offset(CONFIG, "blockDimZ"), 1);
        config.set(JAVA_INT, offset(CONFIG, "sharedMemBytes"), sharedBytes);
        config.set(JAVA_LONG, offset(CONFIG, "hStream"), stream);
        attribute.set(JAVA_INT, clusterDimOffset("x"), cluster);
        attribute.set(JAVA_INT, clusterDimOffset("y"), 1);
        attribute.set(JAVA_INT, clusterDimOffset("z"), 1);
        return config;
    }

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }

    /** Offset of clusterDim.{x,y,z} inside CUlaunchAttribute. */
    static long clusterDimOffset(String axis) {
        return ATTRIBUTE.byteOffset(groupElement("value"), groupElement("clusterDim"), groupElement(axis));
    }
}
