/*
 * The kernels of src/main/cuda/rnnx_kernels.cu compiled for the host under emu_runtime.h, the fiber scheduler that
 * runs them, and the name -> entry point table the emulated driver looks kernels up in.
 */
#include <setjmp.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "emu_runtime.h"
#include "rnnx_kernels.cu"
#include "emu_api.h"

namespace emu {

Launch *L = nullptr;
Fiber *cur = nullptr;
static long progress = 0;

/*
 * A fiber's contexts. makecontext/setcontext only start a fiber; every later switch is _setjmp/_longjmp, which keep
 * the signal mask as it is: swapcontext saves and restores it with a system call (rt_sigprocmask) on every switch,
 * and a selftest switches tens of millions of times (a barrier is a switch per thread), which made most of its time
 * kernel time.
 */
struct FiberContext {
    ucontext_t start;
    jmp_buf resume;
    bool started = false;
};

/** Where the scheduler waits while a fiber runs: set by resumeFiber, jumped to when the fiber yields or ends. */
static jmp_buf schedulerJump;
static void (*invokeFn)(const void *) = nullptr;
static const void *invokeArgs = nullptr;
static const size_t STACK_BYTES = 256 * 1024;

long arrive(Barrier &b) {
    long token = b.phase;
    progress++;
    if (++b.arrived == b.expected) {
        b.arrived = 0;
        b.phase++;
    }
    return token;
}

/** Back to the scheduler; returns when the scheduler resumes this fiber. */
static void yieldToScheduler() {
    if (_setjmp(static_cast<FiberContext *>(cur->ctx)->resume) == 0) _longjmp(schedulerJump, 1);
}

/** Runs fiber f until it yields or ends (started on its first call). Not inlined: the caller's locals stay out of it. */
static __attribute__((noinline)) void resumeFiber(Fiber &f) {
    FiberContext *c = static_cast<FiberContext *>(f.ctx);
    if (_setjmp(schedulerJump) != 0) return;
    if (!c->started) {
        c->started = true;
        setcontext(&c->start);
    }
    _longjmp(c->resume, 1);
}

void waitPhase(Barrier &b, long token) {
    while (b.phase == token) {
        if (L->error != nullptr) break;
        yieldToScheduler();
    }
}

[[noreturn]] void fail(const char *message) {
    if (L->error == nullptr) L->error = message;
    _longjmp(schedulerJump, 1);  // never resumed
}

}  // namespace emu

int emu_cluster_barrier_index() {
    const emu::Block &b = emu::L->blocks[emu::cur->block];
    unsigned cs = emu::L->cluster.x;
    unsigned clustersPerRow = emu::L->grid.x / cs;
    return (int)(b.idx.y * clustersPerRow + b.idx.x / cs + (size_t)b.idx.z * clustersPerRow * emu::L->grid.y);
}

static void fiberMain() {
    emu::Fiber *f = emu::cur;
    emu::invokeFn(emu::invokeArgs);
    f->done = true;
    emu::progress++;
    _longjmp(emu::schedulerJump, 1);  // the stack is left behind; uc_link is never used
}

/*
 * Gives fibers [from, to) their stacks, from mappings of STACKS_PER_MAPPING stacks each (pages committed only when
 * touched) rather than one malloc per stack: a cooperative launch runs up to 200 000 threads, more than the kernel
 * allows memory mappings (vm.max_map_count, 65 530 by default); past that malloc returned null and the next
 * switch into such a fiber crashed the JVM. False when memory runs out.
 */
static bool giveStacks(std::vector<emu::Fiber> &fibers, size_t from, size_t to) {
    const size_t STACKS_PER_MAPPING = 1024;
    for (size_t i = from; i < to; i += STACKS_PER_MAPPING) {
        size_t count = std::min(STACKS_PER_MAPPING, to - i);
        void *mapping = mmap(nullptr, count * emu::STACK_BYTES, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (mapping == MAP_FAILED) return false;
        for (size_t j = 0; j < count; j++) fibers[i + j].stack = static_cast<char *>(mapping) + j * emu::STACK_BYTES;
    }
    return true;
}

/** Runs every thread of the blocks in L->blocks until all finish, an error is raised, or nothing can progress. */
static const char *runBlocks(std::vector<emu::Fiber> &fibers, std::vector<emu::FiberContext> &contexts) {
    emu::Launch &L = *emu::L;
    unsigned threads = L.block.x * L.block.y * L.block.z;
    unsigned warpsPerBlock = (threads + 31) / 32;
    size_t n = L.blocks.size() * threads;
    if (fibers.size() < n) {
        size_t old = fibers.size();
        fibers.resize(n);
        contexts.resize(n);
        if (!giveStacks(fibers, old, n)) {
            fibers.resize(old);
            contexts.resize(old);
            return "emulator: no memory for the fiber stacks of this launch";
        }
    }
    L.warpBars.assign(L.blocks.size() * warpsPerBlock, emu::Barrier{});
    L.warpSlots.assign(L.warpBars.size() * 32, 0.0f);
    L.warpMma.assign(L.warpBars.size() * EMU_MMA_SLOTS, 0.0f);
    for (size_t b = 0; b < L.blocks.size(); b++) {
        L.blocks[b].bar = emu::Barrier{(int)threads, 0, 0};
        for (unsigned w = 0; w < warpsPerBlock; w++) {
            L.warpBars[b * warpsPerBlock + w].expected = (int)std::min(32u, threads - w * 32);
        }
    }
    L.gridBar = emu::Barrier{(int)n, 0, 0};
    for (emu::Barrier &c : L.clusterBars) c = emu::Barrier{(int)(L.cluster.x * threads), 0, 0};
    for (size_t i = 0; i < n; i++) {
        emu::Fiber &f = fibers[i];
        unsigned t = (unsigned)(i % threads);
        f.block = (int)(i / threads);
        f.tidx.x = t % L.block.x;
        f.tidx.y = (t / L.block.x) % L.block.y;
        f.tidx.z = t / (L.block.x * L.block.y);
        f.lane = (int)(t % 32);
        f.warp = (int)(f.block * warpsPerBlock + t / 32);
        f.done = false;
        f.clusterToken = 0;
        f.mmaCount = 0;
        f.ctx = &contexts[i];
        ucontext_t &start = contexts[i].start;
        contexts[i].started = false;
        getcontext(&start);
        start.uc_stack.ss_sp = f.stack;
        start.uc_stack.ss_size = emu::STACK_BYTES;
        start.uc_link = nullptr;
        makecontext(&start, fiberMain, 0);
    }
    size_t live = n;
    while (live > 0) {
        long before = emu::progress;
        for (size_t i = 0; i < n; i++) {
            if (fibers[i].done) continue;
            emu::cur = &fibers[i];
            emu::resumeFiber(fibers[i]);
            if (L.error != nullptr) return L.error;
            if (fibers[i].done) live--;
        }
        if (live > 0 && emu::progress == before) return "deadlock: threads wait at barriers nobody else reaches";
    }
    return nullptr;
}

const char *emu_run(const EmuKernel *kernel, EmuDim grid, EmuDim block, size_t sharedBytes, const void *args,
                    bool cooperative, EmuDim cluster) {
    static std::vector<emu::Fiber> fibers;
    static std::vector<emu::FiberContext> contexts;
    emu::Launch launch;
    launch.grid = dim3{grid.x, grid.y, grid.z};
    launch.block = dim3{block.x, block.y, block.z};
    launch.cluster = dim3{cluster.x, cluster.y, cluster.z};
    launch.cooperative = cooperative;
    launch.clustered = cluster.x * cluster.y * cluster.z > 1;
    emu::L = &launch;
    emu::invokeFn = kernel->invoke;
    emu::invokeArgs = args;
    size_t blocks = (size_t)grid.x * grid.y * grid.z;
    auto makeBlock = [&](size_t linear) {
        emu::Block b;
        b.idx.x = (unsigned)(linear % grid.x);
        b.idx.y = (unsigned)((linear / grid.x) % grid.y);
        b.idx.z = (unsigned)(linear / ((size_t)grid.x * grid.y));
        b.smemBytes = sharedBytes;
        if (sharedBytes > 0) {
            b.smem = static_cast<float *>(aligned_alloc(16, (sharedBytes + 15) / 16 * 16));
            memset(b.smem, 0xff, sharedBytes);  // NaN bit patterns: reads before writes show up
        }
        return b;
    };
    const char *err = nullptr;
    if (cooperative || launch.clustered) {
        if (blocks * block.x * block.y * block.z > 200000) return "emulator: too many threads for one concurrent launch";
        for (size_t i = 0; i < blocks; i++) launch.blocks.push_back(makeBlock(i));
        if (launch.clustered) launch.clusterBars.resize(blocks / (cluster.x * cluster.y * cluster.z));
        launch.firstBlockLinear = 0;
        err = runBlocks(fibers, contexts);
    } else {
        for (size_t i = 0; i < blocks && err == nullptr; i++) {
            for (emu::Block &b : launch.blocks) free(b.smem);
            launch.blocks.clear();
            launch.blocks.push_back(makeBlock(i));
            launch.firstBlockLinear = (int)i;
            err = runBlocks(fibers, contexts);
        }
    }
    for (emu::Block &b : launch.blocks) free(b.smem);
    emu::L = nullptr;
    return err;
}

// One recurrence entry point; SUFFIX is the variant's part of the name (s4_k32_e1, s4_k32_r2).
#define EMU_REC_ENTRY(DIR, PATH, SUFFIX, M)                                                                            \
    {"rnnx_rec_" #DIR "_" #PATH "_" #SUFFIX,                                                                         \
     [](const void *a) { rnnx_rec_##DIR##_##PATH##_##SUFFIX(*static_cast<const RecurrenceArgs *>(a)); },            \
     sizeof(RecurrenceArgs), M},
#define EMU_REC_PATHS(SUFFIX, M)                                                                                       \
    EMU_REC_ENTRY(fwd, block, SUFFIX, M) EMU_REC_ENTRY(bwd, block, SUFFIX, M) EMU_REC_ENTRY(fwd, grid, SUFFIX, M)    \
    EMU_REC_ENTRY(bwd, grid, SUFFIX, M) EMU_REC_ENTRY(fwd, cluster, SUFFIX, M) EMU_REC_ENTRY(bwd, cluster, SUFFIX, M)
#define EMU_REC_VARIANT(S, K, E, M) EMU_REC_PATHS(s##S##_k##K##_e##E, M)
#define EMU_RREC_VARIANT(S, K, R, M) EMU_REC_PATHS(s##S##_k##K##_r##R, M)
#define EMU_GEMM_ENTRY(NAME, BM, TM, TA, TB) \
    {#NAME, [](const void *a) { NAME(*static_cast<const GemmArgs *>(a)); }, sizeof(GemmArgs), 256},
#define EMU_GEMM_TF32_ENTRY(NAME, TA, TB, BODY) \
    {#NAME, [](const void *a) { NAME(*static_cast<const GemmArgs *>(a)); }, sizeof(GemmArgs), 256},
#define EMU_RES_ENTRY(PATH, DIR, CELL, S, K, M)                                                                  \
    {"rnnx_gated_res_" #PATH "_" #DIR "_" #CELL "_s" #S "_k" #K,                                                   \
     [](const void *a) {                                                                                            \
         rnnx_gated_res_##PATH##_##DIR##_##CELL##_s##S##_k##K(*static_cast<const GatedStepArgs *>(a));              \
     },                                                                                                             \
     sizeof(GatedStepArgs), M},
#define EMU_RES_PATHS(DIR, S, K, M)                                                                                 \
    EMU_RES_ENTRY(block, DIR, lstm, S, K, M) EMU_RES_ENTRY(block, DIR, gru, S, K, M)                                \
    EMU_RES_ENTRY(cluster, DIR, lstm, S, K, M) EMU_RES_ENTRY(cluster, DIR, gru, S, K, M)
#define EMU_RES_FWD(S, K, M) EMU_RES_PATHS(fwd, S, K, M)
#define EMU_RES_BWD(S, K, M) EMU_RES_PATHS(bwd, S, K, M)
#define EMU_ENTRY(NAME, TYPE, M) {#NAME, [](const void *a) { NAME(*static_cast<const TYPE *>(a)); }, sizeof(TYPE), M},

static const EmuKernel KERNELS[] = {
    RNNX_VARIANTS(EMU_REC_VARIANT)
    RNNX_RVARIANTS(EMU_RREC_VARIANT)
    RNNX_GEMMS(EMU_GEMM_ENTRY)
    RNNX_GEMMS_TF32(EMU_GEMM_TF32_ENTRY)
    EMU_ENTRY(rnnx_step_fwd, RecurrenceArgs, 128)
    EMU_ENTRY(rnnx_step_bwd, RecurrenceArgs, 128)
    EMU_ENTRY(rnnx_mask_mul, MaskArgs, 256)
    EMU_ENTRY(rnnx_gather, GatherArgs, 256)
    EMU_ENTRY(rnnx_bias_grad, ColSumArgs, 256)
    EMU_ENTRY(rnnx_gated_step_fwd, GatedStepArgs, 256)
    EMU_ENTRY(rnnx_gated_step_bwd, GatedStepArgs, 256)
    EMU_ENTRY(rnnx_gated_block_fwd, GatedStepArgs, 512)
    EMU_ENTRY(rnnx_gated_block_bwd, GatedStepArgs, 512)
    EMU_ENTRY(rnnx_gated_cluster_fwd, GatedStepArgs, 512)
    EMU_ENTRY(rnnx_gated_cluster_bwd, GatedStepArgs, 512)
    EMU_ENTRY(rnnx_gated_grid_fwd, GatedStepArgs, 512)
    EMU_ENTRY(rnnx_gated_grid_bwd, GatedStepArgs, 512)
    RNNX_RESIDENT_VARIANTS(EMU_RES_FWD)
    RNNX_RESIDENT_BWD_VARIANTS(EMU_RES_BWD)
    EMU_ENTRY(rnnx_arch_probe, ProbeArgs, 1024)
};

const EmuKernel *emu_find_kernel(const char *name) {
    for (const EmuKernel &k : KERNELS) {
        if (strcmp(k.name, name) == 0) return &k;
    }
    return nullptr;
}
