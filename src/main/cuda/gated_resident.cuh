/*
 * Persistent LSTM (without projection) and GRU recurrence with W_hh in REGISTERS, one sequence per group of blocks
 * (BLOCK or CLUSTER path), forward and backward: the RNN's single-sequence loop (rnnx_single_sequence in
 * recurrence.cuh) carried over to gated cells.
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
 * Backward (steps last to first) swaps rows and columns as gated_persist.cuh's does: thread (ul, sl) holds slice sl
 * of COLUMN u of W_hh (its G*H rows r: float4 number sl + S*q, so G*H <= S*KPT), the exchanged state is the step's
 * recurrent deltas delta_hh (G*H values, each unit publishing its G), and a step is: the dot product of the previous
 * step's deltas with the column, dL/dh_{t-1} of the unit (+ GRU's dL/dh_t * z); the writer adds grad_out, applies the
 * cell's backward (rnnx_gated_cell_grad_values: the gates, c_t and c_{t-1} or W_hn h + b_hn and h_{t-1} the forward
 * pass kept, not recomputed, as there) to get the unit's G deltas, writes grad_h, grad_c, delta_ih (and GRU's
 * delta_hh), publishes its deltas and carries dL/dc. The values it reads come through the same ring.
 *
 * Variable lengths: the group's one sequence has one length, so the steps past it (zeros at t >= len) are written
 * first and the loop runs exactly len steps; h_n and c_n (backward: dL/dh_0, dL/dc_0) are the state after the
 * sequence's own last step.
 *
 * Dynamic shared memory (GatedPlan.residentSharedBytes): the state (2, HP) and the ring (RNNX_RING, NIN, UPB) of NIN
 * inputs a step: forward the G gi values; backward grad_out, the G gates and two of c_t, c_{t-1} (LSTM) or h_{t-1},
 * W_hn h + b_hn (GRU).
 */
#ifndef RNNX_GATED_RESIDENT_CUH
#define RNNX_GATED_RESIDENT_CUH

#include "gated_persist.cuh"

/* Inputs per step and writer in the ring: forward gi of each gate; backward grad_out, the gates and two more. */
template <bool BWD, int G>
__host__ __device__ constexpr int rnnx_gr_inputs() {
    return BWD ? G + 3 : G;
}

template <bool BWD, int MODE, int G, int S, int KPT>
__device__ __forceinline__ void rnnx_gated_resident(const GatedStepArgs &p) {
    static_assert(G == 3 || G == 4, "LSTM (4 gates) or GRU (3)");
    static_assert(S >= 1 && S <= 32 && (S & (S - 1)) == 0 && KPT % 4 == 0, "S a power of two, KPT whole float4s");
    constexpr bool LSTM = G == 4;
    constexpr int Q = KPT / 4;
    constexpr int HP = S * KPT;    // padded state: h (forward, H) or delta_hh (backward, G*H)
    constexpr int R = BWD ? 1 : G;  // dot products per thread: the unit's G gate rows, or its one column
    constexpr int NIN = rnnx_gr_inputs<BWD, G>();
    const int H = p.H, D = p.D, B = p.B, T = p.T, d = blockIdx.y, GH = G * H;
    const int N = BWD ? GH : H;  // the state's length
    const int UPB = p.units_per_block;
    const int rank = rnnx_gp_rank<MODE>(p);
    const int b = blockIdx.x / p.blocks_per_group;  // the group's one sequence
    const int ul = threadIdx.x / S, sl = threadIdx.x % S;
    const int u = rank * UPB + ul;
    const bool uvalid = ul < UPB && u < H;
    const bool writer = uvalid && sl == 0;
    float *shm = rnnx_dynamic_shared();  // (2, HP) state, then the ring

    // This thread's weights: forward w[g * Q + q] = W_hh[g*H + u][4*(sl + S*q) .. +3]; backward w[q] =
    // W_hh[4*(sl + S*q) .. +3][u]; zero outside the state's length (and for idle threads).
    float4 w[R * Q];
    float bias[G];
    {
        const float *whh = p.w_hh + (size_t)d * GH * H;  // (GH, H)
#pragma unroll
        for (int r = 0; r < R; r++) {
#pragma unroll
            for (int q = 0; q < Q; q++) {
                const int j = 4 * (sl + S * q);
                float v[4];
#pragma unroll
                for (int c = 0; c < 4; c++) {
                    const bool in = uvalid && j + c < N;
                    v[c] = !in ? 0.0f : BWD ? whh[(size_t)(j + c) * H + u] : whh[(size_t)(r * H + u) * H + j + c];
                }
                w[r * Q + q] = make_float4(v[0], v[1], v[2], v[3]);
            }
        }
#pragma unroll
        for (int g = 0; g < G; g++)
            bias[g] = (!BWD && writer && p.b_hh != nullptr) ? p.b_hh[(size_t)d * GH + g * H + u] : 0.0f;
    }

    // Both state buffers zeroed (the padding stays zero); forward: h_{-1} = the seeded h into buffer 0. Backward's
    // buffer 0 stays zero: the first step's carried dL/dh is the seed itself.
    const size_t stateIdx = ((size_t)d * B + b) * H;
    for (int i = threadIdx.x; i < 2 * HP; i += blockDim.x) shm[i] = 0.0f;
    __syncthreads();
    if (!BWD)
        for (int j = threadIdx.x; j < H; j += blockDim.x) shm[j] = p.h[stateIdx + j];
    float hcur = writer ? p.h[stateIdx + u] : 0.0f;  // forward h_{t-1}; backward the seeded dL/dh_n
    float ccur = (LSTM && writer) ? p.c[stateIdx + u] : 0.0f;  // forward c_{t-1}; backward the carried dL/dc
    float gz = 0.0f;  // backward GRU: dL/dh_t * z_t of the step before, part of dL/dh_{t-1}

    const int len = p.lengths != nullptr ? p.lengths[b] : T;
    const size_t rowG = (size_t)D * GH, rowH = (size_t)D * H;  // one (t, b) row of gi/gates, of out/cell/hprev
    auto gidx = [&](int t) { return ((size_t)t * B + b) * rowG + (size_t)d * GH + u; };
    auto hidx = [&](int t) { return ((size_t)t * B + b) * rowH + (size_t)d * H + u; };
    if (writer) {
        for (int t = len; t < T; t++) {
            if (BWD) {
                p.grad_h[hidx(t)] = 0.0f;
                if (LSTM) p.grad_c[hidx(t)] = 0.0f;
                for (int g = 0; g < G; g++) {
                    p.delta_ih[gidx(t) + g * H] = 0.0f;
                    if (!LSTM) p.delta_hh[gidx(t) + g * H] = 0.0f;
                }
            } else {
                p.out[hidx(t)] = 0.0f;
                if (p.gates != nullptr)
                    for (int g = 0; g < G; g++) p.gates[gidx(t) + g * H] = 0.0f;
                if (p.cell != nullptr) p.cell[hidx(t)] = 0.0f;
                if (p.hprev != nullptr) p.hprev[hidx(t)] = 0.0f;
            }
        }
    }
    // Loop step i is forward step j = i (backward: len-1-i), time t = j (direction 1: len-1-j).
    auto stepOf = [&](int i) { return BWD ? len - 1 - i : i; };
    auto timeOf = [&](int j) { return d == 0 ? j : len - 1 - j; };

    float *ring = shm + 2 * HP;
    auto slot = [&](int i, int k) { return ring + ((size_t)(i & (RNNX_RING - 1)) * NIN + k) * UPB + ul; };
    // Fetches loop step i's inputs (i < len) into its slots; every thread commits a group whatever it fetched.
    auto fetch = [&](int i) {
        if (writer && i < len) {
            const int j = stepOf(i), t = timeOf(j);
            if (!BWD) {
                const float *src = p.gi + gidx(t);
#pragma unroll
                for (int g = 0; g < G; g++) rnnx_copy_async(slot(i, g), src + g * H);
            } else {
                if (p.grad_out != nullptr) rnnx_copy_async(slot(i, 0), p.grad_out + hidx(t));
                else *slot(i, 0) = 0.0f;
#pragma unroll
                for (int g = 0; g < G; g++) rnnx_copy_async(slot(i, 1 + g), p.gates + gidx(t) + g * H);
                rnnx_copy_async(slot(i, G + 1), p.cell + hidx(t));  // c_t, or W_hn h + b_hn
                if (!LSTM) rnnx_copy_async(slot(i, G + 2), p.hprev + hidx(t));
                else if (j > 0) rnnx_copy_async(slot(i, G + 2), p.cell + hidx(timeOf(j - 1)));  // c_{t-1}
                else if (p.c0 != nullptr) rnnx_copy_async(slot(i, G + 2), p.c0 + stateIdx + u);
                else *slot(i, G + 2) = 0.0f;
            }
        }
        rnnx_copy_commit();
    };
#pragma unroll
    for (int i = 0; i < RNNX_AHEAD; i++) fetch(i);

    // The R sums of this thread's unit, in every lane of the unit: four accumulators per row.
    auto dot = [&](int cur, float (&sum)[R]) {
        const float4 *row = reinterpret_cast<const float4 *>(shm + (size_t)cur * HP);
        float a[R][4];
#pragma unroll
        for (int r = 0; r < R; r++) a[r][0] = a[r][1] = a[r][2] = a[r][3] = 0.0f;
#pragma unroll
        for (int q = 0; q < Q; q++) {
            const float4 hv = row[sl + S * q];
#pragma unroll
            for (int r = 0; r < R; r++) {
                const float4 wq = w[r * Q + q];
                a[r][0] = fmaf(wq.x, hv.x, a[r][0]);
                a[r][1] = fmaf(wq.y, hv.y, a[r][1]);
                a[r][2] = fmaf(wq.z, hv.z, a[r][2]);
                a[r][3] = fmaf(wq.w, hv.w, a[r][3]);
            }
        }
#pragma unroll
        for (int r = 0; r < R; r++) {
            float v = (a[r][0] + a[r][1]) + (a[r][2] + a[r][3]);
#pragma unroll
            for (int o = 1; o < S; o <<= 1) v += __shfl_xor_sync(RNNX_FULL_MASK, v, o);
            sum[r] = v;
        }
    };

#if defined(RNNX_TX_EXCHANGE)
    __shared__ alignas(8) unsigned long long rnnx_gtx_bar[2];
    const unsigned bar0 = (unsigned)__cvta_generic_to_shared(&rnnx_gtx_bar[0]);
    const unsigned txBytes = (unsigned)N * 4u;  // every unit's values land in every block
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

    // v into word `off` of the next state buffer of every block of the group.
    auto publish = [&](int nxt, int off, float v) {
        if (MODE == RNNX_PATH_CLUSTER) {
#if defined(RNNX_TX_EXCHANGE)
            const unsigned localSlot = shmBase + (unsigned)(((size_t)nxt * HP + off) * 4);
            for (int q = 0; q < p.blocks_per_group; q++) rnnx_send(localSlot, bar0 + 8u * nxt, q, v);
#else
            for (int q = 0; q < p.blocks_per_group; q++) rnnx_cluster_store(shm + (size_t)nxt * HP + off, q, v);
#endif
        } else {
            shm[(size_t)nxt * HP + off] = v;
        }
    };

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
        float x[NIN];
#pragma unroll
        for (int k = 0; k < NIN; k++) x[k] = writer ? *slot(i, k) : 0.0f;
        fetch(i + RNNX_AHEAD);
        float sum[R];
        dot(cur, sum);
        if (writer) {
            const int t = timeOf(stepOf(i));
            const size_t hi = hidx(t), gi0 = gidx(t);
            if constexpr (BWD) {
                // dL/dh_t: the seed at the sequence's last step, else W_hh^T delta_hh of the step after (+ GRU's
                // dL/dh_{t+1} * z_{t+1}); then the output's gradient.
                const float carried = i == 0 ? hcur : sum[0] + gz;
                const float g = carried + x[0];
                const float gate[4] = {x[1], x[2], x[3], LSTM ? x[G] : 0.0f};
                float gradc = 0.0f, dih[4], dhh[4];
                rnnx_gated_cell_grad_values(LSTM, gate, x[G + 1], x[G + 2], g, ccur, gradc, dih, dhh);
#pragma unroll
                for (int k = 0; k < G; k++) publish(nxt, k * H + u, dhh[k]);
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
                if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
                p.grad_h[hi] = g;
                if (LSTM) p.grad_c[hi] = gradc;
#pragma unroll
                for (int k = 0; k < G; k++) {
                    p.delta_ih[gi0 + k * H] = dih[k];
                    if (!LSTM) p.delta_hh[gi0 + k * H] = dhh[k];
                }
                gz = LSTM ? 0.0f : g * gate[1];
            } else {
                float gate[G], cellValue, hnew;
                if constexpr (LSTM) {
                    gate[0] = rnnx_sigmoid(x[0] + (sum[0] + bias[0]));
                    gate[1] = rnnx_sigmoid(x[1] + (sum[1] + bias[1]));
                    gate[2] = tanhf(x[2] + (sum[2] + bias[2]));
                    gate[3] = rnnx_sigmoid(x[3] + (sum[3] + bias[3]));
                    cellValue = gate[1] * ccur + gate[0] * gate[2];
                    ccur = cellValue;
                    hnew = gate[3] * tanhf(cellValue);
                } else {
                    gate[0] = rnnx_sigmoid(x[0] + (sum[0] + bias[0]));
                    gate[1] = rnnx_sigmoid(x[1] + (sum[1] + bias[1]));
                    cellValue = sum[2] + bias[2];  // W_hn h + b_hn, for backward
                    gate[2] = tanhf(x[2] + gate[0] * cellValue);
                    hnew = (hcur - gate[2]) * gate[1] + gate[2];
                }
                publish(nxt, u, hnew);
#if !defined(RNNX_TX_EXCHANGE) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
                if (MODE == RNNX_PATH_CLUSTER) __cluster_barrier_arrive();
#endif
                p.out[hi] = hnew;
                if (p.gates != nullptr) {
#pragma unroll
                    for (int g = 0; g < G; g++) p.gates[gi0 + g * H] = gate[g];
                }
                if (p.cell != nullptr) p.cell[hi] = cellValue;
                if (p.hprev != nullptr) p.hprev[hi] = hcur;
                hcur = hnew;
            }
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
    // The last step's values: backward needs them for dL/dh_0, and no block may exit while others still write into it.
    if (MODE == RNNX_PATH_CLUSTER && len > 0) rnnx_mbar_wait(bar0 + 8u * cur, (cur ? phase1 : phase0) & 1u);
#endif
    if constexpr (BWD) {
        float sum[R];
        dot(cur, sum);  // dL/dh_0 = W_hh^T delta_hh of the sequence's first step (+ GRU's term)
        if (writer) {
            p.h[stateIdx + u] = len > 0 ? sum[0] + gz : hcur;
            if (LSTM) p.c[stateIdx + u] = ccur;
        }
    } else if (writer) {
        p.h[stateIdx + u] = hcur;
        if (LSTM) p.c[stateIdx + u] = ccur;
    }
}

#endif
