/*
 * Persistent LSTM (without projection) and GRU forward with W_hh in REGISTERS, one sequence per group of blocks
 * (BLOCK or CLUSTER path): the RNN's single-sequence loop (rnnx_single_sequence in recurrence.cuh) carried over to
 * gated cells. Forward only; backward runs gated_persist.cuh's kernels.
 *
 * Why. gated_persist.cuh keeps W_hh's gate rows in shared memory, so every multiply-add reads a weight and a state
 * value from shared memory: two wavefronts per warp instruction. On the long shape's LSTM (H = 128: 4H x H = 64K
 * multiply-adds a step) that is about 4K shared-memory cycles a step spread over the blocks of the group, a
 * microsecond or more before any barrier, against cuDNN's 1.9 us a step in total. Here each thread holds its
 * weights for all T steps and reads one float4 of state from shared memory per 4G multiply-adds.
 *
 * Mapping. Block `rank` of the group owns units [rank*UPB, rank*UPB + UPB); thread (ul, sl) = (tid / S, tid % S)
 * owns the G gate rows of unit u = rank*UPB + ul (LSTM i, f, g, o; GRU r, z, n: rows g*H + u of W_hh) and slice sl
 * of each: float4 number sl + S*q of the row, q < KPT/4 (so H <= S*KPT). The S lanes of a unit are adjacent in
 * their warp: each float4 of state a warp reads is S distinct addresses (no bank conflict, the rest broadcast), and
 * a xor butterfly over offsets 1 .. S/2 leaves every lane with the G whole sums. Lane 0 of the unit (the writer)
 * then applies the cell, exactly the equations of rnnx_gated_fwd (accurate expf/tanhf; only the dot products are
 * summed in another order), writes out, gates, cell (LSTM c_t; GRU W_hn h + b_hn) and hprev for backward, and
 * publishes h_t into the next state buffer of every block of the group.
 *
 * Step inputs. The writer's G input-projection values of a step (gi = x W_ih^T + b_ih) travel into a ring in
 * shared memory with cp.async RNNX_AHEAD steps before they are needed, as in the RNN loop (see rnnx_copy_async).
 *
 * Exchange and barriers as in the RNN's single-sequence loop: BLOCK double-buffers the state with one __syncthreads
 * a step; CLUSTER (sm_90) stores each new value into every block of the cluster with st.async against that block's
 * transaction barrier (the cluster barrier in the emulator).
 *
 * Variable lengths: the group's one sequence has one length, so the steps past it (zeros at t >= len) are written
 * first and the loop runs exactly len steps; h_n and c_n are the state after the sequence's own last step.
 *
 * Dynamic shared memory (GatedPlan.residentSharedBytes): the state (2, HP) and the ring (RNNX_RING, G, UPB).
 */
#ifndef RNNX_GATED_RESIDENT_CUH
#define RNNX_GATED_RESIDENT_CUH

#include "gated_persist.cuh"

template <int MODE, int G, int S, int KPT>
__device__ __forceinline__ void rnnx_gated_resident_fwd(const GatedStepArgs &p) {
    static_assert(G == 3 || G == 4, "LSTM (4 gates) or GRU (3)");
    static_assert(S >= 1 && S <= 32 && (S & (S - 1)) == 0 && KPT % 4 == 0, "S a power of two, KPT whole float4s");
    constexpr int Q = KPT / 4;
    constexpr int HP = S * KPT;
    const int H = p.H, D = p.D, B = p.B, T = p.T, d = blockIdx.y, GH = G * H;
    const int UPB = p.units_per_block;
    const int rank = rnnx_gp_rank<MODE>(p);
    const int b = blockIdx.x / p.blocks_per_group;  // the group's one sequence
    const int ul = threadIdx.x / S, sl = threadIdx.x % S;
    const int u = rank * UPB + ul;
    const bool uvalid = ul < UPB && u < H;
    const bool writer = uvalid && sl == 0;
    float *shm = rnnx_dynamic_shared();  // (2, HP) state, then the ring

    // This thread's weights: w[g * Q + q] = W_hh[g*H + u][4*(sl + S*q) .. +3], zero outside H (and for idle threads).
    float4 w[G * Q];
    float bias[G];
    {
        const float *whh = p.w_hh + (size_t)d * GH * H;
#pragma unroll
        for (int g = 0; g < G; g++) {
#pragma unroll
            for (int q = 0; q < Q; q++) {
                const int j = 4 * (sl + S * q);
                float v[4];
#pragma unroll
                for (int c = 0; c < 4; c++) v[c] = (uvalid && j + c < H) ? whh[(size_t)(g * H + u) * H + j + c] : 0.0f;
                w[g * Q + q] = make_float4(v[0], v[1], v[2], v[3]);
            }
            bias[g] = (writer && p.b_hh != nullptr) ? p.b_hh[(size_t)d * GH + g * H + u] : 0.0f;
        }
    }

    // Both state buffers zeroed (the padding columns H .. HP stay zero), then h_{-1} = the seeded h into buffer 0.
    const size_t stateIdx = ((size_t)d * B + b) * H;
    for (int i = threadIdx.x; i < 2 * HP; i += blockDim.x) shm[i] = 0.0f;
    __syncthreads();
    for (int j = threadIdx.x; j < H; j += blockDim.x) shm[j] = p.h[stateIdx + j];
    float hcur = writer ? p.h[stateIdx + u] : 0.0f;
    float ccur = (G == 4 && writer) ? p.c[stateIdx + u] : 0.0f;

    const int len = p.lengths != nullptr ? p.lengths[b] : T;
    const size_t rowG = (size_t)D * GH, rowH = (size_t)D * H;  // one (t, b) row of gi/gates, of out/cell/hprev
    auto gidx = [&](int t) { return ((size_t)t * B + b) * rowG + (size_t)d * GH + u; };
    auto hidx = [&](int t) { return ((size_t)t * B + b) * rowH + (size_t)d * H + u; };
    if (writer) {
        for (int t = len; t < T; t++) {
            p.out[hidx(t)] = 0.0f;
            if (p.gates != nullptr)
                for (int g = 0; g < G; g++) p.gates[gidx(t) + g * H] = 0.0f;
            if (p.cell != nullptr) p.cell[hidx(t)] = 0.0f;
            if (p.hprev != nullptr) p.hprev[hidx(t)] = 0.0f;
        }
    }
    // Step i of the loop is time t = i (direction 0) or len-1-i (direction 1).
    auto timeOf = [&](int i) { return d == 0 ? i : len - 1 - i; };

    float *ring = shm + 2 * HP;
    auto slot = [&](int i, int g) { return ring + ((size_t)(i & (RNNX_RING - 1)) * G + g) * UPB + ul; };
    // Fetches step i's inputs (i < len) into its slots; every thread commits a group whatever it fetched.
    auto fetch = [&](int i) {
        if (writer && i < len) {
            const float *src = p.gi + gidx(timeOf(i));
#pragma unroll
            for (int g = 0; g < G; g++) rnnx_copy_async(slot(i, g), src + g * H);
        }
        rnnx_copy_commit();
    };
#pragma unroll
    for (int i = 0; i < RNNX_AHEAD; i++) fetch(i);

    // The G recurrent sums of this thread's unit, in every lane of the unit: four accumulators per gate row.
    auto dot = [&](int cur, float (&sum)[G]) {
        const float4 *row = reinterpret_cast<const float4 *>(shm + (size_t)cur * HP);
        float a[G][4];
#pragma unroll
        for (int g = 0; g < G; g++) a[g][0] = a[g][1] = a[g][2] = a[g][3] = 0.0f;
#pragma unroll
        for (int q = 0; q < Q; q++) {
            const float4 hv = row[sl + S * q];
#pragma unroll
            for (int g = 0; g < G; g++) {
                const float4 wq = w[g * Q + q];
                a[g][0] = fmaf(wq.x, hv.x, a[g][0]);
                a[g][1] = fmaf(wq.y, hv.y, a[g][1]);
                a[g][2] = fmaf(wq.z, hv.z, a[g][2]);
                a[g][3] = fmaf(wq.w, hv.w, a[g][3]);
            }
        }
#pragma unroll
        for (int g = 0; g < G; g++) {
            float v = (a[g][0] + a[g][1]) + (a[g][2] + a[g][3]);
#pragma unroll
            for (int o = 1; o < S; o <<= 1) v += __shfl_xor_sync(RNNX_FULL_MASK, v, o);
            sum[g] = v;
        }
    };

#if defined(RNNX_TX_EXCHANGE)
    __shared__ alignas(8) unsigned long long rnnx_gtx_bar[2];
    const unsigned bar0 = (unsigned)__cvta_generic_to_shared(&rnnx_gtx_bar[0]);
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
    // Every block's state and barriers are ready before anyone stores into them.
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (MODE == RNNX_PATH_CLUSTER) cg::this_cluster().sync();
    else __syncthreads();
#else
    __syncthreads();
#endif

    int cur = 0;
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
        // This step's inputs landed; read them before the dot product so that their latency hides behind it.
        rnnx_copy_wait<RNNX_AHEAD - 1>();
        float x[G];
#pragma unroll
        for (int g = 0; g < G; g++) x[g] = writer ? *slot(i, g) : 0.0f;
        fetch(i + RNNX_AHEAD);
        float sum[G];
        dot(cur, sum);
        if (writer) {
            const int t = timeOf(i);
            float gate[G], cellValue, hnew;
            if (G == 4) {
                gate[0] = rnnx_sigmoid(x[0] + (sum[0] + bias[0]));
                gate[1] = rnnx_sigmoid(x[1] + (sum[1] + bias[1]));
                gate[2] = tanhf(x[2] + (sum[2] + bias[2]));
                gate[G - 1] = rnnx_sigmoid(x[G - 1] + (sum[G - 1] + bias[G - 1]));
                cellValue = gate[1] * ccur + gate[0] * gate[2];
                ccur = cellValue;
                hnew = gate[G - 1] * tanhf(cellValue);
            } else {
                gate[0] = rnnx_sigmoid(x[0] + (sum[0] + bias[0]));
                gate[1] = rnnx_sigmoid(x[1] + (sum[1] + bias[1]));
                cellValue = sum[2] + bias[2];  // W_hn h + b_hn, for backward
                gate[2] = tanhf(x[2] + gate[0] * cellValue);
                hnew = (hcur - gate[2]) * gate[1] + gate[2];
            }
            if (MODE == RNNX_PATH_CLUSTER) {
#if defined(RNNX_TX_EXCHANGE)
                const unsigned localSlot = shmBase + (unsigned)(((size_t)nxt * HP + u) * 4);
                for (int q = 0; q < p.blocks_per_group; q++) rnnx_send(localSlot, bar0 + 8u * nxt, q, hnew);
#else
                for (int q = 0; q < p.blocks_per_group; q++) rnnx_cluster_store(shm + (size_t)nxt * HP + u, q, hnew);
#endif
            } else {
                shm[(size_t)nxt * HP + u] = hnew;
            }
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
            if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
            const size_t hi = hidx(t), gi0 = gidx(t);
            p.out[hi] = hnew;
            if (p.gates != nullptr) {
#pragma unroll
                for (int g = 0; g < G; g++) p.gates[gi0 + g * H] = gate[g];
            }
            if (p.cell != nullptr) p.cell[hi] = cellValue;
            if (p.hprev != nullptr) p.hprev[hi] = hcur;
            hcur = hnew;
        } else {
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
            if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
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
    // No block may exit while others still write into it: the last step's values must have arrived.
    if (MODE == RNNX_PATH_CLUSTER && len > 0) rnnx_mbar_wait(bar0 + 8u * cur, (cur ? phase1 : phase0) & 1u);
#endif
    if (writer) {
        p.h[stateIdx + u] = hcur;
        if (G == 4) p.c[stateIdx + u] = ccur;
    }
}

#endif
