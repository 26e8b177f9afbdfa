/*
 * Persistent LSTM (without projection) and GRU recurrence: one launch per layer for all T steps and both directions
 * (blockIdx.y = direction d), after the input projection gi = X W_ih^T + b_ih of all steps (one GEMM, as for the
 * per-step kernels of gated.cuh). The same equations as rnnx_gated_fwd/bwd (accurate expf/tanhf; GRU
 * h = (h - n) * z + n; only the dot products are summed in another order), the same buffers written (out, gates,
 * cell, hprev forward; grad_h, grad_c, delta_ih, delta_hh backward), so the weight gradients and the layer input's
 * gradient run unchanged after it.
 *
 * Mapping. A group of blocks_per_group blocks owns the batch tile [group*BG, group*BG + BG) (BG = batch_per_block
 * <= RNNX_GATED_MAX_BATCH) and splits the H units: block `rank` owns units [u0, u0 + UPB), u0 = rank*UPB. Barrier
 * scope per path, as in recurrence.cuh: BLOCK (one block holds every unit, __syncthreads), CLUSTER (sm_90
 * thread-block cluster: new values stored into every cluster block's shared memory, one cluster barrier), GRID
 * (cooperative launch: new values to global memory `exch`, grid barrier, each block copies its group's rows back
 * into shared memory).
 *
 * Dot products. S = slices lanes of a warp share each dot product (lane sl takes terms k = sl, sl + S, ...) and add
 * their partial sums with xor shuffles: a chain of length/S multiply-adds per lane instead of length (the step is
 * latency-bound at small batches). The resident weights are stored one row per dot product with a row stride of the
 * length rounded up to 32 words plus S (rnnx_gp_stride), so the 32/S rows and S slices of a warp read 32 different
 * banks; the state (or delta) row they multiply is the same for the lanes of one sequence (broadcast).
 *
 * Forward. The block keeps the G*UPB gate rows of W_hh of its units (LSTM i, f, g, o; GRU r, z, n) in shared memory
 * for the whole launch, (G*UPB, stride), and the tile's h_{t-1} (BG, H), double-buffered. Per step: S lanes compute
 * gate row r's pre-activation for every sequence of the tile (each weight read once feeds BG sequences),
 * __syncthreads, one thread per (sequence, unit) applies the cell and publishes h_t into the next state buffer of
 * every block of the group, barrier.
 *
 * Backward (steps last to first). The block keeps the COLUMN slice W_hh[:, u0 .. u0+UPB) resident, (UPB, stride),
 * and owns dL/dh and dL/dc of its units. Per step: one thread per (sequence, unit) forms dL/dh_t = carried + grad_out,
 * the gate deltas and the dL/dc carry, writes them, and publishes the unit's G recurrent deltas into every block's
 * shared delta buffer (BG, G*H), double-buffered; barrier; then the same thread and its S - 1 neighbours compute
 * dL/dh_{t-1} of its own unit, sum over all G*H rows of delta_hh[r] * W_hh[r][u] (+ GRU dL/dh_t * z): the block that
 * computes it is the one that uses it, so dL/dh is never exchanged. The gate activations, c_t (GRU: W_hn h + b_hn) and h_{t-1} are the
 * ones the forward pass KEPT, not recomputed: the weight gradients need them anyway, and recomputing would cost the
 * recurrent product of every step a second time.
 *
 * Variable lengths as the per-step kernels: a sequence past its length writes zeros at t = s and carries its state
 * unchanged. The running state lives in shared memory during the launch; it is read from p.h / p.c (the host seeds
 * h0, c0 or grad_h_n, grad_c_n) and the final one is written back there for the host to copy out.
 */
#ifndef RNNX_GATED_PERSIST_CUH
#define RNNX_GATED_PERSIST_CUH

#include "gated.cuh"
#include "recurrence.cuh"

/* This block's rank within its group of blocks (its cluster rank on the CLUSTER path). */
template <int MODE>
__device__ __forceinline__ int rnnx_gp_rank(const GatedStepArgs &p) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (MODE == RNNX_PATH_CLUSTER) return (int)cg::this_cluster().block_rank();
#endif
    return (int)(blockIdx.x % p.blocks_per_group);
}

/* The one barrier of a step, at the scope of the path; it also orders the block's own threads. */
template <int MODE>
__device__ __forceinline__ void rnnx_gp_barrier() {
    if (MODE == RNNX_PATH_BLOCK) {
        __syncthreads();
    } else if (MODE == RNNX_PATH_CLUSTER) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
        cg::this_cluster().sync();
#endif
    } else {
        cg::this_grid().sync();
    }
}

/*
 * v into word `off` of the shared memory of every block of the group (BLOCK: this block's only), or on the GRID path
 * into global memory at exch_slot, whence every block of the group copies it after the grid barrier.
 */
template <int MODE>
__device__ __forceinline__ void rnnx_gp_publish(float *shm, size_t off, float v, int blocks, float *exch_slot) {
    if (MODE == RNNX_PATH_BLOCK) {
        shm[off] = v;
    } else if (MODE == RNNX_PATH_CLUSTER) {
        for (int q = 0; q < blocks; q++) rnnx_cluster_store(shm + off, q, v);
    } else {
        *exch_slot = v;
    }
}

/* Row stride of a resident weight slice whose dot products have length n, split over S lanes (see above). */
__device__ __forceinline__ int rnnx_gp_stride(int n, int S) { return (n + 31) / 32 * 32 + S; }

/* Adds v over the S lanes of a dot product (aligned groups of S lanes); every lane of the warp must call it. */
__device__ __forceinline__ float rnnx_gp_reduce(float v, int S) {
    for (int o = 1; o < S; o <<= 1) v += __shfl_xor_sync(RNNX_FULL_MASK, v, o);
    return v;
}

/* GRID: copies n floats of the group's rows from global exch into shared dst (after the grid barrier). */
__device__ __forceinline__ void rnnx_gp_stage(float *dst, const float *src, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) dst[i] = __ldcg(src + i);
    __syncthreads();
}

template <int MODE>
__device__ __forceinline__ void rnnx_gated_persist_fwd(const GatedStepArgs &p) {
    const int H = p.H, D = p.D, B = p.B, T = p.T, d = blockIdx.y;
    const bool lstm = p.mode == RNNX_CELL_LSTM;
    const int G = lstm ? 4 : 3, GH = G * H;
    const int UPB = p.units_per_block, GU = G * UPB, BG = p.batch_per_block;
    const int rank = rnnx_gp_rank<MODE>(p), group = blockIdx.x / p.blocks_per_group;
    const int u0 = rank * UPB, b0 = group * BG, nb = min(BG, B - b0);
    const int nu = min(UPB, H - u0);  // units this block owns (the last block of a group may own fewer)
    const int S = p.slices, FS = rnnx_gp_stride(H, S);
    float *shm = rnnx_dynamic_shared();
    float *ws = shm;                         // (GU, FS): ws[r*FS + k] = W_hh[g*H + u0 + ul][k], r = g*UPB + ul
    float *hs = ws + (size_t)GU * FS;        // (2, BG, H): h_{t-1} of the tile, double-buffered
    float *pre = hs + 2 * (size_t)BG * H;    // (BG, GU): W_hh h_{t-1} + b_hh of the block's gate rows
    float *cs = pre + (size_t)BG * GU;       // (BG, UPB): LSTM c of the block's units
    float *hstate = p.h + (size_t)d * B * H, *cstate = p.c + (size_t)d * B * H;
    const float *whh = p.w_hh + (size_t)d * GH * H;
    const float *bhh = p.b_hh != nullptr ? p.b_hh + (size_t)d * GH : nullptr;
    float *exch = p.exch + (size_t)d * B * H;  // GRID: (2, D, B, H), buffer `nxt` at nxt*D*B*H

    for (int i = threadIdx.x; i < GU * H; i += blockDim.x) {
        const int r = i / H, k = i - r * H, g = r / UPB, ul = r - g * UPB;
        ws[(size_t)r * FS + k] = ul < nu ? whh[(size_t)(g * H + u0 + ul) * H + k] : 0.0f;
    }
    for (int i = threadIdx.x; i < nb * H; i += blockDim.x) hs[i] = hstate[(size_t)b0 * H + i];
    if (lstm) {
        for (int i = threadIdx.x; i < nb * UPB; i += blockDim.x) {
            const int bi = i / UPB, ul = i - bi * UPB;
            if (ul < nu) cs[i] = cstate[(size_t)(b0 + bi) * H + u0 + ul];
        }
    }
    // CLUSTER: every block of the cluster runs (and has loaded its state) before anyone stores into it.
    if (MODE == RNNX_PATH_GRID) __syncthreads();
    else rnnx_gp_barrier<MODE>();

    int cur = 0;
    for (int s = 0; s < T; s++) {
        const int nxt = cur ^ 1;
        const float *hc = hs + (size_t)cur * BG * H;
        // Gate row r's pre-activations over S lanes; the loop is uniform over the block (shuffles inside).
        for (int j0 = 0; j0 < GU * S; j0 += blockDim.x) {
            const int j = j0 + threadIdx.x, r = j / S, sl = j - r * S;
            const int g = r / UPB, ul = r - g * UPB;
            const bool valid = r < GU && ul < nu;
            float acc[RNNX_GATED_MAX_BATCH];
#pragma unroll
            for (int bi = 0; bi < RNNX_GATED_MAX_BATCH; bi++) acc[bi] = 0.0f;
            if (valid) {
                const float *w = ws + (size_t)r * FS;
                for (int k = sl; k < H; k += S) {
                    const float wk = w[k];
#pragma unroll
                    for (int bi = 0; bi < RNNX_GATED_MAX_BATCH; bi++) {
                        if (bi < nb) acc[bi] = fmaf(hc[bi * H + k], wk, acc[bi]);
                    }
                }
            }
#pragma unroll
            for (int bi = 0; bi < RNNX_GATED_MAX_BATCH; bi++) {
                if (bi < nb) acc[bi] = rnnx_gp_reduce(acc[bi], S);
            }
            if (!valid || sl != 0) continue;
            const float bias = bhh != nullptr ? bhh[g * H + u0 + ul] : 0.0f;
#pragma unroll
            for (int bi = 0; bi < RNNX_GATED_MAX_BATCH; bi++) {
                if (bi < nb) pre[bi * GU + r] = acc[bi] + bias;
            }
        }
        __syncthreads();
        const size_t nextOff = (size_t)(hs - shm) + (size_t)nxt * BG * H;
        for (int i = threadIdx.x; i < nb * UPB; i += blockDim.x) {
            const int bi = i / UPB, ul = i - bi * UPB, u = u0 + ul, b = b0 + bi;
            if (ul >= nu) continue;
            int t;
            const bool active = rnnx_gated_active(p, b, s, &t);
            const size_t row = (size_t)(active ? t : s) * B + b;  // padding rows are written with zeros at t = s
            const size_t gidx = row * D * GH + (size_t)d * GH + u, hidx = row * D * H + (size_t)d * H + u;
            const float hprev = hc[bi * H + u];
            float hnew = hprev;  // past its length a sequence keeps its state
            if (!active) {
                if (p.gates != nullptr)
                    for (int g = 0; g < G; g++) p.gates[gidx + g * H] = 0.0f;
                if (p.cell != nullptr) p.cell[hidx] = 0.0f;
            } else {
                const float *gi = p.gi + gidx;
                const float *a = pre + bi * GU + ul;  // a[g * UPB]: gate g's recurrent pre-activation
                float gate[4];
                if (lstm) {
                    gate[0] = rnnx_sigmoid(gi[0] + a[0]);
                    gate[1] = rnnx_sigmoid(gi[H] + a[UPB]);
                    gate[2] = tanhf(gi[2 * H] + a[2 * UPB]);
                    gate[3] = rnnx_sigmoid(gi[3 * H] + a[3 * UPB]);
                    const float c = gate[1] * cs[i] + gate[0] * gate[2];
                    cs[i] = c;
                    if (p.cell != nullptr) p.cell[hidx] = c;
                    hnew = gate[3] * tanhf(c);
                } else {
                    gate[0] = rnnx_sigmoid(gi[0] + a[0]);
                    gate[1] = rnnx_sigmoid(gi[H] + a[UPB]);
                    gate[2] = tanhf(gi[2 * H] + gate[0] * a[2 * UPB]);
                    if (p.cell != nullptr) p.cell[hidx] = a[2 * UPB];  // W_hn h + b_hn, for backward
                    hnew = (hprev - gate[2]) * gate[1] + gate[2];
                }
                if (p.gates != nullptr)
                    for (int g = 0; g < G; g++) p.gates[gidx + g * H] = gate[g];
            }
            p.out[hidx] = active ? hnew : 0.0f;
            if (p.hprev != nullptr) p.hprev[hidx] = active ? hprev : 0.0f;
            rnnx_gp_publish<MODE>(shm, nextOff + (size_t)bi * H + u, hnew, p.blocks_per_group,
                                  exch + (size_t)nxt * D * B * H + (size_t)b * H + u);
        }
        rnnx_gp_barrier<MODE>();
        if (MODE == RNNX_PATH_GRID) rnnx_gp_stage(hs + (size_t)nxt * BG * H, exch + (size_t)nxt * D * B * H + (size_t)b0 * H, nb * H);
        cur = nxt;
    }
    // The final state of the block's units, for h_n and c_n (every block read p.h before the first barrier).
    for (int i = threadIdx.x; i < nb * UPB; i += blockDim.x) {
        const int bi = i / UPB, ul = i - bi * UPB, u = u0 + ul;
        if (ul >= nu) continue;
        hstate[(size_t)(b0 + bi) * H + u] = hs[(size_t)cur * BG * H + bi * H + u];
        if (lstm) cstate[(size_t)(b0 + bi) * H + u] = cs[i];
    }
}

template <int MODE>
__device__ __forceinline__ void rnnx_gated_persist_bwd(const GatedStepArgs &p) {
    const int H = p.H, D = p.D, B = p.B, T = p.T, d = blockIdx.y;
    const bool lstm = p.mode == RNNX_CELL_LSTM;
    const int G = lstm ? 4 : 3, GH = G * H;
    const int UPB = p.units_per_block, BG = p.batch_per_block;
    const int rank = rnnx_gp_rank<MODE>(p), group = blockIdx.x / p.blocks_per_group;
    const int u0 = rank * UPB, b0 = group * BG, nb = min(BG, B - b0);
    const int nu = min(UPB, H - u0);
    const int S = p.slices, BS = rnnx_gp_stride(GH, S), items = nb * UPB;
    float *shm = rnnx_dynamic_shared();
    float *wc = shm;                          // (UPB, BS): wc[ul*BS + r] = W_hh[r][u0 + ul]
    float *ds = wc + (size_t)UPB * BS;        // (2, BG, GH): delta_hh of the tile, double-buffered
    float *dh = ds + 2 * (size_t)BG * GH;     // (BG, UPB): running dL/dh of the block's units
    float *dc = dh + (size_t)BG * UPB;        // (BG, UPB): LSTM running dL/dc
    float *gt = dc + (size_t)BG * UPB;        // (BG, UPB): dL/dh_t of the step (GRU's z term)
    float *dhstate = p.h + (size_t)d * B * H, *dcstate = p.c + (size_t)d * B * H;
    const float *whhT = p.w_hh_t + (size_t)d * H * GH;  // row u of W_hh^T is column u of W_hh
    float *exch = p.exch + (size_t)d * B * GH;  // GRID: (2, D, B, GH), buffer `cur` at cur*D*B*GH

    for (int i = threadIdx.x; i < UPB * GH; i += blockDim.x) {
        const int ul = i / GH, r = i - ul * GH;
        wc[(size_t)ul * BS + r] = ul < nu ? whhT[(size_t)(u0 + ul) * GH + r] : 0.0f;
    }
    for (int i = threadIdx.x; i < items; i += blockDim.x) {
        const int bi = i / UPB, ul = i - bi * UPB;
        if (ul >= nu) continue;
        dh[i] = dhstate[(size_t)(b0 + bi) * H + u0 + ul];
        if (lstm) dc[i] = dcstate[(size_t)(b0 + bi) * H + u0 + ul];
    }
    if (MODE == RNNX_PATH_GRID) __syncthreads();
    else rnnx_gp_barrier<MODE>();

    int cur = 0;
    for (int r = 0; r < T; r++) {
        const int s = T - 1 - r;
        const size_t bufOff = (size_t)(ds - shm) + (size_t)cur * BG * GH;
        // Item i = (sequence bi, unit ul) belongs to lane 0 of its S lanes, here and in the sum below, so dh, dc and
        // gt need no barrier of their own.
        for (int j0 = 0; j0 < items * S; j0 += blockDim.x) {
            const int j = j0 + threadIdx.x, i = j / S;
            if (j != i * S || i >= items) continue;
            const int bi = i / UPB, ul = i - bi * UPB, u = u0 + ul, b = b0 + bi;
            if (ul >= nu) continue;
            int t;
            const bool active = rnnx_gated_active(p, b, s, &t);
            const size_t row = (size_t)(active ? t : s) * B + b;
            const size_t gidx = row * D * GH + (size_t)d * GH + u, hidx = row * D * H + (size_t)d * H + u;
            const float g = active ? dh[i] + (p.grad_out != nullptr ? p.grad_out[hidx] : 0.0f) : 0.0f;
            p.grad_h[hidx] = g;
            gt[i] = g;
            float dhh[4] = {0.0f, 0.0f, 0.0f, 0.0f};  // this unit's recurrent deltas, gate by gate
            if (!active) {
                for (int k = 0; k < G; k++) {
                    p.delta_ih[gidx + k * H] = 0.0f;
                    p.delta_hh[gidx + k * H] = 0.0f;
                }
                if (lstm) p.grad_c[hidx] = 0.0f;
            } else {
                rnnx_gated_cell_grad(p, lstm, s, t, b, u, gidx, hidx, g, dc[i], dhh);
            }
            for (int k = 0; k < G; k++) {
                const size_t col = (size_t)bi * GH + k * H + u;
                rnnx_gp_publish<MODE>(shm, bufOff + col, dhh[k], p.blocks_per_group,
                                      exch + (size_t)cur * D * B * GH + (size_t)b0 * GH + col);
            }
        }
        rnnx_gp_barrier<MODE>();
        float *dcur = ds + (size_t)cur * BG * GH;
        if (MODE == RNNX_PATH_GRID) rnnx_gp_stage(dcur, exch + (size_t)cur * D * B * GH + (size_t)b0 * GH, nb * GH);
        // dL/dh_{t-1} of each (sequence, unit) = delta_hh W_hh (+ dL/dh_t * z for GRU), over S lanes; unchanged
        // past the sequence's length. The loop is uniform over the block (shuffles inside).
        for (int j0 = 0; j0 < items * S; j0 += blockDim.x) {
            const int j = j0 + threadIdx.x, i = j / S, sl = j - i * S;
            const int bi = i / UPB, ul = i - bi * UPB, u = u0 + ul, b = b0 + bi;
            int t = 0;
            const bool valid = i < items && ul < nu && rnnx_gated_active(p, b, s, &t);
            float acc = 0.0f;
            if (valid) {
                const float *drow = dcur + (size_t)bi * GH, *w = wc + (size_t)ul * BS;
                for (int k = sl; k < GH; k += S) acc = fmaf(drow[k], w[k], acc);
            }
            acc = rnnx_gp_reduce(acc, S);
            if (!valid || sl != 0) continue;
            if (!lstm) acc += gt[i] * p.gates[((size_t)t * B + b) * D * GH + (size_t)d * GH + H + u];
            dh[i] = acc;
        }
        cur ^= 1;
    }
    __syncthreads();  // the final dh and dc were written by their owners
    for (int i = threadIdx.x; i < nb * UPB; i += blockDim.x) {
        const int bi = i / UPB, ul = i - bi * UPB, u = u0 + ul;
        if (ul >= nu) continue;
        dhstate[(size_t)(b0 + bi) * H + u] = dh[i];
        if (lstm) dcstate[(size_t)(b0 + bi) * H + u] = dc[i];
    }
}

#endif
