/*
 * The one translation unit of the CUDA backend: every kernel the host (org.rnnexplorer.engine.backend.cuda) launches,
 * as extern "C" entry points with stable names, each taking one argument struct from kernel_args.h by value.
 * build.sh compiles this file into rnnx_kernels.fatbin (machine code for sm_75..sm_90, PTX for compute_75).
 *
 * Recurrence variants: S slices per unit, KPT weights per thread (so H <= S*KPT), EPT epilogue items per thread
 * (so a batch group holds at most EPT*S sequences), and the most threads per block the register budget allows.
 * The host (RecurrencePlan) picks the smallest variant whose S*KPT covers H and the cheapest barrier scope.
 */
#include "kernel_args.h"
#include "common.cuh"
#include "recurrence.cuh"
#include "step.cuh"
#include "gemm.cuh"
#include "elementwise.cuh"
#include "gated.cuh"
#include "gated_persist.cuh"
#include "gated_resident.cuh"

#define RNNX_REC(NAME, BWD, MODE, S, KPT, EPT, MAXT)                                     \
    extern "C" __global__ void __launch_bounds__(MAXT) NAME(const RecurrenceArgs args) { \
        rnnx_recurrence<BWD, MODE, S, KPT, EPT, 1>(args);                               \
    }
/* Several rows per thread: one block per multiprocessor, so ptxas may use every register the thread limit leaves
 * (left to itself it held s8_k16_r2 at 64 registers and spilled). */
#define RNNX_REC_R(NAME, BWD, MODE, S, KPT, EPT, R, MAXT)                                   \
    extern "C" __global__ void __launch_bounds__(MAXT, 1) NAME(const RecurrenceArgs args) { \
        rnnx_recurrence<BWD, MODE, S, KPT, EPT, R>(args);                                  \
    }

#define RNNX_REC_VARIANT(S, KPT, EPT, MAXT)                                                                      \
    RNNX_REC(rnnx_rec_fwd_block_s##S##_k##KPT##_e##EPT, false, RNNX_PATH_BLOCK, S, KPT, EPT, MAXT)               \
    RNNX_REC(rnnx_rec_bwd_block_s##S##_k##KPT##_e##EPT, true, RNNX_PATH_BLOCK, S, KPT, EPT, MAXT)                \
    RNNX_REC(rnnx_rec_fwd_grid_s##S##_k##KPT##_e##EPT, false, RNNX_PATH_GRID, S, KPT, EPT, MAXT)                 \
    RNNX_REC(rnnx_rec_bwd_grid_s##S##_k##KPT##_e##EPT, true, RNNX_PATH_GRID, S, KPT, EPT, MAXT)                  \
    RNNX_REC_CLUSTER(rnnx_rec_fwd_cluster_s##S##_k##KPT##_e##EPT, false, S, KPT, EPT, MAXT)                       \
    RNNX_REC_CLUSTER(rnnx_rec_bwd_cluster_s##S##_k##KPT##_e##EPT, true, S, KPT, EPT, MAXT)

/* Cluster kernels exist only where distributed shared memory does (sm_90 and later); elsewhere an empty body that
 * the host never launches (it asks rnnx_probe which architecture the loaded code was built for). */
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 900
#define RNNX_REC_CLUSTER(NAME, BWD, S, KPT, EPT, MAXT) \
    extern "C" __global__ void __launch_bounds__(MAXT) NAME(const RecurrenceArgs args) {}
#define RNNX_REC_CLUSTER_R(NAME, BWD, S, KPT, R, MAXT) \
    extern "C" __global__ void __launch_bounds__(MAXT) NAME(const RecurrenceArgs args) {}
#else
#define RNNX_REC_CLUSTER(NAME, BWD, S, KPT, EPT, MAXT) RNNX_REC(NAME, BWD, RNNX_PATH_CLUSTER, S, KPT, EPT, MAXT)
#define RNNX_REC_CLUSTER_R(NAME, BWD, S, KPT, R, MAXT) \
    RNNX_REC_R(NAME, BWD, RNNX_PATH_CLUSTER, S, KPT, 1, R, MAXT)
#endif

/*
 * Several rows per thread (R > 1, one sequence per group): each float4 of state a thread reads from shared memory
 * feeds R rows, so a step reads H*H/(128*R) float4 per multiprocessor instead of H*H/128 (the shared-memory pipe
 * was the long step's main stall on an H200). Block and cluster paths only; the grid entry points are empty and
 * never launched.
 */
#define RNNX_RVARIANT(S, KPT, R, MAXT)                                                                             \
    RNNX_REC_R(rnnx_rec_fwd_block_s##S##_k##KPT##_r##R, false, RNNX_PATH_BLOCK, S, KPT, 1, R, MAXT)                 \
    RNNX_REC_R(rnnx_rec_bwd_block_s##S##_k##KPT##_r##R, true, RNNX_PATH_BLOCK, S, KPT, 1, R, MAXT)                  \
    RNNX_REC_R(rnnx_rec_fwd_grid_s##S##_k##KPT##_r##R, false, RNNX_PATH_GRID, S, KPT, 1, R, MAXT)                   \
    RNNX_REC_R(rnnx_rec_bwd_grid_s##S##_k##KPT##_r##R, true, RNNX_PATH_GRID, S, KPT, 1, R, MAXT)                    \
    RNNX_REC_CLUSTER_R(rnnx_rec_fwd_cluster_s##S##_k##KPT##_r##R, false, S, KPT, R, MAXT)                          \
    RNNX_REC_CLUSTER_R(rnnx_rec_bwd_cluster_s##S##_k##KPT##_r##R, true, S, KPT, R, MAXT)

/* (S, KPT, R, MAXT) of the several-rows variants; RecurrencePlan.VARIANTS lists them too (EPT = 1). As
 * measured on an H200, s4_k32_r4 is the fastest on the long shape (H = 128, B = 1), s4_k64_r2 on mid. s4_k8_r4 and
 * s4_k16_r4 hold H <= 32 and H <= 64 in one and two warps, for single sequences such as the tiny shape. */
#define RNNX_RVARIANTS(X) X(4, 32, 2, 256) X(4, 32, 4, 128) X(8, 16, 2, 512) X(4, 64, 2, 256) X(8, 16, 4, 256) X(8, 16, 8, 128) \
    X(4, 8, 4, 128) X(4, 16, 4, 128)

RNNX_RVARIANTS(RNNX_RVARIANT)

/*
 * (S, KPT, EPT, MAXT) of every variant, by padded hidden size S*KPT, smallest first; RecurrencePlan.VARIANTS must
 * list the same (a unit test reads this line). Within one size the first is the planner's default and the rest are
 * candidates the host's autotuning times on the real buffers (RecurrencePlan.candidates). One block holds H <= 32
 * with 128 threads, H <= 64 with 256, H <= 128 with 512; larger H spreads over clusters or a grid.
 *
 * Why these. The step is latency-bound: one warp per scheduler stalls on each dependent instruction, so the
 * instructions on a step's critical path count more than the multiply-adds. S = 4 halves the shuffles and the
 * shared-memory bytes per FMA of S = 8 (each float4 of state feeds 32/S units); S = 8 keeps per-thread chains
 * short where H is large; KPT = 128 with 256-thread blocks (about 240 registers each) keeps H <= 1024 at one byte
 * of shared memory per FMA. EPT = 1 (one sequence per S lanes) drops the item loops: ncu on an H200 counted ~250
 * instructions per warp per step for (4, 32, 4) on the long shape. (1, 128, 1) gives each of 128 threads a whole
 * row of W_hh (no shuffle; long: 0.92 -> 0.49 us per step); (2, 64, 1) and (4, 32, 1) split the row over 2 and 4
 * lanes for more warps per scheduler; for H <= 256, (8, 32, 1), (4, 64, 1) and (2, 128, 1) trade cluster size
 * (8, 4 or 2 blocks per sequence) against multiply-adds per block.
 */
#define RNNX_VARIANTS(X) X(4, 8, 4, 256) X(4, 16, 4, 512) X(1, 128, 1, 128) X(2, 64, 1, 256) X(4, 32, 1, 512) X(4, 32, 4, 512) X(8, 32, 4, 512) X(8, 32, 1, 512) X(4, 64, 1, 512) X(2, 128, 1, 256) X(8, 64, 2, 512) X(8, 128, 4, 256)

RNNX_VARIANTS(RNNX_REC_VARIANT)

extern "C" __global__ void __launch_bounds__(128) rnnx_step_fwd(const RecurrenceArgs args) { rnnx_step<false>(args); }
extern "C" __global__ void __launch_bounds__(128) rnnx_step_bwd(const RecurrenceArgs args) { rnnx_step<true>(args); }

#define RNNX_GEMM(NAME, BM, TM, TA, TB)                                                  \
    extern "C" __global__ void __launch_bounds__(256) NAME(const GemmArgs args) {        \
        rnnx_gemm<BM, BM, 8, TM, TM, TA, TB>(args);                                      \
    }

/* nt: C = A B^T (input projection); tn: C = A^T B (weight gradients); nn: C = A B (input gradient). */
#define RNNX_GEMMS(X)                                                                                     \
    X(rnnx_gemm_nt_128, 128, 8, false, true) X(rnnx_gemm_tn_128, 128, 8, true, false)                     \
    X(rnnx_gemm_nn_128, 128, 8, false, false) X(rnnx_gemm_nt_64, 64, 4, false, true)                      \
    X(rnnx_gemm_tn_64, 64, 4, true, false) X(rnnx_gemm_nn_64, 64, 4, false, false)

RNNX_GEMMS(RNNX_GEMM)

/* The same products on the tensor cores, 3xTF32 (gemm.cuh), blocks of 256 threads, in four families
 * (DeviceProducts.TensorCoreFamily): tf32_* is rnnx_gemm_tf32x3; tf32s_* and tf32s16_* are
 * rnnx_gemm_tf32x3_split_once with CHUNK 8 and 16 (dynamic shared memory, RNNX_TF32S_SHARED bytes), all three on
 * 128 x 128 tiles; tf32s64_* is rnnx_gemm_tf32x3_split_once with CHUNK 8 on 128 (M) x 64 (N) tiles (BN 64,
 * RNNX_TF32S64_SHARED bytes), which ptxas fits in 128 registers so that two blocks share a multiprocessor
 * (__launch_bounds__(256, 2) would force that, but it made the tn and nn kernels spill 16-44 bytes on sm_80 and sm_90;
 * giving the other families a minimum of 1 block changed their code, so none has one). mma.sync with
 * TF32 needs sm_80: for sm_75 the entry points trap and the host never launches them (DeviceProducts asks for
 * codeArch >= 800). The CPU emulator runs them with its model of the two tensor-core instructions (emu_runtime.h). */
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
#define RNNX_GEMM_TF32(NAME, TA, TB, BODY) \
    extern "C" __global__ void __launch_bounds__(256) NAME(const GemmArgs args) { __trap(); }
#else
#define RNNX_GEMM_TF32(NAME, TA, TB, BODY) \
    extern "C" __global__ void __launch_bounds__(256) NAME(const GemmArgs args) { BODY; }
#endif
#define RNNX_GEMMS_TF32(X)                                                                                 \
    X(rnnx_gemm_tf32_nt, false, true, (rnnx_gemm_tf32x3<false, true>(args)))                               \
    X(rnnx_gemm_tf32_tn, true, false, (rnnx_gemm_tf32x3<true, false>(args)))                               \
    X(rnnx_gemm_tf32_nn, false, false, (rnnx_gemm_tf32x3<false, false>(args)))                             \
    X(rnnx_gemm_tf32s_nt, false, true, (rnnx_gemm_tf32x3_split_once<false, true, 8>(args)))                \
    X(rnnx_gemm_tf32s_tn, true, false, (rnnx_gemm_tf32x3_split_once<true, false, 8>(args)))                \
    X(rnnx_gemm_tf32s_nn, false, false, (rnnx_gemm_tf32x3_split_once<false, false, 8>(args)))              \
    X(rnnx_gemm_tf32s16_nt, false, true, (rnnx_gemm_tf32x3_split_once<false, true, 16>(args)))             \
    X(rnnx_gemm_tf32s16_tn, true, false, (rnnx_gemm_tf32x3_split_once<true, false, 16>(args)))             \
    X(rnnx_gemm_tf32s16_nn, false, false, (rnnx_gemm_tf32x3_split_once<false, false, 16>(args)))           \
    X(rnnx_gemm_tf32s64_nt, false, true, (rnnx_gemm_tf32x3_split_once<false, true, 8, 64>(args)))          \
    X(rnnx_gemm_tf32s64_tn, true, false, (rnnx_gemm_tf32x3_split_once<true, false, 8, 64>(args)))          \
    X(rnnx_gemm_tf32s64_nn, false, false, (rnnx_gemm_tf32x3_split_once<false, false, 8, 64>(args)))
RNNX_GEMMS_TF32(RNNX_GEMM_TF32)

extern "C" __global__ void __launch_bounds__(256) rnnx_mask_mul(const MaskArgs args) { rnnx_mask(args); }
extern "C" __global__ void __launch_bounds__(256) rnnx_gather(const GatherArgs args) { rnnx_gather_prev(args); }
extern "C" __global__ void __launch_bounds__(256) rnnx_bias_grad(const ColSumArgs args) { rnnx_colsum(args); }
/* LSTM and GRU, one launch per step (gated.cuh): with a projection, and wherever no persistent plan fits. */
extern "C" __global__ void __launch_bounds__(256) rnnx_gated_step_fwd(const GatedStepArgs args) { rnnx_gated_fwd(args); }
extern "C" __global__ void __launch_bounds__(256) rnnx_gated_step_bwd(const GatedStepArgs args) { rnnx_gated_bwd(args); }

/* LSTM without projection and GRU, one launch per layer (gated_persist.cuh); GatedPlan.MAX_THREADS threads at most.
 * The cluster kernels have an empty body below sm_90, as the recurrence's (never launched there). */
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_block_fwd(const GatedStepArgs args) {
    rnnx_gated_persist_fwd<RNNX_PATH_BLOCK>(args);
}
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_block_bwd(const GatedStepArgs args) {
    rnnx_gated_persist_bwd<RNNX_PATH_BLOCK>(args);
}
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_grid_fwd(const GatedStepArgs args) {
    rnnx_gated_persist_fwd<RNNX_PATH_GRID>(args);
}
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_grid_bwd(const GatedStepArgs args) {
    rnnx_gated_persist_bwd<RNNX_PATH_GRID>(args);
}
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 900
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_cluster_fwd(const GatedStepArgs args) {}
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_cluster_bwd(const GatedStepArgs args) {}
#else
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_cluster_fwd(const GatedStepArgs args) {
    rnnx_gated_persist_fwd<RNNX_PATH_CLUSTER>(args);
}
extern "C" __global__ void __launch_bounds__(512) rnnx_gated_cluster_bwd(const GatedStepArgs args) {
    rnnx_gated_persist_bwd<RNNX_PATH_CLUSTER>(args);
}
#endif
/* LSTM and GRU with W_hh in registers, one sequence per group (gated_resident.cuh). Forward: (S, KPT, MAXT) of each
 * variant, H <= S*KPT, a thread holding the G*KPT weights of its unit's gate rows (LSTM 4, GRU 3): (4, 8) and (4, 16)
 * hold the tiny shape's H = 32 and H = 64 in one block; (4, 32) and (8, 16) split H = 128 (long) over a cluster of 2
 * or 4 blocks; (8, 32) H = 256 over 8. Backward: G*H <= S*KPT, a thread holding KPT weights of its unit's column:
 * (4, 32) LSTM H <= 32, (8, 32) H <= 64, (8, 64) and (16, 32) H <= 128, (16, 64) H <= 256 (GRU a third more).
 * GatedPlan.RESIDENT_VARIANTS lists the same (a unit test reads these lines). One block per multiprocessor of at most
 * MAXT threads lets ptxas use the registers it needs. */
#define RNNX_RESIDENT_VARIANTS(X) X(4, 8, 512) X(4, 16, 256) X(4, 32, 256) X(8, 16, 512) X(8, 32, 256)
#define RNNX_RESIDENT_BWD_VARIANTS(X) X(4, 32, 512) X(8, 32, 512) X(8, 64, 512) X(16, 32, 512) X(16, 64, 512)
#define RNNX_RES(NAME, BWD, MODE, G, S, KPT, MAXT)                                             \
    extern "C" __global__ void __launch_bounds__(MAXT, 1) NAME(const GatedStepArgs args) {    \
        rnnx_gated_resident<BWD, MODE, G, S, KPT>(args);                                      \
    }
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 900
#define RNNX_RES_CLUSTER(NAME, BWD, G, S, KPT, MAXT) \
    extern "C" __global__ void __launch_bounds__(MAXT, 1) NAME(const GatedStepArgs args) {}
#else
#define RNNX_RES_CLUSTER(NAME, BWD, G, S, KPT, MAXT) RNNX_RES(NAME, BWD, RNNX_PATH_CLUSTER, G, S, KPT, MAXT)
#endif
#define RNNX_RESIDENT_DIR(DIR, BWD, S, KPT, MAXT)                                                             \
    RNNX_RES(rnnx_gated_res_block_##DIR##_lstm_s##S##_k##KPT, BWD, RNNX_PATH_BLOCK, 4, S, KPT, MAXT)          \
    RNNX_RES(rnnx_gated_res_block_##DIR##_gru_s##S##_k##KPT, BWD, RNNX_PATH_BLOCK, 3, S, KPT, MAXT)           \
    RNNX_RES_CLUSTER(rnnx_gated_res_cluster_##DIR##_lstm_s##S##_k##KPT, BWD, 4, S, KPT, MAXT)                 \
    RNNX_RES_CLUSTER(rnnx_gated_res_cluster_##DIR##_gru_s##S##_k##KPT, BWD, 3, S, KPT, MAXT)
#define RNNX_RESIDENT_FWD(S, KPT, MAXT) RNNX_RESIDENT_DIR(fwd, false, S, KPT, MAXT)
#define RNNX_RESIDENT_BWD(S, KPT, MAXT) RNNX_RESIDENT_DIR(bwd, true, S, KPT, MAXT)
RNNX_RESIDENT_VARIANTS(RNNX_RESIDENT_FWD)
RNNX_RESIDENT_BWD_VARIANTS(RNNX_RESIDENT_BWD)

extern "C" __global__ void rnnx_arch_probe(const ProbeArgs args) { rnnx_probe(args); }
