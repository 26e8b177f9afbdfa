/* Interface between the emulated kernels (kernels_emu.cpp) and the emulated driver API (driver_emu.cpp). */
#ifndef RNNX_EMU_API_H
#define RNNX_EMU_API_H

#include <cstddef>

struct EmuDim {
    unsigned x, y, z;
};

/** A kernel entry point of rnnx_kernels.cu: its name, how to call it, its argument size and __launch_bounds__. */
struct EmuKernel {
    const char *name;
    void (*invoke)(const void *args);
    size_t argsSize;
    int maxThreads;
};

/** The kernel with this name, or nullptr. */
const EmuKernel *emu_find_kernel(const char *name);

/**
 * Runs a launch to completion on the calling thread. cluster.x > 1 (or cooperative) runs all blocks together.
 * Returns nullptr on success, or what went wrong (deadlock, misuse of a barrier, ...).
 */
const char *emu_run(const EmuKernel *kernel, EmuDim grid, EmuDim block, size_t sharedBytes, const void *args,
                    bool cooperative, EmuDim cluster);

#endif
