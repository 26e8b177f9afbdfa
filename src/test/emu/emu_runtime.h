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
    std::vector<float> warpMma;       // EMU_MMA_SLOTS per running warp: the fragments of two mma.sync in turn
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
    long mmaCount = 0;    // mma.sync calls so far: their parity picks the half of warpMma they exchange through
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

inline float __uint_as_float(unsigned u) {
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
inline unsigned __float_as_uint(float f) {
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/*
 * The tensor-core instructions gemm.cuh uses, modelled from the PTX ISA rather than from the kernel (so that a wrong
 * fragment index in the kernel shows as a wrong product here, as on a GPU):
 *   cvt.rna.tf32.f32: round to the nearest TF32 value (10 explicit mantissa bits), ties away from zero; the 13 low
 *   bits of the result are zero. NaN and infinity pass unchanged.
 *   mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32: D = A B + C over the whole warp, A 16 x 8, B 8 x 8, C 16 x 8.
 *   Lane l holds (g = l / 4, q = l % 4): a0 A[g][q], a1 A[g+8][q], a2 A[g][q+4], a3 A[g+8][q+4]; b0 B[q][g],
 *   b1 B[q+4][g]; c0..c3 C[g][2q], C[g][2q+1], C[g+8][2q], C[g+8][2q+1]. The hardware reads 19 bits of each TF32
 *   operand (the low 13 are ignored) and adds without rounding to nearest; the model multiplies exactly, sums in
 *   double and rounds the sum toward zero, which keeps the error growth that rounding mode gives long sums. Every
 *   lane of the warp must call it (a warp barrier: a diverged warp is reported as a deadlock).
 */
inline unsigned rnnx_emu_tf32(float x) {
    unsigned u = __float_as_uint(x);
    if ((u & 0x7f800000u) == 0x7f800000u) return u;  // NaN or infinity
    return (u + 0x1000u) & ~0x1fffu;                   // magnitude rounded, ties away; may carry into infinity
}

inline void rnnx_split_tf32(float x, unsigned &hi, unsigned &lo) {
    hi = rnnx_emu_tf32(x);
    lo = rnnx_emu_tf32(x - __uint_as_float(hi));
}

constexpr int EMU_MMA_LANE = 6;                    // floats one lane contributes: a0..a3, b0, b1 (C stays its own)
constexpr int EMU_MMA_SLOTS = 2 * 32 * EMU_MMA_LANE;

inline void rnnx_mma_tf32(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
    // Two halves used in turn: a lane can write the next call's half only after every lane passed this call's
    // barrier, and the call after that only after every lane finished reading this one (the next barrier).
    float *slots = &emu::L->warpMma[(size_t)emu::cur->warp * EMU_MMA_SLOTS + (emu::cur->mmaCount++ & 1) * 32 * EMU_MMA_LANE];
    float *mine = slots + emu::cur->lane * EMU_MMA_LANE;
    for (int r = 0; r < 4; r++) mine[r] = __uint_as_float(a[r] & ~0x1fffu);
    for (int r = 0; r < 2; r++) mine[4 + r] = __uint_as_float(b[r] & ~0x1fffu);
    emu::wait(emu::L->warpBars[emu::cur->warp]);
    auto A = [&](int row, int k) {  // the lane holding A[row][k] and its register
        int lane = 4 * (row % 8) + k % 4;
        return slots[lane * EMU_MMA_LANE + (row >= 8 ? 1 : 0) + (k >= 4 ? 2 : 0)];
    };
    auto B = [&](int k, int col) { return slots[(4 * col + k % 4) * EMU_MMA_LANE + 4 + (k >= 4 ? 1 : 0)]; };
    const int g = emu::cur->lane / 4, q = emu::cur->lane % 4;
    for (int r = 0; r < 4; r++) {
        const int row = g + 8 * (r >> 1), col = 2 * q + (r & 1);
        double sum = d[r];
        for (int k = 0; k < 8; k++) sum += (double)A(row, k) * (double)B(k, col);
        float f = (float)sum;
        if (std::isfinite(f) && std::fabs((double)f) > std::fabs(sum)) f = std::nextafter(f, 0.0f);
        d[r] = f;
    }
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
