/*
 * Host emulation of the CUDA execution model, just enough to run src/main/cuda/rnnx_kernels.cu unchanged on a CPU:
 * every CUDA thread of a launch is a fiber on one OS thread (started with ucontext, switched with _setjmp/_longjmp)
 * at barriers, so __syncthreads, warp shuffles, cluster barriers (split arrive/wait), distributed shared memory and
 * grid-wide barriers behave as specified, deterministically. A barrier nobody can complete is reported as a deadlock instead of hanging.
 *
 * Development tool only (src/test/emu/build.sh): it lets the Java backend and the real kernel sources be tested
 * end-to-end on a machine without a GPU. It says nothing about speed or about hardware memory ordering.
 *
 * Emulation rules that matter for the kernels:
 *   - blocks of an ordinary launch run one after another, so static __shared__ arrays are per block;
 *   - blocks of cooperative and cluster launches run together (those kernels use dynamic shared memory only);
 *   - dynamic shared memory and fresh device memory start as NaN bit patterns, so reads of unwritten data show.
 */
#ifndef RNNX_EMU_RUNTIME_H
#define RNNX_EMU_RUNTIME_H

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#define RNNX_EMULATION 1
#define __CUDA_ARCH__ 900
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

struct alignas(16) float4 {
    float x, y, z, w;
};

inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

namespace emu {

struct Barrier {
    int expected = 0;
    int arrived = 0;
    long phase = 0;
};

struct Fiber;

/** One running block: its index, dynamic shared memory and barrier. */
struct Block {
    dim3 idx;
    float *smem = nullptr;
    size_t smemBytes = 0;
    Barrier bar;
};

/** Everything about the launch in progress. */
struct Launch {
    dim3 grid, block, cluster;
    bool cooperative = false;
    bool clustered = false;
    std::vector<Block> blocks;        // the blocks running now
    int firstBlockLinear = 0;         // linear index of blocks[0] in the grid
    std::vector<Barrier> warpBars;    // per running warp
    std::vector<float> warpSlots;     // 32 per running warp
    std::vector<Barrier> clusterBars; // per cluster among the running blocks
    Barrier gridBar;
    const char *error = nullptr;      // set by fail(), reported as a launch failure
};

struct Fiber {
    void *ctx = nullptr;  // FiberContext* (kernels_emu.cpp), kept opaque here
    char *stack = nullptr;
    int block = 0;        // index into Launch::blocks
    dim3 tidx;
    int lane = 0;
    int warp = 0;         // index into Launch::warpBars
    long clusterToken = 0;
    bool done = false;
};

extern Launch *L;
extern Fiber *cur;

long arrive(Barrier &b);
void waitPhase(Barrier &b, long token);
inline void wait(Barrier &b) { waitPhase(b, arrive(b)); }
[[noreturn]] void fail(const char *message);

/** Linear index of the current block in the grid. */
inline int blockLinear() { return L->firstBlockLinear + cur->block; }

}  // namespace emu

#define threadIdx (emu::cur->tidx)
#define blockIdx (emu::L->blocks[emu::cur->block].idx)
#define blockDim (emu::L->block)
#define gridDim (emu::L->grid)

inline void __syncthreads() { emu::wait(emu::L->blocks[emu::cur->block].bar); }

inline float __shfl_xor_sync(unsigned, float v, int laneMask, int = 32) {
    float *slots = &emu::L->warpSlots[(size_t)emu::cur->warp * 32];
    slots[emu::cur->lane] = v;
    emu::wait(emu::L->warpBars[emu::cur->warp]);
    float r = slots[emu::cur->lane ^ laneMask];
    emu::wait(emu::L->warpBars[emu::cur->warp]);
    return r;
}

inline float __expf(float x) { return expf(x); }
inline float __fdividef(float a, float b) { return a / b; }
inline float __ldcg(const float *p) { return *p; }
inline float4 __ldcg(const float4 *p) { return *p; }
inline float atomicAdd(float *p, float v) {
    float old = *p;
    *p = old + v;
    return old;
}
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }

int emu_cluster_barrier_index();

inline void __cluster_barrier_arrive() {
    if (!emu::L->clustered) emu::fail("cluster barrier in a launch without clusters");
    emu::cur->clusterToken = emu::arrive(emu::L->clusterBars[emu_cluster_barrier_index()]);
}

inline void __cluster_barrier_wait() {
    if (!emu::L->clustered) emu::fail("cluster barrier in a launch without clusters");
    emu::waitPhase(emu::L->clusterBars[emu_cluster_barrier_index()], emu::cur->clusterToken);
}

inline float *rnnx_dynamic_shared() {
    emu::Block &b = emu::L->blocks[emu::cur->block];
    if (b.smem == nullptr) emu::fail("dynamic shared memory used but none was requested at launch");
    return b.smem;
}

#endif
