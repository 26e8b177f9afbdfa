/*
 * Persistent recurrence, forward (h_t = f(proj_t + W_hh h_{t-1})) and backward (g_t = grad_out_t + W_hh^T delta_{t+1},
 * delta_t = g_t * f'(a_t)), one launch per layer for all T steps and both directions.
 *
 * Mapping. Direction d = blockIdx.y. Blocks are grouped: a group of blocks_per_group blocks owns batch rows
 * [group*BG, group*BG + BG) and splits the H hidden units between its blocks, units_per_block each. Inside a block,
 * warp w and lane l own unit u = rank*units_per_block + w*U + l%U (U = 32/S units per warp) and slice l/U of the
 * reduction index j: float4 number (slice + S*q) of a row, q < KPT/4, so the S slices of one warp read disjoint
 * bank groups of the same row. Backward swaps the roles of rows and columns (it multiplies by W_hh^T).
 *
 * What stays on chip. Each thread holds its KPT weights of W_hh (forward: row u, backward: column u) in registers
 * for all T steps. The state (h forward, delta backward) of the group's rows sits in shared memory, padded to
 * HP = S*KPT columns with zeros. The epilogue inputs (input projection; grad_out and h_t backward) are fetched ahead:
 * into registers one step ahead by the general loop, into a shared-memory ring RNNX_AHEAD steps ahead by the
 * single-sequence loop.
 *
 * One step: each thread multiplies its weights with its slice of every state row of the group, the S partial sums
 * of a unit are added with xor shuffles, and the lane whose slice number equals the row number modulo S finishes
 * that row: adds the projection, applies f, stores the outputs and publishes the new state. Then one barrier at
 * the cheapest scope holding every block that needs the new state:
 *   BLOCK   (one block holds all H units):   new state into the other shared buffer, __syncthreads.
 *   CLUSTER (sm_90 thread-block cluster):    new state stored into every cluster block's shared memory
 *                                            (distributed shared memory), one cluster barrier (arrive after the
 *                                            stores, wait after the global writes and prefetches).
 *   GRID    (cooperative launch):            new state to global memory (exch), grid barrier, each block stages
 *                                            the rows it needs into shared memory (chunk_rows at a time).
 * Shared state is double-buffered (BLOCK, CLUSTER) so one barrier per step suffices.
 *
 * One-item variants (EPT = 1) on the BLOCK and CLUSTER paths run one sequence per group in their own loop
 * (rnnx_single_sequence below); on sm_90 their CLUSTER exchange uses st.async and transaction barriers instead of
 * the cluster barrier.
 *
 * Variable lengths: at step s sequence b is active while s < len_b; forward t = s, reverse t = len_b-1-s. An
 * inactive (s, b) writes zeros at t = s (always >= len_b), so every output position is written once per launch
 * and nothing needs clearing. The state of an inactive sequence is carried unchanged, so h_n is its state after
 * its own last step. Backward runs s from T-1 down to 0 and adds grad_hn at each sequence's own last step.
 */
#ifndef RNNX_RECURRENCE_CUH
#define RNNX_RECURRENCE_CUH

#include <cooperative_groups.h>
#include "common.cuh"

namespace cg = cooperative_groups;

enum { RNNX_PATH_BLOCK = 0, RNNX_PATH_CLUSTER = 1, RNNX_PATH_GRID = 2 };

/*
 * Stores v at slot's offset in the shared memory of block `rank` of this cluster. mapa/st.shared::cluster rather
 * than cooperative groups' generic pointer: a generic store goes through the L1TEX path, and the barrier arrive's
 * release then waits longer for it (ncu on an H200 showed membar stalls at about a third of the cluster step).
 */
__device__ __forceinline__ void rnnx_cluster_store(float *slot, int rank, float v) {
#if defined(RNNX_EMULATION)
    *cg::this_cluster().map_shared_rank(slot, rank) = v;
#elif defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    const unsigned local = (unsigned)__cvta_generic_to_shared(slot);
    unsigned remote;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(remote) : "r"(local), "r"(rank));
    asm volatile("st.shared::cluster.f32 [%0], %1;" ::"r"(remote), "f"(v) : "memory");
#endif
}

/*
 * Hopper transaction barriers for the CLUSTER single-sequence loop. Each block owns one mbarrier per state buffer;
 * a producer writes its new value into every block's buffer with st.async, which counts the bytes against that
 * block's mbarrier, and a consumer waits until all H values of the step have arrived. No cluster-wide barrier and
 * no release fence per step: ncu on an H200 showed the barrier arrive's release (membar) as the largest stall of
 * the cluster step. The emulator (RNNX_EMULATION) has no mbarriers; it runs the cluster-barrier exchange instead.
 */
#if !defined(RNNX_EMULATION) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
#define RNNX_TX_EXCHANGE 1
__device__ __forceinline__ void rnnx_mbar_init(unsigned bar) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(bar) : "memory");
}
/* The block's one arrival for the barrier's next phase, expecting `bytes` from st.async stores. */
__device__ __forceinline__ void rnnx_mbar_arm(unsigned bar, unsigned bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(bar), "r"(bytes) : "memory");
}
/* Waits for the phase with this parity; traps after a few seconds rather than hang (a planner or kernel bug). */
__device__ __forceinline__ void rnnx_mbar_wait(unsigned bar, unsigned parity) {
    for (unsigned tries = 0;; tries++) {
        unsigned done;
        asm volatile(
            "{\n\t.reg .pred P;\n\t"
            "mbarrier.try_wait.parity.acquire.cluster.shared::cta.b64 P, [%1], %2;\n\t"
            "selp.u32 %0, 1, 0, P;\n\t}"
            : "=r"(done)
            : "r"(bar), "r"(parity)
            : "memory");
        if (done) return;
        if (tries > (1u << 24)) __trap();
    }
}
/* v into block `rank`'s shared word at local offset `slot`, counted against that block's mbarrier `bar`. */
__device__ __forceinline__ void rnnx_send(unsigned slot, unsigned bar, int rank, float v) {
    unsigned rslot, rbar;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(rslot) : "r"(slot), "r"(rank));
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(rbar) : "r"(bar), "r"(rank));
    asm volatile("st.async.shared::cluster.mbarrier::complete_tx::bytes.b32 [%0], %1, [%2];" ::"r"(rslot),
                 "r"(__float_as_uint(v)), "r"(rbar)
                 : "memory");
}
#endif

/*
 * Adds the partial sums of R rows over the S slices of a unit group (lanes lane % U + U * slice) and leaves lane sl
 * with the whole sum of row sl / (S/R): first log2(R) reduce-scatter rounds, each halving the rows a lane keeps
 * (one shuffle per row kept), then a butterfly over the remaining slice bits. R = 1 is the plain butterfly.
 */
template <int S, int R>
__device__ __forceinline__ float rnnx_reduce_rows(float (&v)[R], int sl) {
    constexpr int U = 32 / S;
#pragma unroll
    for (int half = R / 2, bit = S / 2; half >= 1; half /= 2, bit /= 2) {
        const bool upper = (sl & bit) != 0;
#pragma unroll
        for (int i = 0; i < half; i++) {
            const float send = upper ? v[i] : v[i + half];
            const float keep = upper ? v[i + half] : v[i];
            v[i] = keep + __shfl_xor_sync(RNNX_FULL_MASK, send, bit * U);
        }
    }
    float acc = v[0];
#pragma unroll
    for (int o = U; o < (S / R) * U; o <<= 1) acc += __shfl_xor_sync(RNNX_FULL_MASK, acc, o);
    return acc;
}

/*
 * The epilogue inputs of the single-sequence loop (forward: proj_t; backward: grad_out_t and h_t) travel from global
 * memory into a ring of RNNX_RING slots per writer in shared memory, RNNX_AHEAD steps before they are needed, with
 * cp.async (sm_80 and later): the copy never passes through a register, so no instruction waits for it until the
 * step that reads the slot, after cp.async.wait_group. A prefetch into registers left that to register allocation:
 * where the compiler kept the loaded value and the one in use apart, the copy between them waited for the load
 * (ncu on an H200 counted about 0.9 long-scoreboard stall cycles per instruction on the long shape's step).
 * Each writer reads only the slots it filled itself, so no barrier is involved; every thread commits one group per
 * step (an empty one when it copies nothing), which keeps the wait count the same for all.
 * Turing (sm_75) has no cp.async: a plain load and store there, whose wait for the load the compiler may hide
 * behind the step's dot product (not measured on such a card). The host emulator copies at once.
 */
#define RNNX_RING 8
#define RNNX_AHEAD 4

__device__ __forceinline__ void rnnx_copy_async(float *dst, const float *src) {
#if !defined(RNNX_EMULATION) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4;" ::"r"((unsigned)__cvta_generic_to_shared(dst)), "l"(src)
                 : "memory");
#else
    *dst = *src;
#endif
}

__device__ __forceinline__ void rnnx_copy_commit() {
#if !defined(RNNX_EMULATION) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("cp.async.commit_group;" ::: "memory");
#endif
}

/* Waits until at most `pending` of this thread's newest copy groups are still in flight. */
template <int pending>
__device__ __forceinline__ void rnnx_copy_wait() {
#if !defined(RNNX_EMULATION) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("cp.async.wait_group %0;" ::"n"(pending) : "memory");
#endif
}

/*
 * The loop for one sequence per group (EPT = 1, batch_per_group = 1, BLOCK or CLUSTER), after rnnx_recurrence has
 * loaded the weights and the initial state. Every thread of the group follows the same sequence, so its length is
 * uniform: the steps past it (zeros only) are written first with no barrier, and the recurrent loop runs exactly
 * len steps with no per-step activity tests, walking pointers instead of recomputing 64-bit indices. Eight
 * accumulators instead of four halve the dependent FMA chain of a thread; inputs arrive RNNX_AHEAD steps ahead
 * (the ring above). The writer lane finishes its unit; `local` is that unit's index within the block.
 *
 * Shared state is double-buffered: step i reads buffer i&1 and writes (i+1)&1 in every block of the group. Nobody
 * writes buffer i&1 again before every unit of step i was computed, and a unit is computed only after its warp read
 * the buffer, so one synchronisation per step suffices: __syncthreads (BLOCK), or waiting on the buffer's
 * transaction barrier (CLUSTER; the cluster barrier in the emulator).
 */
template <bool BWD, int MODE, int S, int KPT, int R>
__device__ __forceinline__ void rnnx_single_sequence(const RecurrenceArgs &p, const float4 (&w)[R * (KPT / 4)],
                                                     float *shm, int b, int u, int local, bool writer, int sl) {
    constexpr int Q = KPT / 4;
    constexpr int HP = S * KPT;
    constexpr int NIN = BWD ? 2 : 1;  // inputs per step: proj, or grad_out and h_t
    const int H = p.H, B = p.B, T = p.T, d = blockIdx.y;
    const int len = p.lengths != nullptr ? p.lengths[b] : T;
    const long long rowStride = (long long)B * p.D * H;         // one time step of (T, B, DH)
    const long long col = (long long)b * p.D * H + (long long)d * H + u;
    const size_t stateIdx = ((size_t)d * B + b) * H + u;

    if (writer) {
        for (int t = len; t < T; t++) rnnx_zero_padding<BWD>(p, t * rowStride + col);
    }

    // Forward visits t = 0..len-1 (direction 0) or len-1..0 (direction 1); backward the other way round.
    const bool ascending = (d == 0) != BWD;
    const long long step = ascending ? rowStride : -rowStride;
    long long pos = (ascending ? 0 : (long long)(len - 1) * rowStride) + col;

    // The ring follows the two state buffers in dynamic shared memory (RecurrencePlan adds its bytes).
    float *ring = shm + 2 * HP;
    auto slot = [&](int i, int k) { return ring + ((i & (RNNX_RING - 1)) * NIN + k) * HP + local; };
    const float *in0 = BWD ? p.grad_out : p.proj;  // grad_out may be absent (zeros)
    long long ahead = pos;                         // position of the step whose inputs are fetched next
    // Fetches the inputs of step i (< len) into its slot, and commits a group whatever it fetched.
    auto fetch = [&](int i) {
        if (writer && i < len) {
            if (in0 != nullptr) rnnx_copy_async(slot(i, 0), in0 + ahead);
            if (BWD) rnnx_copy_async(slot(i, NIN - 1), p.out + ahead);
        }
        ahead += step;
        rnnx_copy_commit();
    };
#pragma unroll
    for (int i = 0; i < RNNX_AHEAD; i++) fetch(i);

    // The sum for this lane's row: each float4 of state read from shared memory feeds the R rows of the thread,
    // with four accumulators per row (eight for one row).
    auto dot = [&](int cur) {
        const float4 *row = reinterpret_cast<const float4 *>(shm + (size_t)cur * HP);
        constexpr int A = R == 1 ? 8 : 4;  // accumulators per row
        float a[R][A];
#pragma unroll
        for (int r = 0; r < R; r++) {
#pragma unroll
            for (int i = 0; i < A; i++) a[r][i] = 0.0f;
        }
#pragma unroll
        for (int q = 0; q < Q; q++) {
            const float4 h = row[sl + S * q];
            const int o = A == 8 ? (q & 1) * 4 : 0;
#pragma unroll
            for (int r = 0; r < R; r++) {
                const float4 wq = w[r * Q + q];
                a[r][o] = fmaf(wq.x, h.x, a[r][o]);
                a[r][o + 1] = fmaf(wq.y, h.y, a[r][o + 1]);
                a[r][o + 2] = fmaf(wq.z, h.z, a[r][o + 2]);
                a[r][o + 3] = fmaf(wq.w, h.w, a[r][o + 3]);
            }
        }
        float part[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            part[r] = (a[r][0] + a[r][1]) + (a[r][2] + a[r][3]);
            if constexpr (A == 8) part[r] += (a[r][4] + a[r][5]) + (a[r][6] + a[r][7]);
        }
        return rnnx_reduce_rows<S, R>(part, sl);
    };

    float state = (!BWD && p.h0 != nullptr && writer) ? p.h0[stateIdx] : 0.0f;
#if defined(RNNX_TX_EXCHANGE)
    __shared__ alignas(8) unsigned long long rnnx_tx_bar[2];
    const unsigned bar0 = (unsigned)__cvta_generic_to_shared(&rnnx_tx_bar[0]);
    const unsigned txBytes = (unsigned)H * 4u;  // every unit's value lands in every block
    const unsigned shmBase = (unsigned)__cvta_generic_to_shared(shm);
    unsigned phase0 = 0, phase1 = 0;
    if (MODE == RNNX_PATH_CLUSTER && threadIdx.x == 0) {
        rnnx_mbar_init(bar0);
        rnnx_mbar_init(bar0 + 8);
        asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
        rnnx_mbar_arm(bar0, txBytes);
        rnnx_mbar_arm(bar0 + 8, txBytes);
    }
#endif
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (MODE == RNNX_PATH_CLUSTER) cg::this_cluster().sync();  // shared state and barriers of every block are ready
    else __syncthreads();
#else
    __syncthreads();
#endif

    int cur = 0;
#pragma unroll 2
    for (int i = 0; i < len; i++) {
        const int nxt = cur ^ 1;
#if defined(RNNX_TX_EXCHANGE)
        if (MODE == RNNX_PATH_CLUSTER && i > 0) {
            // Step i-1's values arrived in buffer cur; re-arm its barrier for step i+1's.
            const unsigned bar = bar0 + 8u * cur;
            rnnx_mbar_wait(bar, (cur ? phase1 : phase0) & 1u);
            if (cur) phase1++;
            else phase0++;
            if (threadIdx.x == 0) rnnx_mbar_arm(bar, txBytes);
        }
#endif
        // This step's inputs landed (at most RNNX_AHEAD - 1 newer groups in flight); read them before the dot
        // product so that their shared-memory latency hides behind it.
        rnnx_copy_wait<RNNX_AHEAD - 1>();
        float x0 = 0.0f, x1 = 0.0f;
        if (writer) {
            if (in0 != nullptr) x0 = *slot(i, 0);
            if (BWD) x1 = *slot(i, NIN - 1);
        }
        fetch(i + RNNX_AHEAD);
        const float sum = dot(cur);
        const long long here = pos;
        pos += step;
        float res;  // forward: a_t; backward: g_t
        if (BWD) {
            res = sum + x0;
            if (i == 0 && p.grad_hn != nullptr && writer) res += p.grad_hn[stateIdx];
            state = res * rnnx_act_grad(x1, p.act);
        } else {
            res = sum + x0;
            state = rnnx_act(res, p.act);
        }
        if (writer) {
            float *next = shm + (size_t)nxt * HP + u;
            if (MODE == RNNX_PATH_CLUSTER) {
#if defined(RNNX_TX_EXCHANGE)
                const unsigned localSlot = shmBase + (unsigned)(((size_t)nxt * HP + u) * 4);
                for (int q = 0; q < p.blocks_per_group; q++) rnnx_send(localSlot, bar0 + 8u * nxt, q, state);
#else
                for (int q = 0; q < p.blocks_per_group; q++) rnnx_cluster_store(next, q, state);
#endif
            } else {
                *next = state;
            }
        }
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
        if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
        if (writer) {
            if (BWD) {
                p.grad_h[here] = res;
                p.delta[here] = state;
            } else {
                p.out[here] = state;
                if (p.trace) p.proj[here] = res;
            }
        }
        if (MODE == RNNX_PATH_BLOCK) {
            __syncthreads();
        } else {
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
            __cluster_barrier_wait();
#endif
        }
        cur = nxt;
    }
    rnnx_copy_wait<0>();  // no copy may land in shared memory after the block has gone

#if defined(RNNX_TX_EXCHANGE)
    // The last step's values: needed for dL/dh0, and no block may exit while others still write into it.
    if (MODE == RNNX_PATH_CLUSTER) rnnx_mbar_wait(bar0 + 8u * cur, (cur ? phase1 : phase0) & 1u);
#endif
    if (BWD) {
        const float sum = dot(cur);  // dL/dh0 = W_hh^T delta of the sequence's first step
        if (writer) p.grad_h0[stateIdx] = sum;
    } else if (writer) {
        p.hn[stateIdx] = state;
    }
}

template <bool BWD, int MODE, int S, int KPT, int EPT, int R = 1>
__device__ __forceinline__ void rnnx_recurrence(const RecurrenceArgs &p) {
    static_assert(R == 1 || (EPT == 1 && R <= S), "several rows per thread only in the single-sequence loop");
    constexpr int U = 32 / S;
    constexpr int Q = KPT / 4;
    constexpr int HP = S * KPT;
    float *shm = rnnx_dynamic_shared();

    const int H = p.H, B = p.B, T = p.T, D = p.D;
    const size_t DH = (size_t)D * H;
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int sl = lane / U;
    const int ul = lane - sl * U;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    const int rank = MODE == RNNX_PATH_CLUSTER ? (int)cg::this_cluster().block_rank()
                                                : (int)(blockIdx.x % p.blocks_per_group);
#else
    const int rank = (int)(blockIdx.x % p.blocks_per_group);
#endif
    const int group = blockIdx.x / p.blocks_per_group;
    const int d = blockIdx.y;
    // The thread's units are ulocal .. ulocal + R - 1 of its block (one unit when R = 1).
    const int ulocal = (warp * U + ul) * R;
    const int u = rank * p.units_per_block + ulocal;
    const bool uvalid = ulocal < p.units_per_block && u < H;
    const int BG = p.batch_per_group;
    const int b0 = group * BG;
    const int nb = min(BG, B - b0);
    const int CH = p.chunk_rows;
    const int stateRows = MODE == RNNX_PATH_GRID ? CH : 2 * BG;

    // Weights of this thread: forward W[u][j], backward W[j][u], for each of its R units u and j in its slice; zero
    // outside [0, H). w[r * Q + q] holds float4 number sl + S*q of unit u + r's row (column, backward).
    float4 w[R * Q];
    {
        const float *W = p.w_hh + (size_t)d * H * H;
#pragma unroll
        for (int r = 0; r < R; r++) {
            const int ur = u + r;
            const bool valid = ulocal + r < p.units_per_block && ur < H;
#pragma unroll
            for (int q = 0; q < Q; q++) {
                const int j = 4 * (sl + S * q);
                float v[4];
#pragma unroll
                for (int c = 0; c < 4; c++) {
                    const int jj = j + c;
                    v[c] = (valid && jj < H) ? (BWD ? W[(size_t)jj * H + ur] : W[(size_t)ur * H + jj]) : 0.0f;
                }
                w[r * Q + q] = make_float4(v[0], v[1], v[2], v[3]);
            }
        }
    }

    // Zero the shared state (padding columns stay zero for the whole launch), then load the initial state.
    for (int i = threadIdx.x; i < stateRows * HP; i += blockDim.x) shm[i] = 0.0f;
    __syncthreads();
    if (MODE != RNNX_PATH_GRID && !BWD && p.h0 != nullptr) {
        for (int r = 0; r < nb; r++) {
            for (int j = threadIdx.x; j < H; j += blockDim.x) {
                shm[(size_t)r * HP + j] = p.h0[((size_t)d * B + b0 + r) * H + j];
            }
        }
    }

    // Per-item registers: item e is row r = e*S + sl of the group, unit u.
    float st[EPT];   // forward: h of the item; backward: delta of the item
    float pf0[EPT];  // prefetched: forward proj, backward grad_out
    float pf1[EPT];  // prefetched (backward): h_t for f'
    int len[EPT];
    bool item[EPT];
#pragma unroll
    for (int e = 0; e < EPT; e++) {
        const int r = e * S + sl;
        item[e] = uvalid && r < nb;
        const int b = b0 + r;
        len[e] = item[e] ? (p.lengths != nullptr ? p.lengths[b] : T) : 0;
        st[e] = (item[e] && !BWD && p.h0 != nullptr) ? p.h0[((size_t)d * B + b) * H + u] : 0.0f;
        pf0[e] = 0.0f;
        pf1[e] = 0.0f;
    }

    // Loads the epilogue inputs of iteration it (forward step s = it, backward step s = T-1-it).
    auto prefetch = [&](int it) {
#pragma unroll
        for (int e = 0; e < EPT; e++) {
            const int s = BWD ? T - 1 - it : it;
            if (item[e] && it < T && s < len[e]) {
                const int b = b0 + e * S + sl;
                const size_t idx = ((size_t)rnnx_time(d, s, len[e]) * B + b) * DH + (size_t)d * H + u;
                if (BWD) {
                    pf0[e] = p.grad_out != nullptr ? p.grad_out[idx] : 0.0f;
                    pf1[e] = p.out[idx];
                } else {
                    pf0[e] = p.proj[idx];
                }
            }
        }
    };

    // GRID: copies state rows [r0, r0 + rows) of iteration it into shared memory.
    auto stage = [&](int it, int cur, int r0) {
        const int rows = min(CH, nb - r0);
        const bool fromH0 = it == 0;
        if (fromH0 && (BWD || p.h0 == nullptr)) {
            for (int i = threadIdx.x; i < rows * HP; i += blockDim.x) shm[i] = 0.0f;
            return;
        }
        for (int rr = 0; rr < rows; rr++) {
            const size_t row = (size_t)d * B + b0 + r0 + rr;
            const float *src = fromH0 ? p.h0 + row * H : p.exch + ((size_t)cur * D * B + row) * H;
            float *dst = shm + (size_t)rr * HP;
            if ((H & 3) == 0) {
                const float4 *src4 = reinterpret_cast<const float4 *>(src);
                float4 *dst4 = reinterpret_cast<float4 *>(dst);
                for (int j = threadIdx.x; j < (H >> 2); j += blockDim.x) dst4[j] = __ldcg(src4 + j);
            } else {
                for (int j = threadIdx.x; j < H; j += blockDim.x) dst[j] = __ldcg(src + j);
            }
        }
    };

    // sum[e] = sum_j W(u, j) * state(row e*S + sl, j), reduced over the S slices of the warp.
    auto dot = [&](int it, int cur, float (&sum)[EPT]) {
#pragma unroll
        for (int e = 0; e < EPT; e++) {
            sum[e] = 0.0f;
            if (e * S >= nb) continue;  // uniform over the block
            int rowBase = MODE == RNNX_PATH_GRID ? 0 : cur * BG;
            if (MODE == RNNX_PATH_GRID) {
                const int r0 = (e * S / CH) * CH;
                rowBase = -r0;
                if (e * S == r0) {
                    __syncthreads();
                    stage(it, cur, r0);
                    __syncthreads();
                }
            }
            float mine = 0.0f;
#pragma unroll 2
            for (int sp = 0; sp < S; sp++) {
                const int r = e * S + sp;
                if (r >= nb) break;  // uniform over the block
                const float4 *row = reinterpret_cast<const float4 *>(shm + (size_t)(rowBase + r) * HP);
                float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
#pragma unroll
                for (int q = 0; q < Q; q++) {
                    const float4 h = row[sl + S * q];
                    a0 = fmaf(w[q].x, h.x, a0);
                    a1 = fmaf(w[q].y, h.y, a1);
                    a2 = fmaf(w[q].z, h.z, a2);
                    a3 = fmaf(w[q].w, h.w, a3);
                }
                float acc = (a0 + a1) + (a2 + a3);
#pragma unroll
                for (int o = U; o < 32; o <<= 1) acc += __shfl_xor_sync(RNNX_FULL_MASK, acc, o);
                if (sl == sp) mine = acc;
            }
            sum[e] = mine;
        }
    };

    // One-item variants on the BLOCK and CLUSTER paths always get one sequence per group (RecurrencePlan), and
    // compile only the single-sequence loop: the general loop's registers would make them spill.
    if constexpr (EPT == 1 && MODE != RNNX_PATH_GRID) {
        // Lane sl finishes row sl / (S/R) of its R (rnnx_reduce_rows); the lowest slice of each such lane set writes.
        constexpr int LANES_PER_ROW = S / R;
        const int row = sl / LANES_PER_ROW;
        const bool writer = sl % LANES_PER_ROW == 0 && ulocal + row < p.units_per_block && u + row < H;
        rnnx_single_sequence<BWD, MODE, S, KPT, R>(p, w, shm, b0, u + row, ulocal + row, writer, sl);
    } else if constexpr (R > 1) {
        // Not compiled for a path that never runs it (RecurrencePlan plans no grid for several rows per thread).
    } else {
        prefetch(0);
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
        if (MODE == RNNX_PATH_CLUSTER) cg::this_cluster().sync();  // every block's shared state is initialised
        else __syncthreads();
#else
        __syncthreads();
#endif

        int cur = 0;
        for (int it = 0; it < T; ++it) {
            const int nxt = cur ^ 1;
            const int s = BWD ? T - 1 - it : it;
            float sum[EPT];
            dot(it, cur, sum);

            float in0[EPT], in1[EPT];
#pragma unroll
            for (int e = 0; e < EPT; e++) {
                in0[e] = pf0[e];
                in1[e] = pf1[e];
            }
            // CLUSTER issues the next step's loads after its barrier arrive: the arrive has release semantics, and a
            // release waits for the thread's outstanding memory operations, loads in flight included.
            if (MODE != RNNX_PATH_CLUSTER) prefetch(it + 1);

            // New state of each item, published to every block that reads it.
            float res[EPT];  // forward: a_t; backward: g_t
#pragma unroll
            for (int e = 0; e < EPT; e++) {
                res[e] = 0.0f;
                if (!item[e]) continue;
                const int r = e * S + sl;
                if (s < len[e]) {
                    if (BWD) {
                        float g = sum[e] + in0[e];
                        if (s == len[e] - 1 && p.grad_hn != nullptr) g += p.grad_hn[((size_t)d * B + b0 + r) * H + u];
                        res[e] = g;
                        st[e] = g * rnnx_act_grad(in1[e], p.act);
                    } else {
                        res[e] = sum[e] + in0[e];
                        st[e] = rnnx_act(res[e], p.act);
                    }
                }
                if (MODE == RNNX_PATH_BLOCK) {
                    shm[(size_t)(nxt * BG + r) * HP + u] = st[e];
                } else if (MODE == RNNX_PATH_CLUSTER) {
                    float *slot = shm + (size_t)(nxt * BG + r) * HP + u;
                    for (int q = 0; q < p.blocks_per_group; q++) rnnx_cluster_store(slot, q, st[e]);
                } else {
                    p.exch[(((size_t)nxt * D + d) * B + b0 + r) * H + u] = st[e];
                }
            }
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
            if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
            if (MODE == RNNX_PATH_CLUSTER) prefetch(it + 1);

            // Outputs of this step; zeros at t = s for sequences already past their length.
#pragma unroll
            for (int e = 0; e < EPT; e++) {
                if (!item[e]) continue;
                const int b = b0 + e * S + sl;
                const bool active = s < len[e];
                const size_t idx = ((size_t)(active ? rnnx_time(d, s, len[e]) : s) * B + b) * DH + (size_t)d * H + u;
                if (BWD) {
                    p.grad_h[idx] = active ? res[e] : 0.0f;
                    p.delta[idx] = active ? st[e] : 0.0f;
                } else {
                    p.out[idx] = active ? st[e] : 0.0f;
                    if (p.trace) p.proj[idx] = active ? res[e] : 0.0f;
                }
            }

            if (MODE == RNNX_PATH_BLOCK) {
                __syncthreads();
            } else if (MODE == RNNX_PATH_CLUSTER) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
                __cluster_barrier_wait();
#endif
            } else {
                cg::this_grid().sync();
            }
            cur = nxt;
        }

        if (BWD) {
            // dL/dh0 = W_hh^T delta of each sequence's first step.
            float sum[EPT];
            dot(T, cur, sum);
#pragma unroll
            for (int e = 0; e < EPT; e++) {
                if (item[e]) p.grad_h0[((size_t)d * B + b0 + e * S + sl) * H + u] = sum[e];
            }
        } else {
#pragma unroll
            for (int e = 0; e < EPT; e++) {
                if (item[e]) p.hn[((size_t)d * B + b0 + e * S + sl) * H + u] = st[e];
            }
        }
    }
}

#endif
